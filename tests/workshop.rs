//! `git-kata workshop`: a real server process on loopback, learners in their own HOMEs playing
//! lessons with the real git CLI, and the board read over HTTP as the page reads it. The
//! browser end of the board is tested in real Chromium by `tests/browser/board.sh`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{Env, Flavour, code, describe, lesson, path_str, stdout};

/// A `workshop serve` process, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    pub code: String,
    pub key: String,
    pub port: u16,
}

impl Server {
    /// Serves `db` on `port` (0: any free one), as the instructor `env` would.
    pub fn start(env: &Env, db: &Path, port: u16) -> Server {
        let mut child = env
            .command(env!("CARGO_BIN_EXE_git-kata"), &env.work)
            .args(["workshop", "serve", "--stuck-minutes", "5", "--db"])
            .arg(db)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("workshop serve starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let (mut url, mut code, mut key) = (None, None, None);
        for line in lines.by_ref().take(20) {
            let line = line.expect("serve's output");
            if let Some(c) = line.strip_prefix("Join code: ") {
                code = Some(c.trim().to_string());
            }
            if let Some(rest) = line.trim().strip_prefix("git-kata workshop join ") {
                url = rest.split_whitespace().next().map(str::to_string);
            }
            if let Some((_, k)) = line.split_once("/board?key=") {
                key = Some(k.trim().to_string());
                break;
            }
        }
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let url = url.expect("serve printed the learners' command");
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        Server {
            child,
            url,
            code: code.expect("serve printed the join code"),
            key: key.expect("serve printed the instructor address"),
            port,
        }
    }

    /// Kills the server as a crash would (SIGKILL): no chance to tidy up.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn state(&self) -> Value {
        let (status, body) = http(
            "GET",
            &format!("{}/board/state?key={}", self.url, self.key),
            None,
            None,
        );
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Waits (bounded) until the board satisfies `ok`; the last state either way.
    pub fn wait_for(&self, ok: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.state();
            if ok(&s) || Instant::now() > deadline {
                return s;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn instructor(&self, path: &str, body: Value) -> (u16, String) {
        http(
            "POST",
            &format!("{}{path}?key={}", self.url, self.key),
            Some(body.to_string()),
            None,
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request; the status and body, whatever the status.
pub fn http(method: &str, url: &str, body: Option<String>, token: Option<&str>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let auth = token.map(|t| format!("Bearer {t}"));
    let result = match method {
        "GET" => {
            let mut r = agent.get(url);
            if let Some(a) = &auth {
                r = r.header("authorization", a);
            }
            r.call()
        }
        _ => {
            let mut r = agent.post(url).header("content-type", "application/json");
            if let Some(a) = &auth {
                r = r.header("authorization", a);
            }
            r.send(body.unwrap_or_default())
        }
    };
    let mut resp = result.expect("the server answers");
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .unwrap_or_default();
    (status, text)
}

/// A learner on a machine of their own (their own HOME, hence their own data directory).
pub fn learner() -> Env {
    Env::new(Flavour::Normal)
}

pub fn join(env: &Env, server: &Server, name: &str) {
    let out = env.kata(&[
        "workshop",
        "join",
        &server.url,
        &server.code,
        "--name",
        name,
    ]);
    assert_eq!(code(&out), 0, "join failed:\n{}", describe(&out));
}

fn outbox(env: &Env) -> PathBuf {
    env.home.join(".local/share/git-kata/workshop/outbox.jsonl")
}

fn cell<'a>(state: &'a Value, name: &str, lesson: &str) -> &'a Value {
    let row = state["learners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .unwrap_or_else(|| panic!("no row for {name} in {state}"));
    &row["cells"][lesson]
}

fn solve(env: &Env, dir: &Path, lesson_id: &str) {
    let l = lesson(lesson_id);
    let repo = dir.join(crate::common::first_repo(&l));
    env.bash_ok(&l.lesson.solution, &repo);
}

#[test]
fn checks_reach_the_board_with_verdicts_mistakes_and_hints_only() {
    let instructor = Env::new(Flavour::Normal);
    let server = Server::start(&instructor, &instructor.path("ws.sqlite"), 0);
    let ana = learner();
    join(&ana, &server, "Ana");
    let dir = ana.start("stash-message", "stash-message");
    // A classic mistake, then a hint, then the reference solution.
    let l = lesson("stash-message");
    ana.bash_ok(
        &crate::common::mistake_commands("stash-message", "bare-stash"),
        &dir.join(crate::common::first_repo(&l)),
    );
    let failed = ana.kata_in(&dir, &["check"]);
    assert_eq!(code(&failed), 1);
    let s = server.wait_for(|s| cell(s, "Ana", "stash-message")["status"] == "fail");
    let c = cell(&s, "Ana", "stash-message");
    assert_eq!(c["status"], "fail", "{s}");
    assert!(
        c["mistakes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "bare-stash"),
        "the recognised mistake is on the board: {c}"
    );
    assert!(s["mistakes"][0]["id"] == "bare-stash", "{}", s["mistakes"]);
    ana.kata_in(&dir, &["hint"]);
    ana.kata_in(&dir, &["reset", "--yes"]);
    solve(&ana, &dir, "stash-message");
    let passed = ana.kata_in(&dir, &["check"]);
    assert_eq!(code(&passed), 0, "{}", describe(&passed));
    let s = server.wait_for(|s| cell(s, "Ana", "stash-message")["status"] == "pass");
    let c = cell(&s, "Ana", "stash-message");
    assert_eq!(c["status"], "pass", "{s}");
    assert!(
        c["hints"].as_u64().unwrap() >= 1,
        "hints used are counted: {c}"
    );
    let objective = &s["lessons"][0]["objectives"][0];
    assert_eq!(objective["passed"], 1, "pass rate: {objective}");

    // What went over the wire: only ids, verdicts, counts and times.
    let (status, body) = http(
        "GET",
        &format!(
            "{}/board/learner/{}?key={}",
            server.url, s["learners"][0]["id"], server.key
        ),
        None,
        None,
    );
    assert_eq!(status, 200);
    let home = path_str(&ana.root);
    assert!(
        !body.contains(home) && !body.contains("values.yaml") && !body.contains("git stash"),
        "{body}"
    );
    let timeline: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        timeline["events"].as_array().unwrap().len(),
        2,
        "{timeline}"
    );
}

#[test]
fn check_output_and_exit_code_do_not_change_when_the_board_is_down() {
    let instructor = Env::new(Flavour::Normal);
    let server = Server::start(&instructor, &instructor.path("ws.sqlite"), 0);
    let bo = learner();
    let dir = bo.start("worktree-add", "worktree-add");
    let alone = bo.kata_in(&dir, &["check"]);
    join(&bo, &server, "Bo");
    server.kill();
    let started = Instant::now();
    let offline = bo.kata_in(&dir, &["check"]);
    let took = started.elapsed();
    assert_eq!(code(&offline), code(&alone));
    assert_eq!(stdout(&offline), stdout(&alone));
    assert!(offline.stderr.is_empty(), "{}", describe(&offline));
    // Not a timing assertion (benches/ measures it): a refused connection must not hang.
    assert!(
        took < Duration::from_secs(5),
        "check took {took:?} with the board down"
    );
    let waiting = std::fs::read_to_string(outbox(&bo)).unwrap();
    assert_eq!(waiting.lines().count(), 1, "the event waits in the outbox");
    let status = bo.kata(&["workshop", "status"]);
    assert_eq!(code(&status), 1, "{}", describe(&status));
    assert!(
        stdout(&status).contains("1 event(s) waiting"),
        "{}",
        describe(&status)
    );
}

#[test]
fn a_killed_server_restarts_with_everything_and_outboxes_drain() {
    let instructor = Env::new(Flavour::Normal);
    let db = instructor.path("ws.sqlite");
    let server = Server::start(&instructor, &db, 0);
    let (port, url, join_code, key) = (
        server.port,
        server.url.clone(),
        server.code.clone(),
        server.key.clone(),
    );
    let learners: Vec<(Env, PathBuf)> = ["Cy", "Di"]
        .iter()
        .map(|name| {
            let env = learner();
            join(&env, &server, name);
            let dir = env.start("stash-untracked", "stash-untracked");
            assert_eq!(code(&env.kata_in(&dir, &["check"])), 1);
            (env, dir)
        })
        .collect();
    server.wait_for(|s| s["events"] == 2);
    server.kill();
    // Mid-session outage: both keep working; every check waits in their outboxes.
    for (env, dir) in &learners {
        for _ in 0..3 {
            assert_eq!(code(&env.kata_in(dir, &["check"])), 1);
        }
        solve(env, dir, "stash-untracked");
        assert_eq!(code(&env.kata_in(dir, &["check"])), 0);
        assert_eq!(
            std::fs::read_to_string(outbox(env))
                .unwrap()
                .lines()
                .count(),
            4
        );
    }
    let server = Server::start(&instructor, &db, port);
    assert_eq!(
        (&server.url, &server.code, &server.key),
        (&url, &join_code, &key),
        "same session"
    );
    for (env, _) in &learners {
        let out = env.kata(&["workshop", "status"]);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        assert!(
            stdout(&out).contains("Every check has reached the board"),
            "{}",
            describe(&out)
        );
        assert_eq!(std::fs::read_to_string(outbox(env)).unwrap_or_default(), "");
    }
    let s = server.wait_for(|s| s["events"] == 10);
    assert_eq!(s["events"], 10, "nothing lost: {s}");
    for name in ["Cy", "Di"] {
        assert_eq!(cell(&s, name, "stash-untracked")["status"], "pass");
        assert_eq!(cell(&s, name, "stash-untracked")["checks"], 5);
    }
}

#[test]
fn a_learner_offline_for_ten_minutes_catches_up_in_order() {
    let instructor = Env::new(Flavour::Normal);
    let db = instructor.path("ws.sqlite");
    let server = Server::start(&instructor, &db, 0);
    let port = server.port;
    let eve = learner();
    join(&eve, &server, "Eve");
    server.kill();
    // Ten minutes of checks while the network was down, one every two seconds: the outbox as
    // `check` leaves it, with the clock simulated by the events' own times (300 events, so
    // catching up takes more than one request).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let first = lesson("worktree-add").lesson.objectives[0].id.value.clone();
    let mut lines = String::new();
    for seq in 1..=300u64 {
        let e = json!({
            "seq": seq,
            "at": now - 600_000 + (seq as i64) * 2_000,
            "lesson": "worktree-add",
            "status": "fail",
            "objectives": [{"id": first, "status": "fail"}],
            "mistakes": [],
            "hints": 0
        });
        lines.push_str(&format!("{e}\n"));
    }
    let dir = outbox(&eve);
    std::fs::write(&dir, lines).unwrap();
    std::fs::write(dir.with_file_name("seq"), "300").unwrap();
    let server = Server::start(&instructor, &db, port);
    let checked = eve.start("worktree-add", "worktree-add");
    assert_eq!(code(&eve.kata_in(&checked, &["check"])), 1);
    let out = eve.kata(&["workshop", "status"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let s = server.wait_for(|s| s["events"] == 301);
    assert_eq!(
        s["events"], 301,
        "every offline event arrived: {}",
        s["events"]
    );
    let stuck = &s["stuck"][0];
    assert_eq!(
        stuck["name"], "Eve",
        "ten minutes on one objective is stuck: {s}"
    );
    assert!(stuck["minutes"].as_i64().unwrap() >= 9, "{stuck}");
}

#[test]
fn bad_input_is_refused_clearly_and_never_shown_raw() {
    let instructor = Env::new(Flavour::Normal);
    let server = Server::start(&instructor, &instructor.path("ws.sqlite"), 0);
    let u = &server.url;
    let join_body = |name: &str| json!({ "code": server.code, "name": name }).to_string();
    let refused = |(status, body): (u16, String), want: u16, says: &str| {
        assert_eq!(status, want, "{body}");
        let e: Value = serde_json::from_str(&body).unwrap_or_else(|_| json!({ "error": body }));
        assert!(
            e["error"].as_str().unwrap().contains(says),
            "expected `{says}` in {body}"
        );
    };
    refused(
        http(
            "POST",
            &format!("{u}/api/join"),
            Some("{not json".into()),
            None,
        ),
        400,
        "malformed join request",
    );
    refused(
        http(
            "POST",
            &format!("{u}/api/join"),
            Some(json!({"code": "WRONG-CODE", "name": "x"}).to_string()),
            None,
        ),
        403,
        "wrong join code",
    );
    refused(
        http(
            "POST",
            &format!("{u}/api/join"),
            Some(join_body("Evil\u{1b}[2J\u{7}")),
            None,
        ),
        400,
        "control characters",
    );
    refused(
        http(
            "POST",
            &format!("{u}/api/join"),
            Some(join_body(&"x".repeat(41))),
            None,
        ),
        400,
        "longer than 40",
    );
    let (status, body) = http(
        "POST",
        &format!("{u}/api/join"),
        Some(join_body("<script>alert(1)</script>")),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let token = serde_json::from_str::<Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    refused(
        http(
            "POST",
            &format!("{u}/api/join"),
            Some(join_body("<script>alert(1)</script>")),
            None,
        ),
        409,
        "already goes by",
    );

    let events = |seq: u64, lesson: &str| {
        json!({ "events": [{ "seq": seq, "at": 1, "lesson": lesson, "status": "fail",
            "objectives": [{"id": "a", "status": "fail"}], "mistakes": [], "hints": 0 }] })
        .to_string()
    };
    let post = |body: String, token: Option<&str>| {
        http("POST", &format!("{u}/api/events"), Some(body), token)
    };
    refused(post("[1, 2".into(), Some(&token)), 400, "malformed events");
    refused(
        post(json!({"events": [], "extra": 1}).to_string(), Some(&token)),
        400,
        "malformed events",
    );
    refused(
        post(events(1, "<img src=x onerror=alert(1)>"), Some(&token)),
        400,
        "is not an id",
    );
    refused(
        post(events(1, "stash-message"), None),
        401,
        "no learner token",
    );
    refused(
        post(events(1, "stash-message"), Some("0123")),
        401,
        "unknown learner token",
    );
    let big = format!(
        "{{\"events\": [], \"pad\": \"{}\"}}",
        "x".repeat(300 * 1024)
    );
    let (status, _) = post(big, Some(&token));
    assert_eq!(
        status, 413,
        "an oversized body is refused before it is read"
    );
    let (status, body) = post(events(1, "stash-message"), Some(&token));
    assert_eq!(status, 200, "{body}");
    refused(
        post(events(1, "stash-message"), Some(&token)),
        409,
        "replayed request",
    );
    let (status, _) = http("GET", &format!("{u}/board/state?key=wrong"), None, None);
    assert_eq!(status, 403);
    let (status, _) = http("GET", &format!("{u}/board/state"), None, None);
    assert_eq!(status, 401);
    refused(
        server.instructor("/board/announce", json!({"lesson": "<b>no</b>"})),
        400,
        "no lesson",
    );

    // Flooding one learner's token is cut short, and the server still serves everyone.
    let limited = (2..200)
        .map(|seq| post(events(seq, "stash-message"), Some(&token)).0)
        .any(|s| s == 429);
    assert!(limited, "a flood of posts is rate-limited");
    let s = server.state();
    assert_eq!(
        s["learners"][0]["name"], "<script>alert(1)</script>",
        "stored as typed, shown as text"
    );
    // A learner who left cannot post with the old token.
    let (status, _) = http(
        "POST",
        &format!("{u}/api/leave"),
        Some(String::new()),
        Some(&token),
    );
    assert_eq!(status, 200);
    refused(
        post(events(500, "stash-message"), Some(&token)),
        401,
        "workshop leave",
    );
    // The page itself carries nothing a learner sent, and runs only its own script.
    let (status, page) = http("GET", &format!("{u}/board?key={}", server.key), None, None);
    assert_eq!(status, 200);
    assert!(!page.contains("alert(1)"));
}

#[test]
fn the_announced_lesson_is_what_next_starts_and_export_is_grades_csv() {
    let instructor = Env::new(Flavour::Normal);
    let db = instructor.path("ws.sqlite");
    let server = Server::start(&instructor, &db, 0);
    let (status, body) = server.instructor(
        "/board/lessons",
        json!({"lessons": ["worktree-add", "stash-message"]}),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.instructor("/board/announce", json!({"lesson": "worktree-add"}));
    assert_eq!(status, 200, "{body}");
    let fay = learner();
    join(&fay, &server, "Fay");
    let out = fay.kata(&["next"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let dir = fay.work.join("worktree-add");
    assert!(
        dir.is_dir(),
        "next started the announced lesson:\n{}",
        describe(&out)
    );
    solve(&fay, &dir, "worktree-add");
    assert_eq!(code(&fay.kata_in(&dir, &["check"])), 0);
    let s = server.wait_for(|s| s["events"] == 1);
    let ids: Vec<&str> = s["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["worktree-add", "stash-message"],
        "the instructor's lessons, in their order"
    );
    let (status, csv) = http(
        "GET",
        &format!("{}/board/export.csv?key={}", server.url, server.key),
        None,
        None,
    );
    assert_eq!(status, 200);
    assert!(
        csv.starts_with("learner,lesson,points,max,status,failed_objectives,message\n"),
        "{csv}"
    );
    assert!(csv.contains("Fay,worktree-add,"), "{csv}");
    server.kill();
    let out_dir = instructor.path("export");
    let out = instructor.kata(&[
        "workshop",
        "export",
        "--db",
        path_str(&db),
        "--out",
        path_str(&out_dir),
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("grades.csv")).unwrap(),
        csv
    );
    let report = std::fs::read_to_string(out_dir.join("class-report.md")).unwrap();
    assert!(report.starts_with("# Class report"), "{report}");
    // Leaving stops the events and hands the name back.
    let out = fay.kata(&["workshop", "leave"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(stdout(&fay.kata(&["workshop", "status"])).contains("not in a workshop"));
}

#[test]
fn watch_reports_each_change_of_verdicts_and_keeps_the_last_even_as_it_ends() {
    let instructor = Env::new(Flavour::Normal);
    let server = Server::start(&instructor, &instructor.path("ws.sqlite"), 0);
    let gus = learner();
    join(&gus, &server, "Gus");
    let dir = gus.start("stash-message", "stash-message");
    let mut watch = gus
        .command(env!("CARGO_BIN_EXE_git-kata"), &dir)
        .args(["watch", "--poll"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("watch starts");
    server.wait_for(|s| cell(s, "Gus", "stash-message")["status"] == "fail");
    solve(&gus, &dir, "stash-message");
    // Not a tty: watch ends by itself once every objective is met (bounded wait).
    let deadline = Instant::now() + Duration::from_secs(60);
    let exited = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = watch.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        exited.is_some_and(|s| s.success()),
        "watch did not end with the lesson solved"
    );
    // Whatever the sending thread managed before watch ended, the outbox has the rest.
    let _ = gus.kata(&["workshop", "status"]);
    let s = server.wait_for(|s| cell(s, "Gus", "stash-message")["status"] == "pass");
    assert_eq!(cell(&s, "Gus", "stash-message")["status"], "pass", "{s}");
}
