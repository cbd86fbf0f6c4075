//! The workshop board under load, on loopback (benches/workshop.sh runs it; a report, not a
//! test): LEARNERS learners join, then post CHECKS checks each in bursts (every learner at
//! once, round after round), as `check` posts them. It verifies that no event was lost (the
//! board and every learner's row count them all) and reports the board's update latency (from
//! the moment a check is sent to the live stream carrying it) and the server's memory.
//!
//! Usage: workshop_load GIT_KATA_BINARY [LEARNERS] [CHECKS]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(timeout)
        .http_status_as_error(false)
        .build()
        .into()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = args
        .get(1)
        .expect("usage: workshop_load GIT_KATA [LEARNERS] [CHECKS]");
    let learners: usize = args.get(2).map_or(300, |a| a.parse().unwrap());
    let checks: u64 = args.get(3).map_or(20, |a| a.parse().unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Command::new(bin)
        .args(["workshop", "serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(tmp.path().join("load.sqlite"))
        .env("GIT_KATA_DATA_DIR", tmp.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let pid = server.id();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let (mut code, mut board) = (String::new(), String::new());
    for line in lines.by_ref().take(20) {
        let line = line.unwrap();
        if let Some(c) = line.strip_prefix("Join code: ") {
            code = c.to_string();
        }
        if line.contains("/board?key=") {
            board = line.trim().to_string();
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let url = board.split("/board?").next().unwrap().to_string();
    let key = board.split("key=").nth(1).unwrap().to_string();

    // The live stream, as the page reads it: when each `last_event` first arrived.
    let updates: Arc<Mutex<Vec<(Instant, i64)>>> = Arc::default();
    {
        let (updates, url, key) = (updates.clone(), url.clone(), key.clone());
        std::thread::spawn(move || {
            let resp = agent(None)
                .get(format!("{url}/board/events?key={key}"))
                .call()
                .expect("the live stream");
            let reader =
                BufReader::new(resp.into_body().into_with_config().limit(u64::MAX).reader());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if let Some(data) = line.strip_prefix("data: ") {
                    let at = Instant::now();
                    if let Ok(v) = serde_json::from_str::<Value>(data) {
                        updates
                            .lock()
                            .unwrap()
                            .push((at, v["last_event"].as_i64().unwrap_or(0)));
                    }
                }
            }
        });
    }

    let started = Instant::now();
    let http = agent(Some(Duration::from_secs(30)));
    let mut tokens = Vec::new();
    for i in 0..learners {
        loop {
            let mut r = http
                .post(format!("{url}/api/join"))
                .send(json!({ "code": code, "name": format!("learner {i:03}") }).to_string())
                .unwrap();
            let text = r.body_mut().read_to_string().unwrap();
            match r.status().as_u16() {
                200 => {
                    let v: Value = serde_json::from_str(&text).unwrap();
                    tokens.push(v["token"].as_str().unwrap().to_string());
                    break;
                }
                429 => std::thread::sleep(Duration::from_millis(100)),
                s => panic!("join answered {s}: {text}"),
            }
        }
    }
    let joined = started.elapsed();

    // One thread per learner; each round every learner posts one check at the same moment.
    let barrier = Arc::new(Barrier::new(learners));
    let sent: Arc<Mutex<Vec<(Instant, i64)>>> = Arc::default();
    let retries = Arc::new(Mutex::new(0usize));
    let burst_start = Instant::now();
    let threads: Vec<_> = tokens
        .into_iter()
        .map(|token| {
            let (barrier, sent, retries, url) =
                (barrier.clone(), sent.clone(), retries.clone(), url.clone());
            std::thread::spawn(move || {
                let http = agent(Some(Duration::from_secs(30)));
                for seq in 1..=checks {
                    barrier.wait();
                    let status = if seq == checks { "pass" } else { "fail" };
                    let body = json!({ "events": [{
                        "seq": seq,
                        "at": 1_800_000_000_000i64 + seq as i64,
                        "lesson": "mid-flight-hotfix",
                        "status": status,
                        "objectives": [
                            {"id": "hotfix-worktree", "status": "pass"},
                            {"id": "feature-untouched", "status": status},
                        ],
                        "mistakes": if seq % 3 == 0 { vec!["stashed-instead"] } else { vec![] },
                        "hints": seq / 5,
                    }]})
                    .to_string();
                    let t0 = Instant::now();
                    loop {
                        let mut r = http
                            .post(format!("{url}/api/events"))
                            .header("authorization", format!("Bearer {token}"))
                            .header("content-type", "application/json")
                            .send(&body)
                            .expect("the server answers");
                        let text = r.body_mut().read_to_string().unwrap();
                        match r.status().as_u16() {
                            200 => {
                                let v: Value = serde_json::from_str(&text).unwrap();
                                sent.lock()
                                    .unwrap()
                                    .push((t0, v["last_id"].as_i64().unwrap()));
                                break;
                            }
                            // As the outbox does: keep the event and send it again.
                            429 | 503 => {
                                *retries.lock().unwrap() += 1;
                                std::thread::sleep(Duration::from_millis(200));
                            }
                            s => panic!("events answered {s}: {text}"),
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let posting = burst_start.elapsed();
    let total = learners as i64 * checks as i64;

    // Every event on the board: the stream's last update and the state agree.
    let deadline = Instant::now() + Duration::from_secs(30);
    let state: Value = loop {
        let mut r = http
            .get(format!("{url}/board/state?key={key}"))
            .call()
            .unwrap();
        let v: Value = serde_json::from_str(
            &r.body_mut()
                .with_config()
                .limit(u64::MAX)
                .read_to_string()
                .unwrap(),
        )
        .unwrap();
        if v["events"].as_i64() == Some(total) || Instant::now() > deadline {
            break v;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    std::thread::sleep(Duration::from_millis(500));
    let stored = state["events"].as_i64().unwrap();
    let rows_complete = state["learners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["cells"]["mid-flight-hotfix"]["checks"].as_u64() == Some(checks))
        .count();

    let updates = updates.lock().unwrap().clone();
    let mut latencies: Vec<f64> = sent
        .lock()
        .unwrap()
        .iter()
        .map(|(t0, id)| {
            updates
                .iter()
                .find(|(at, last)| last >= id && at >= t0)
                .map_or(f64::INFINITY, |(at, _)| {
                    at.duration_since(*t0).as_secs_f64() * 1000.0
                })
        })
        .collect();
    latencies.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let mem = |field: &str| {
        status
            .lines()
            .find(|l| l.starts_with(field))
            .map_or("?".to_string(), |l| l[field.len()..].trim().to_string())
    };
    let db_size = std::fs::metadata(tmp.path().join("load.sqlite")).map_or(0, |m| m.len())
        + std::fs::metadata(tmp.path().join("load.sqlite-wal")).map_or(0, |m| m.len());
    let _ = server.kill();
    let _ = server.wait();

    println!("learners: {learners}, checks each: {checks}, events sent: {total}");
    println!(
        "joined in {:.1} s; all checks posted in {:.1} s ({:.0} events/s); retries after 429: {}",
        joined.as_secs_f64(),
        posting.as_secs_f64(),
        total as f64 / posting.as_secs_f64(),
        retries.lock().unwrap()
    );
    println!(
        "events stored: {stored} of {total}; learners with all {checks} checks on the board: {rows_complete} of {learners}"
    );
    println!("live stream updates received: {}", updates.len());
    println!(
        "board update latency (check sent -> stream carries it): p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    println!(
        "server memory: peak RSS {}, RSS at end {}; database {:.1} MB",
        mem("VmHWM:"),
        mem("VmRSS:"),
        db_size as f64 / 1e6
    );
    let lost = stored != total || rows_complete != learners;
    println!(
        "{}",
        if lost {
            "RESULT: EVENTS LOST"
        } else {
            "RESULT: no event lost"
        }
    );
    std::process::exit(i32::from(lost));
}
