//! A class: every kind of submission, good and bad, graded at once in every format, and shared
//! out between the jobs of a CI matrix.

use std::collections::BTreeSet;
use std::path::PathBuf;

use base64::Engine;
use serde_json::Value;

use super::formats::{parse_junit, validate};
use super::{catalog, json, mistakes, play};
use crate::support::{User, repo_root, stderr, stdout};

/// A class of stash-untracked submissions of every kind, good and bad.
struct Class {
    _work: tempfile::TempDir,
    dir: PathBuf,
}

const ODD_NAME: &str = "o'neil, \"jr\"";

fn class(user: &User) -> Class {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("submissions");
    std::fs::create_dir_all(&dir).unwrap();
    let cat = catalog();
    let lesson = cat.get("stash-untracked").unwrap();
    let mistake = |id: &str| {
        lesson
            .lesson
            .mistakes
            .iter()
            .find(|m| m.id.value == id)
            .unwrap()
            .commands
            .clone()
    };
    // alice: a solved sandbox.
    play(user, lesson, &dir.join("alice"), &lesson.lesson.solution);
    // bob: an archive of a mistake.
    let bob = work.path().join("bob");
    play(user, lesson, &bob, &mistake("popped"));
    let o = user.kata(
        &[
            "submit",
            "--dir",
            bob.to_str().unwrap(),
            "-o",
            dir.join("bob.tar.gz").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // carol: the solution as a script; the odd name: a mistake as a script.
    std::fs::write(dir.join("carol.sh"), &lesson.lesson.solution).unwrap();
    std::fs::write(
        dir.join(format!("{ODD_NAME}.sh")),
        // The changes applied back, so only the name is wrong: 3 of 4 points.
        format!(
            "{}git stash apply stash@{{0}}\n",
            mistake("default-message")
        ),
    )
    .unwrap();
    // dave: a damaged archive.
    std::fs::write(dir.join("dave.tar.gz"), b"\x1f\x8b\x08\x00 not really gzip").unwrap();
    // erin: a sandbox whose repository lost its .git.
    let erin = dir.join("erin");
    play(user, lesson, &erin, "");
    std::fs::remove_dir_all(erin.join("stash-practice/.git")).unwrap();
    // frank: not a submission at all.
    std::fs::write(dir.join("frank.txt"), "hello").unwrap();
    // gina: a clone of her repository, as GitHub Classroom hands them out.
    let gina_sb = work.path().join("gina-sandbox");
    play(user, lesson, &gina_sb, &mistake("forgot-untracked"));
    std::fs::create_dir_all(dir.join("gina")).unwrap();
    let o = user.kata(
        &[
            "submit",
            "--dir",
            gina_sb.to_str().unwrap(),
            "-o",
            dir.join("gina/submission.tar.gz").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    Class { _work: work, dir }
}

pub fn row<'a>(report: &'a Value, learner: &str) -> &'a Value {
    report["learners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["learner"] == learner)
        .unwrap_or_else(|| panic!("no learner {learner}"))
}

#[test]
fn a_class_is_graded_in_every_format_and_a_bad_submission_is_an_error_row() {
    let user = User::new();
    let class = class(&user);
    let out = class._work.path().join("out");
    let summary = class._work.path().join("step-summary.md");
    std::fs::write(&summary, "# earlier step\n").unwrap();
    let o = user
        .command(
            &[
                "grade",
                "--submissions",
                class.dir.to_str().unwrap(),
                "--lesson",
                "stash-untracked",
                "--format",
                "text,json,junit,tap,github,classroom,csv",
                "--out",
                out.to_str().unwrap(),
            ],
            &repo_root(),
        )
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}\n{}", stdout(&o), stderr(&o));

    // JSON, valid against the published schema.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("grade.json")).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("schema/grade-result.schema.json")).unwrap(),
    )
    .unwrap();
    if let Err(e) = validate(&schema, &schema, &report, "$") {
        panic!("grade.json does not follow its schema: {e}");
    }
    assert_eq!(report["status"], "error");
    let expect = [
        ("alice", "pass"),
        ("bob", "fail"),
        ("carol", "pass"),
        (ODD_NAME, "fail"),
        ("dave", "error"),
        ("erin", "error"),
        ("frank", "error"),
        ("gina", "fail"),
    ];
    let learners: Vec<&str> = report["learners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["learner"].as_str().unwrap())
        .collect();
    let mut names: Vec<&str> = expect.iter().map(|(n, _)| *n).collect();
    names.sort();
    assert_eq!(learners, names);
    for (name, want) in expect {
        assert_eq!(
            row(&report, name)["status"],
            want,
            "{name}: {:#}",
            row(&report, name)
        );
    }
    assert_eq!(row(&report, "alice")["score"], 4);
    assert!(mistakes(&row(&report, "bob")["results"][0]).contains(&"popped".to_string()));
    assert!(
        mistakes(&row(&report, "gina")["results"][0]).contains(&"forgot-untracked".to_string())
    );
    let dave = &row(&report, "dave")["results"][0];
    assert!(
        dave["message"].as_str().unwrap().contains("damaged"),
        "{dave:#}"
    );
    assert_eq!(
        dave["max_score"], 4,
        "an error still counts what the lesson is worth"
    );
    let erin = &row(&report, "erin")["results"][0];
    assert!(
        erin["message"]
            .as_str()
            .unwrap()
            .contains("not a readable git repository"),
        "{erin:#}"
    );
    assert!(
        row(&report, "frank")["results"][0]["message"]
            .as_str()
            .unwrap()
            .contains("is not a submission")
    );

    // CSV, read back: the odd name survives its quoting.
    let mut rdr = csv::Reader::from_path(out.join("grades.csv")).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "learner",
            "lesson",
            "points",
            "max",
            "status",
            "failed_objectives",
            "message"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 8);
    let odd = rows
        .iter()
        .find(|r| &r[0] == ODD_NAME)
        .expect("the odd name reads back");
    assert_eq!((&odd[1], &odd[4]), ("stash-untracked", "fail"));
    assert!(odd[5].split(' ').any(|id| id == "stashed"), "{odd:?}");
    let alice = rows.iter().find(|r| &r[0] == "alice").unwrap();
    assert_eq!(
        (&alice[2], &alice[3], &alice[4], &alice[5]),
        ("4", "4", "pass", "")
    );

    // The class report: every objective's pass rate, errors apart.
    let md = std::fs::read_to_string(out.join("class-report.md")).unwrap();
    assert!(md.contains("## stash-untracked"), "{md}");
    assert!(
        md.contains("5 graded, 2 passed, 3 could not be graded"),
        "{md}"
    );
    assert!(
        md.contains(
            "| `stash-kept` The stash is still on the stack, and it is the only one | 4 / 5 | 80% |"
        ),
        "{md}"
    );
    assert!(
        md.contains("## Could not be graded") && md.contains("- dave (dave.tar.gz)"),
        "{md}"
    );

    // JUnit, as CI systems read it.
    let junit = parse_junit(&std::fs::read_to_string(out.join("junit.xml")).unwrap());
    assert_eq!(junit.suites.len(), 8);
    let total: usize = junit.suites.iter().map(|s| s.cases.len()).sum();
    assert_eq!(junit.tests, total);
    for s in &junit.suites {
        assert_eq!(s.tests, s.cases.len(), "{}", s.name);
        assert_eq!(
            s.failures,
            s.cases
                .iter()
                .filter(|c| c.outcome.as_ref().is_some_and(|o| o.0 == "failure"))
                .count()
        );
        assert_eq!(
            s.errors,
            s.cases
                .iter()
                .filter(|c| c.outcome.as_ref().is_some_and(|o| o.0 == "error"))
                .count()
        );
    }
    assert_eq!(
        junit.failures,
        junit.suites.iter().map(|s| s.failures).sum::<usize>()
    );
    let bob = junit
        .suites
        .iter()
        .find(|s| s.name == "bob/stash-untracked")
        .unwrap();
    assert_eq!(bob.cases.len(), 4);
    assert!(
        bob.cases
            .iter()
            .all(|c| c.classname == "bob.stash-untracked")
    );
    assert_eq!(
        bob.cases[0].name,
        "stashed: stash@{0} is called \"WIP on new config and secrets\" and holds config.txt = v2"
    );
    let failed = bob.cases.iter().find(|c| c.outcome.is_some()).unwrap();
    let (kind, message, body) = failed.outcome.clone().unwrap();
    assert_eq!(kind, "failure");
    assert!(
        !message.is_empty() && body.contains(&message),
        "the reason is in the body: {body}"
    );
    let dave = junit
        .suites
        .iter()
        .find(|s| s.name == "dave/stash-untracked")
        .unwrap();
    assert_eq!(dave.errors, 4);
    assert!(
        dave.cases[0]
            .outcome
            .as_ref()
            .unwrap()
            .2
            .contains("damaged")
    );
    let carol = junit
        .suites
        .iter()
        .find(|s| s.name == "carol/stash-untracked")
        .unwrap();
    assert_eq!((carol.failures, carol.errors), (0, 0));
    assert!(
        carol.system_out.is_some(),
        "a script's output is the suite's system-out"
    );

    // TAP: the plan matches the test points.
    let tap = std::fs::read_to_string(out.join("grade.tap")).unwrap();
    let mut lines = tap.lines();
    assert_eq!(lines.next(), Some("TAP version 13"));
    let plan: usize = lines
        .next()
        .unwrap()
        .strip_prefix("1..")
        .unwrap()
        .parse()
        .unwrap();
    let points: Vec<&str> = tap
        .lines()
        .filter(|l| l.starts_with("ok ") || l.starts_with("not ok "))
        .collect();
    assert_eq!(points.len(), plan);
    assert_eq!(plan, total);
    for (i, p) in points.iter().enumerate() {
        let n = p
            .trim_start_matches("not ")
            .trim_start_matches("ok ")
            .split(' ')
            .next()
            .unwrap();
        assert_eq!(n, (i + 1).to_string());
    }
    assert_eq!(
        points.iter().filter(|p| p.starts_with("ok ")).count(),
        report["score"].as_u64().unwrap() as usize,
        "one point per objective met: {tap}"
    );

    // Classroom: base64 JSON the reporter reads; integer scores that add up.
    let b64 = std::fs::read_to_string(out.join("classroom.b64")).unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .unwrap();
    let classroom: Value = serde_json::from_slice(&decoded).unwrap();
    assert_eq!(classroom["version"], 1);
    assert_eq!(classroom["status"], "error");
    assert_eq!(classroom["max_score"], report["max_score"]);
    let sum: u64 = classroom["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_u64().unwrap())
        .sum();
    assert_eq!(Value::from(sum), report["score"]);
    for t in classroom["tests"].as_array().unwrap() {
        for k in [
            "name",
            "status",
            "message",
            "line_no",
            "execution_time",
            "score",
        ] {
            assert!(t.get(k).is_some(), "{k} missing in {t}");
        }
    }

    // GitHub: at most 10 annotations on standard output, the summary appended.
    let annotations: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| l.starts_with("::error"))
        .map(String::from)
        .collect();
    assert_eq!(annotations.len(), 10);
    assert!(stdout(&o).contains("more objectives not met are listed in the job summary"));
    for a in &annotations {
        assert!(a.starts_with("::error title="), "{a}");
        let (props, _) = a["::error ".len()..].split_once("::").unwrap();
        assert!(
            !props["title=".len()..].contains([':', ',']),
            "title properties are escaped: {a}"
        );
    }
    assert!(
        annotations
            .iter()
            .all(|a| a.contains("stash-untracked%3A ")),
        "{annotations:?}"
    );
    let step = std::fs::read_to_string(&summary).unwrap();
    assert!(
        step.starts_with("# earlier step\n## git-kata grade: error"),
        "{step}"
    );
    assert!(
        step.contains(&format!(
            "| {ODD_NAME} | stash-untracked | 3 / 4 | ❌ fail |"
        )),
        "{step}"
    );

    // Text: a checklist per learner and the class line.
    let text = std::fs::read_to_string(out.join("grade.txt")).unwrap();
    assert!(text.contains("alice — 4 of 4 points: pass"), "{text}");
    assert!(
        text.contains("8 learners: 2 passed, 3 failed, 3 could not be graded"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour in files");
}

#[test]
fn shards_cover_every_submission_exactly_once() {
    let user = User::new();
    let class = class(&user);
    let mut seen: Vec<String> = Vec::new();
    for i in 1..=3 {
        let o = user.kata(
            &[
                "grade",
                "--submissions",
                class.dir.to_str().unwrap(),
                "--lesson",
                "stash-untracked",
                "--shard",
                &format!("{i}/3"),
                "--format",
                "json",
                "--exit-zero",
            ],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(0), "--exit-zero: {}", stderr(&o));
        let r = json(&o);
        let names: Vec<String> = r["learners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["learner"].as_str().unwrap().to_string())
            .collect();
        assert!((2..=3).contains(&names.len()), "balanced: {names:?}");
        seen.extend(names);
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no learner twice: {seen:?}");
    assert_eq!(seen.len(), 8, "every learner: {seen:?}");

    for bad in ["0/3", "4/3", "x", "1/0", "2"] {
        let o = user.kata(
            &[
                "grade",
                "--submissions",
                class.dir.to_str().unwrap(),
                "--lesson",
                "stash-untracked",
                "--shard",
                bad,
            ],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(2), "--shard {bad}");
        assert!(stderr(&o).contains("--shard takes I/N"), "{}", stderr(&o));
    }
}
