//! Every built-in lesson proves itself: not solved as built, solved by its reference solution
//! played with the real git CLI, and failed by each of its mistakes with that mistake recognised.

use git_kata::lesson::Catalog;

#[test]
fn every_builtin_lesson_is_proven() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let mut failures = Vec::new();
    for (_, lesson) in &catalog.lessons {
        for p in git_kata::prove::prove(lesson).expect("the proof runs") {
            failures.push(format!("{} ({}): {}", lesson.id(), p.part, p.message));
        }
    }
    assert!(
        failures.is_empty(),
        "unproven lessons:\n{}",
        failures.join("\n")
    );
}
