//! The contract scripts rely on lives in the repository (docs/CONTRACT.md), word for word the
//! shared one the acceptance tests use, and the README points at both it and what git-kata adds.

use std::path::PathBuf;

fn repo_file(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Where the shared contract is on a machine that has it (the project's own workspace sets no
/// variable; elsewhere `GIT_KATA_SHARED_CONTRACT` names a copy to compare with).
fn shared_contract() -> Option<PathBuf> {
    std::env::var_os("GIT_KATA_SHARED_CONTRACT")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/work/shared/CONTRACT.md")))
        .filter(|p| p.is_file())
}

#[test]
fn the_contract_in_the_repository_is_the_shared_one() {
    let ours = repo_file("docs/CONTRACT.md");
    assert!(ours.starts_with("# git-kata: the contract"), "{ours}");
    match shared_contract() {
        Some(shared) => {
            let theirs = std::fs::read_to_string(&shared).unwrap();
            assert_eq!(
                ours,
                theirs,
                "docs/CONTRACT.md differs from {}: copy it over (cp {} docs/CONTRACT.md) and \
                 check that docs/contract-additions.md still holds",
                shared.display(),
                shared.display()
            );
        }
        // A clone elsewhere (CI on GitHub) has only the repository's copy to check.
        None => eprintln!("no shared CONTRACT.md here; checked docs/CONTRACT.md alone"),
    }
}

#[test]
fn the_readme_links_the_contract_and_the_additions() {
    let readme = repo_file("README.md");
    assert!(
        readme.contains("(docs/CONTRACT.md)"),
        "README links docs/CONTRACT.md"
    );
    assert!(readme.contains("(docs/contract-additions.md)"));
    let additions = repo_file("docs/contract-additions.md");
    assert!(additions.contains("(CONTRACT.md)"));
}
