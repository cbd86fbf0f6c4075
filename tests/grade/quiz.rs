//! Quiz answers: one point per right answer, given on the command line, packed in an archive, or
//! beside an entry of a class.

use super::class::row;
use super::json;
use crate::support::{User, repo_root, stderr, worked_example_pack};

#[test]
fn quiz_answers_are_graded_one_point_each() {
    let user = User::new();
    let pack = worked_example_pack();
    let p = pack.path().to_str().unwrap();
    let work = tempfile::tempdir().unwrap();
    let sb = work.path().join("peek");
    let o = user.kata(
        &[
            "--lessons",
            p,
            "start",
            "stash-peek",
            "--dir",
            sb.to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    user.bash("git stash apply stash@{1}", &sb.join("cache-service"));
    let grade_with_answers = |file: &std::path::Path| {
        user.kata(
            &[
                "--lessons",
                p,
                "grade",
                "--dir",
                sb.to_str().unwrap(),
                "--answers",
                file.to_str().unwrap(),
                "--format",
                "json",
            ],
            &repo_root(),
        )
    };

    for (answers, want) in [
        ("stash-peek: [B]\n", "pass"),
        ("stash-peek: \"2\"\n", "pass"),
        ("stash-peek: { peek: b }\n", "pass"),
        ("stash-peek: [A]\n", "fail"),
        ("stash-peek: [Z]\n", "fail"),
        ("stash-peek: []\n", "fail"),
    ] {
        let file = work.path().join("answers.yaml");
        std::fs::write(&file, answers).unwrap();
        let o = grade_with_answers(&file);
        let r = json(&o);
        let results = r["learners"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2, "{r:#}");
        assert_eq!(results[0]["kind"], "kata");
        assert_eq!(results[0]["status"], "pass");
        let quiz = &results[1];
        assert_eq!(quiz["kind"], "quiz");
        assert_eq!(quiz["lesson"], "stash-peek");
        assert_eq!(quiz["status"], want, "{answers}: {quiz:#}");
        assert_eq!(quiz["max_score"], 1);
        assert_eq!(
            o.status.code(),
            Some(if want == "pass" { 0 } else { 1 }),
            "{answers}"
        );
        assert_eq!(
            r["learners"][0]["max_score"], 3,
            "two objectives and one question"
        );
        assert!(
            !quiz["tests"][0]["message"]
                .as_str()
                .unwrap()
                .contains("git stash show"),
            "the key is not revealed"
        );
    }

    // An answers file that cannot be read, or names an unknown lesson, cannot be graded.
    let file = work.path().join("bad.yaml");
    for bad in ["[not, a, mapping]\n", "no-such-lesson: [A]\n"] {
        std::fs::write(&file, bad).unwrap();
        let o = grade_with_answers(&file);
        assert_eq!(o.status.code(), Some(3), "{bad}");
        assert_eq!(json(&o)["learners"][0]["results"][1]["status"], "error");
    }

    // Answers travel inside an archive, and beside an entry of a class.
    let file = work.path().join("answers.yaml");
    std::fs::write(&file, "stash-peek: [B]\n").unwrap();
    let subs = work.path().join("subs");
    std::fs::create_dir_all(&subs).unwrap();
    let o = user.kata(
        &[
            "--lessons",
            p,
            "submit",
            "--dir",
            sb.to_str().unwrap(),
            "--answers",
            file.to_str().unwrap(),
            "-o",
            subs.join("kim.tar.gz").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(&file, "stash-peek: [C]\n").unwrap();
    let o = user.kata(
        &[
            "--lessons",
            p,
            "submit",
            "--dir",
            sb.to_str().unwrap(),
            "-o",
            subs.join("lee.tar.gz").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0));
    std::fs::copy(&file, subs.join("lee.answers.yaml")).unwrap();
    let o = user.kata(
        &[
            "--lessons",
            p,
            "grade",
            "--submissions",
            subs.to_str().unwrap(),
            "--format",
            "json",
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(1));
    let r = json(&o);
    assert_eq!(row(&r, "kim")["results"][1]["status"], "pass");
    assert_eq!(row(&r, "lee")["results"][1]["status"], "fail");
    assert_eq!(row(&r, "lee")["score"], 2);
}
