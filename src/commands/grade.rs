//! `git-kata grade`: grade sandboxes, solution scripts, archives, or a whole class, and write
//! the report in the formats CI systems and instructors read. See GRADING.md.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::cli::grade::{Format, GradeArgs};
use crate::error::{self, Exit};
use crate::grade::result::{GradeReport, Verdict};
use crate::grade::submissions::{self, Shard};
use crate::grade::{Entry, Grader, Submission};
use crate::lesson::Catalog;
use crate::render::grade as out;
use crate::render::style::Paint;
use crate::sandbox::{Sandbox, is_sandbox};

pub fn run(packs: &[PathBuf], args: GradeArgs) -> Result<Exit> {
    if args.schema {
        print!("{}", crate::grade::result::schema());
        return Ok(Exit::Success);
    }
    let lesson = match (&args.lesson_arg, &args.lesson) {
        (Some(a), Some(b)) if a != b => {
            return Err(error::usage(format!(
                "the lesson is given twice, as `{a}` and as --lesson `{b}`; give it once"
            )));
        }
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    let mut formats = args.format.clone();
    formats.dedup();
    let mut seen = Vec::new();
    formats.retain(|f| {
        let new = !seen.contains(f);
        seen.push(*f);
        new
    });
    if formats.len() > 1 && args.out.is_none() {
        return Err(error::usage(
            "several formats at once need --out DIR, where each gets its own file",
        ));
    }
    if args.timeout == 0 {
        return Err(error::usage("--timeout must be at least 1 second"));
    }
    // A script's own timeout must fire first: it kills the script's processes, which an
    // abandoned grading thread would leave running.
    let limit = args.limit.unwrap_or(args.timeout.saturating_add(240));
    if args.limit.is_some() && limit <= args.timeout {
        return Err(error::usage(format!(
            "--limit ({limit} s) must be longer than --timeout ({} s), which it includes",
            args.timeout
        )));
    }
    let entries = entries(&args, lesson.as_deref())?;
    let catalog = Catalog::load(packs)?;
    if let Some(id) = &lesson {
        catalog.find(id)?;
    }

    // Grading only reads repositories and never runs anything they configure, so a sandbox
    // owned by another user (an instructor's copy, a CI checkout) is safe to open.
    // SAFETY: set once, before any thread of ours opens a repository.
    unsafe {
        let _ = git2::opts::set_verify_owner_validation(false);
    }
    // The grader outlives any grading thread the limit abandons, so it lives as long as the
    // process: it is one per run, and the process ends after the report.
    let catalog: &'static Catalog = Box::leak(Box::new(catalog));
    let grader = std::sync::Arc::new(Grader::new(
        catalog,
        lesson,
        Duration::from_secs(args.timeout),
        Duration::from_secs(limit),
    ));
    let report = GradeReport::new(grader.grade_all(&entries));
    write_formats(&report, &formats, args.out.as_deref())?;

    Ok(match report.status {
        _ if args.exit_zero => Exit::Success,
        Verdict::Pass => Exit::Success,
        Verdict::Fail => Exit::Failed,
        Verdict::Error => Exit::Ungradable,
    })
}

/// What to grade, from the input options; a wrong combination is a usage error.
fn entries(args: &GradeArgs, lesson: Option<&str>) -> Result<Vec<Entry>> {
    let single = |submission: Submission, path: &Path| -> Result<Vec<Entry>> {
        if !path.exists() {
            return Err(error::usage(format!("{} does not exist", path.display())));
        }
        let learner = match &args.learner {
            Some(l) => l.clone(),
            None => learner_name(path),
        };
        Ok(vec![Entry {
            learner,
            submission,
            answers: args.answers.clone(),
        }])
    };
    if args.shard.is_some() && args.submissions.is_none() {
        return Err(error::usage(
            "--shard splits --submissions DIR; give that too",
        ));
    }
    if let Some(dir) = &args.submissions {
        if args.answers.is_some() || args.learner.is_some() {
            return Err(error::usage(
                "--answers and --learner are for one submission; in --submissions DIR each learner's answers are NAME.answers.yaml and names come from the entries",
            ));
        }
        let all = submissions::list(dir)?;
        if all.is_empty() {
            return Err(error::usage(format!(
                "{} holds no submissions",
                dir.display()
            )));
        }
        if lesson.is_none()
            && let Some(e) = all
                .iter()
                .find(|e| matches!(e.submission, Submission::Script(_)))
        {
            return Err(error::usage(format!(
                "{} holds solution scripts ({}.sh): pass --lesson LESSON, the lesson they solve",
                dir.display(),
                e.learner
            )));
        }
        return Ok(match &args.shard {
            Some(s) => Shard::parse(s)?.take(all),
            None => all,
        });
    }
    if let Some(script) = &args.script {
        if lesson.is_none() {
            return Err(error::usage(
                "--script needs the lesson it solves: git-kata grade LESSON --script FILE",
            ));
        }
        return single(Submission::Script(script.clone()), script);
    }
    if let Some(archive) = &args.archive {
        return single(Submission::Archive(archive.clone()), archive);
    }
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => crate::paths::current_dir()?,
    };
    if !dir.exists() {
        return Err(error::usage(format!("{} does not exist", dir.display())));
    }
    // The sandbox itself, or the one holding DIR; a directory without a marker only with
    // --lesson (genuineness decides whether it is the lesson's).
    let root = if is_sandbox(&dir) {
        dir.clone()
    } else {
        match Sandbox::discover(&dir) {
            Ok(sb) => sb.root,
            Err(e) if lesson.is_none() => return Err(e),
            Err(_) => dir.clone(),
        }
    };
    let mut e = single(Submission::Sandbox(root.clone()), &root)?;
    if args.learner.is_none() {
        e[0].learner = learner_name(&root.canonicalize().unwrap_or(root));
    }
    Ok(e)
}

/// A learner named after a file or directory: `alice.tar.gz`, `alice.sh` and `alice/` are all
/// `alice`.
fn learner_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "learner".into());
    for suffix in [".tar.gz", ".tgz", ".sh"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    name
}

fn write_formats(report: &GradeReport, formats: &[Format], dir: Option<&Path>) -> Result<()> {
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output directory {}", dir.display()))
            .map_err(|e| error::usage(format!("{e:#}")))?;
        // Files never get colour, whatever the terminal.
        console::set_colors_enabled(false);
    }
    let mut written = Vec::new();
    let mut emit = |name: &str, text: String| -> Result<()> {
        match dir {
            Some(dir) => {
                let path = dir.join(name);
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                written.push(name.to_string());
            }
            None => {
                // Reports quote commit messages and file contents: on a terminal or into a
                // pipe, only our own escapes act. JSON escapes control characters itself.
                let shown = if name.ends_with(".json") {
                    std::borrow::Cow::Borrowed(text.as_str())
                } else {
                    crate::text::for_stream(&text, crate::text::Stream::Stdout)
                };
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(shown.as_bytes());
            }
        }
        Ok(())
    };
    for format in formats {
        match format {
            Format::Text => {
                // Colour only on the way to a terminal, never into grade.txt.
                let paint = if dir.is_some() {
                    Paint::plain()
                } else {
                    Paint::stdout()
                };
                emit("grade.txt", out::text::render(report, paint))?;
            }
            Format::Json => emit("grade.json", out::json::render(report))?,
            Format::Junit => emit("junit.xml", out::junit::render(report))?,
            Format::Tap => emit("grade.tap", out::tap::render(report))?,
            Format::Classroom => emit("classroom.b64", out::classroom::render(report))?,
            Format::Csv => {
                emit("grades.csv", out::csv::render(report))?;
                if dir.is_some() {
                    emit("class-report.md", out::csv::class_report(report))?;
                }
            }
            Format::Github => {
                // Annotations only work on the job's log, so they always go to standard output.
                crate::text::out!("{}", out::github::annotations(report));
                github_summary(report)?;
                if dir.is_some() {
                    emit(
                        "github-summary.md",
                        out::github::summary(report, out::github::MAX_SUMMARY - 1),
                    )?;
                }
            }
        }
    }
    if let Some(dir) = dir {
        crate::text::errln!("Wrote {} to {}.", written.join(", "), dir.display());
    }
    Ok(())
}

/// Appends the Markdown summary to `$GITHUB_STEP_SUMMARY`, keeping the file under 1 MiB.
fn github_summary(report: &GradeReport) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    let used = std::fs::metadata(&path)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    let budget = out::github::MAX_SUMMARY.saturating_sub(used + 1);
    if budget < 1024 {
        return Ok(());
    }
    let text = out::github::summary(report, budget);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot append to {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot append to {}", path.display()))
}
