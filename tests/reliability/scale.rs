//! Big working trees: `status` reads the working tree once, however many paths changed, and
//! draws a capped list. (How fast it is lives in the benchmark, not in a timed assertion.)

use super::*;

#[test]
fn status_with_thousands_of_untracked_files_finishes_and_caps_its_list() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-message", "big");
    let repo = dir.join("payments-api");
    let many = repo.join("generated");
    std::fs::create_dir(&many).unwrap();
    for i in 0..3000 {
        std::fs::write(many.join(format!("f{i:04}.txt")), "x\n").unwrap();
    }
    let out = kata_bounded(&env, &repo, &["status"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let text = stdout(&out);
    assert!(text.contains("more"), "the list is not capped:\n{text}");
    assert!(text.lines().count() < 200, "{} lines", text.lines().count());
}
