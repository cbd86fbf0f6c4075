//! Parses the built-in lessons at build time. The binary carries each one twice: its YAML (shown
//! and copied into sandboxes) and the parsed lesson model as JSON, which is all `start`, `list` and
//! `check` need. Parsing YAML with line and column spans was close to half of what `start` did.
//!
//! Validation stays where it was: the test suite parses and validates every built-in lesson from
//! its YAML with the real loader and checks that the embedded model is the same
//! (`lesson::catalog::tests`).

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/lesson/model.rs"]
mod model;

/// Predicates carry their evaluation (git2, the checker's context), which a build script cannot
/// compile; here they are kept as the plain data they are in the YAML. The runtime reads them
/// from the embedded JSON into their real types, with every default filled in, and the tests
/// hold the result to the lesson parsed from its YAML (`lesson::catalog::tests`).
type Predicate = serde_json::Value;

fn main() {
    println!("cargo::rerun-if-changed=lessons");
    println!("cargo::rerun-if-changed=course.txt");
    println!("cargo::rerun-if-changed=src/lesson/model.rs");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons");
    std::fs::create_dir_all(&out).expect("cannot create OUT_DIR/lessons");
    let mut files: Vec<PathBuf> = std::fs::read_dir("lessons")
        .expect("cannot read lessons/")
        .map(|e| e.expect("cannot read lessons/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let embedded: Vec<Embedded> = files.iter().map(|file| embed(file, &out)).collect();
    course(&embedded, &out);
}

/// What the course list carries of each lesson besides its files: enough for `check`'s "Well
/// done!" line and for the sandbox's digest check without decoding a lesson.
struct Embedded {
    file: PathBuf,
    title: String,
    /// SHA-256 of the YAML, as `lesson::digest` computes it (a test holds the two equal).
    digest: String,
}

/// The course order, from course.txt, as the list `lesson::catalog` includes: every
/// lesson file exactly once, so that none is built but never offered.
fn course(embedded: &[Embedded], out: &Path) {
    let text = std::fs::read_to_string("course.txt").expect("cannot read course.txt");
    let ids: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for (n, id) in ids.iter().enumerate() {
        assert!(
            Path::new("lessons").join(format!("{id}.yaml")).is_file(),
            "course.txt names `{id}`, but there is no lessons/{id}.yaml"
        );
        assert!(!ids[..n].contains(id), "course.txt names `{id}` twice");
    }
    for e in embedded {
        let file = &e.file;
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(
            ids.contains(&stem),
            "{} is not in course.txt: add its id where it belongs in the course",
            file.display()
        );
    }
    let list: String = ids
        .iter()
        .map(|id| {
            let e = embedded
                .iter()
                .find(|e| e.file.file_stem().and_then(|s| s.to_str()) == Some(*id))
                .expect("every id in course.txt has its file, checked above");
            format!("    builtin!({id:?}, {:?}, {:?}),\n", e.title, e.digest)
        })
        .collect();
    let target = out.join("course.rs");
    std::fs::write(&target, format!("&[\n{list}]\n"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

fn embed(file: &Path, out: &Path) -> Embedded {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let lesson: model::Lesson = serde_saphyr::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{}: not a valid lesson: {e}\n(`cargo run -- lesson validate {0}` says more)",
            file.display()
        )
    });
    let json = serde_json::to_string(&lesson).expect("a lesson always encodes as JSON");
    let stem = file.file_stem().expect("a lesson file has a name");
    let target = out.join(stem).with_extension("json");
    std::fs::write(&target, json)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Embedded {
        file: file.to_path_buf(),
        title: lesson.title,
        digest,
    }
}
