//! Checks of meaning that serde cannot express: ids, paths that must stay inside the sandbox,
//! references between parts of the lesson, regular expressions, quiz answers, config keys.

use std::collections::HashSet;

use serde_saphyr::Location;

use super::model::*;
use super::{LessonError, Loaded, Predicate};
use crate::paths;
use crate::predicates::{Kind, Rules};

/// The first control character a terminal would obey (ESC, a carriage return, C1, a bidi
/// override) in the lesson's text: its brief, titles, hints, messages and quiz are printed as
/// they are, so a lesson pack could clear the screen or write the clipboard. Setup steps and
/// scripts are left out: what they write is repository content, which every view shows with
/// its controls made visible (crate::text), and a file may rightly hold a carriage return.
fn check_printable(l: &Loaded) -> Result<(), LessonError> {
    fn walk(v: &serde_json::Value, at: &str) -> Option<(String, char)> {
        match v {
            serde_json::Value::String(s) => s
                .chars()
                .find(|c| crate::text::hidden_control(*c))
                .map(|c| (at.to_string(), c)),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{at}[{i}]"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
                let scripts = matches!(k.as_str(), "solution" | "commands" | "recover" | "finish");
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                (k != "repos" && !scripts).then(|| walk(x, &path)).flatten()
            }),
            _ => None,
        }
    }
    let value = serde_json::to_value(&l.lesson).unwrap_or_default();
    match walk(&value, "") {
        None => Ok(()),
        Some((field, c)) => Err(l.error_at(
            &l.lesson.id.referenced,
            format!(
                "`{field}` holds the control character U+{:04X}, which a terminal would obey: lesson text must be printable",
                u32::from(c)
            ),
        )),
    }
}

/// Config keys a lesson may set. Anything that makes git run a program (hooks, fsmonitor, editors,
/// filters, ssh) is left out on purpose: a lesson is data and must not run code on a learner's
/// machine, not even through git.
const ALLOWED_CONFIG_PREFIXES: &[&str] = &[
    "user.name",
    "user.email",
    "stash.",
    "status.",
    "advice.",
    "color.",
    "log.",
    "worktree.guessremote",
    "merge.conflictstyle",
    "pull.rebase",
    "push.default",
    "rerere.enabled",
];

/// Every problem of meaning in the lesson, in file order as far as practical (empty: valid).
pub fn validate(l: &Loaded) -> Vec<LessonError> {
    let lesson = &l.lesson;
    let mut problems = Vec::new();
    let mut keep = |r: Result<(), LessonError>| {
        if let Err(e) = r {
            problems.push(e);
        }
    };
    if lesson.format.value != FORMAT_VERSION {
        keep(Err(l.error_at(
            &lesson.format.referenced,
            format!(
                "lesson format {} is not supported; this git-kata reads format {FORMAT_VERSION}",
                lesson.format.value
            ),
        )));
    }
    keep(check_id(
        l,
        &lesson.id.value,
        &lesson.id.referenced,
        "lesson id",
    ));
    if lesson.repos.is_empty() {
        keep(Err(l.error_at(
            &lesson.id.referenced,
            "a lesson needs at least one repository under `repos`",
        )));
    }
    if let Some(first) = lesson.repos.first()
        && first.bare
    {
        keep(Err(l.error_at(
            &first.name.referenced,
            "the first repository is where the learner works, so it cannot be bare: list the bare one later",
        )));
    }
    let mut repo_names = HashSet::new();
    let bare: HashSet<&str> = lesson
        .repos
        .iter()
        .filter(|r| r.bare)
        .map(|r| r.name.value.as_str())
        .collect();
    for repo in &lesson.repos {
        let name = &repo.name.value;
        let at = &repo.name.referenced;
        keep(check_id_like(l, name, at, "repository name"));
        if let Some(branch) = &repo.initial_branch {
            keep(check_branch(l, branch, at));
        }
        if !repo_names.insert(name.as_str()) {
            keep(Err(l.error_at(
                at,
                format!("repository `{name}` is declared twice"),
            )));
        }
        keep(check_remote_repo(l, repo, &repo_names, &bare));
        for step in &repo.steps {
            keep(check_step(l, &step.value, &step.referenced));
            if repo.bare
                && let Some(what) = worktree_only(&step.value)
            {
                keep(Err(l.error_at(
                    &step.referenced,
                    format!("`{what}` needs a working tree, and repository `{name}` is bare"),
                )));
            }
        }
    }
    if lesson.objectives.is_empty() {
        keep(Err(l.error_at(
            &lesson.id.referenced,
            "a lesson needs at least one objective",
        )));
    }
    let mut ids = HashSet::new();
    for objective in &lesson.objectives {
        let (id, at) = (&objective.id.value, &objective.id.referenced);
        keep(check_id(l, id, at, "objective id"));
        if !ids.insert(id.as_str()) {
            keep(Err(
                l.error_at(at, format!("objective id `{id}` is used twice"))
            ));
        }
        keep(check_predicate(
            l,
            &repo_names,
            &objective.check.value,
            &objective.check.referenced,
        ));
        if let Some(req) = &objective.requires {
            keep(check_predicate(
                l,
                &repo_names,
                &req.check.value,
                &req.check.referenced,
            ));
            if req.first.trim().is_empty() {
                keep(Err(l.error_at(
                    &req.check.referenced,
                    format!("objective `{id}`: `requires` needs `first`, what to do before it can be judged"),
                )));
            }
        }
        if objective.hints.iter().any(|h| h.trim().is_empty()) {
            keep(Err(
                l.error_at(at, format!("objective `{id}` has an empty hint"))
            ));
        }
    }
    if lesson.solution.trim().is_empty() {
        keep(Err(l.error_at(
            &lesson.id.referenced,
            "the reference `solution` is empty",
        )));
    }
    let mut mistake_ids = HashSet::new();
    for mistake in &lesson.mistakes {
        let (id, at) = (&mistake.id.value, &mistake.id.referenced);
        keep(check_id(l, id, at, "mistake id"));
        if !mistake_ids.insert(id.as_str()) {
            keep(Err(
                l.error_at(at, format!("mistake id `{id}` is used twice"))
            ));
        }
        keep(check_predicate(
            l,
            &repo_names,
            &mistake.when.value,
            &mistake.when.referenced,
        ));
        if mistake.message.trim().is_empty() {
            keep(Err(
                l.error_at(at, "a mistake needs a message for the learner")
            ));
        }
        if mistake.commands.trim().is_empty() {
            keep(Err(l.error_at(
                at,
                "a mistake needs the `commands` that make it, so the lesson can be proven",
            )));
        }
    }
    let mut question_ids = HashSet::new();
    for q in &lesson.quiz {
        let (id, at) = (&q.id.value, &q.id.referenced);
        keep(check_id(l, id, at, "question id"));
        if !question_ids.insert(id.as_str()) {
            keep(Err(
                l.error_at(at, format!("question id `{id}` is used twice"))
            ));
        }
        if q.choices.len() < 2 {
            keep(Err(l.error_at(at, "a question needs at least two choices")));
        }
        if q.choices.iter().any(|c| c.trim().is_empty())
            || q.prompt.trim().is_empty()
            || q.explanation.trim().is_empty()
        {
            keep(Err(l.error_at(
                at,
                format!("question `{id}` has an empty prompt, choice or explanation"),
            )));
        }
        if q.answer.value >= q.choices.len() {
            keep(Err(l.error_at(
                &q.answer.referenced,
                format!(
                    "answer {} is out of range: the {} choices are numbered from 0 to {}",
                    q.answer.value,
                    q.choices.len(),
                    q.choices.len().saturating_sub(1)
                ),
            )));
        }
    }
    if let Err(e) = check_printable(l) {
        problems.push(e);
    }
    problems.extend(todos(l));
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// Placeholders left by `git-kata lesson new`: every `TODO` outside a comment is a problem, so
/// that validating a scaffold lists exactly what its author must still fill in.
fn todos(l: &Loaded) -> Vec<LessonError> {
    let mut out = Vec::new();
    for (i, line) in l.text.lines().enumerate() {
        let code = match line.find(" #") {
            Some(c) if !line[..c].contains(['"', '\'']) => &line[..c],
            _ if line.trim_start().starts_with('#') => "",
            _ => line,
        };
        if let Some(col) = code.find("TODO") {
            out.push(LessonError::at(
                &l.origin,
                &l.text,
                i as u64 + 1,
                col as u64 + 1,
                "still a TODO: replace it with the real content",
            ));
        }
    }
    out
}

/// `clone` names a repository built before this one: a bare one (bare repositories are built
/// first) or one declared earlier. A bare repository is not itself a clone.
fn check_remote_repo(
    l: &Loaded,
    repo: &RepoSpec,
    earlier: &HashSet<&str>,
    bare: &HashSet<&str>,
) -> Result<(), LessonError> {
    let Some(origin) = &repo.clone else {
        return Ok(());
    };
    let at = &repo.name.referenced;
    if repo.bare {
        return Err(l.error_at(at, "a repository is either `bare` or a `clone`, not both"));
    }
    let built_before = bare.contains(origin.as_str()) || earlier.contains(origin.as_str());
    if origin == &repo.name.value || !built_before {
        return Err(l.error_at(
            at,
            format!(
                "`clone: {origin}` must name a bare repository of this lesson, or one declared before this one"
            ),
        ));
    }
    Ok(())
}

/// Steps a bare repository cannot take: what lives only in a working tree is thrown away when
/// the repository becomes bare, and a linked worktree would point into nothing.
fn worktree_only(step: &Step) -> Option<&'static str> {
    match step {
        Step::WorktreeAdd(_) => Some("worktree_add"),
        Step::Stash(_) => Some("stash"),
        Step::StashDrop(_) => Some("stash_drop"),
        Step::StashClear(_) => Some("stash_clear"),
        Step::TeammateCommit(_) => Some("teammate_commit"),
        _ => None,
    }
}

/// `remote.NAME.url` and `pushurl` name a repository of the sandbox by its sandbox-relative
/// path (the builder makes it absolute): no scheme, no `host:path`, nothing that leaves the
/// sandbox, so that a learner's fetch and push never reach a network or another directory.
fn check_remote_url(key: &str, value: &str) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "`{key}: {value}` {why}: a remote in a lesson is a repository of the sandbox, named by its sandbox-relative path (e.g. `origin.git`)"
        ))
    };
    if value.contains("://") || value.starts_with("file:") {
        return refuse("is a URL with a scheme");
    }
    // git reads `host:path` as ssh; a colon before any slash is that form.
    if value
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        return refuse("would be read by git as an ssh `host:path`");
    }
    if paths::relative(value).is_err() {
        return refuse("leaves the sandbox");
    }
    Ok(())
}

/// Config keys of remotes and upstreams: a remote's URL (a sandbox repository), refspecs and
/// options, and a branch's upstream. Keys that run a program (`uploadpack`, `receivepack`,
/// `vcs`) or reach a network (`proxy`) are not among them.
fn remote_config(key: &str, value: &str) -> Option<Result<(), String>> {
    let (section, rest) = key.split_once('.')?;
    let (_, name) = rest.rsplit_once('.')?;
    match (section, name) {
        ("remote", "url" | "pushurl") => Some(check_remote_url(key, value)),
        ("remote", "fetch" | "push" | "prune" | "tagopt" | "mirror")
        | ("branch", "remote" | "merge" | "rebase" | "pushremote") => Some(Ok(())),
        _ => None,
    }
}

fn check_id(l: &Loaded, id: &str, at: &Location, what: &str) -> Result<(), LessonError> {
    check_id_like(l, id, at, what)?;
    if id.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(l.error_at(at, format!("{what} `{id}` must be lower case")));
    }
    Ok(())
}

/// Ids and repository names become directory names and command arguments: keep them plain.
fn check_id_like(l: &Loaded, id: &str, at: &Location, what: &str) -> Result<(), LessonError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && !id.starts_with(['-', '.'])
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(l.error_at(
            at,
            format!("{what} `{id}` may use only letters, digits, `-`, `_` and `.`, and not start with `-` or `.`"),
        ))
    }
}

fn check_path(l: &Loaded, path: &str, at: &Location) -> Result<(), LessonError> {
    paths::relative(path)
        .map(|_| ())
        .map_err(|e| l.error_at(at, e))
}

fn check_opt_path(l: &Loaded, path: &Option<String>, at: &Location) -> Result<(), LessonError> {
    path.as_deref().map_or(Ok(()), |p| check_path(l, p, at))
}

fn check_branch(l: &Loaded, name: &str, at: &Location) -> Result<(), LessonError> {
    if git2::Branch::name_is_valid(name).unwrap_or(false) {
        Ok(())
    } else {
        Err(l.error_at(at, format!("`{name}` is not a valid branch name")))
    }
}

fn check_step(l: &Loaded, step: &Step, at: &Location) -> Result<(), LessonError> {
    match step {
        Step::Write(s) => {
            check_path(l, &s.path, at)?;
            check_opt_path(l, &s.worktree, at)
        }
        Step::Delete(s) => {
            check_path(l, &s.path, at)?;
            check_opt_path(l, &s.worktree, at)
        }
        Step::Chmod(s) => {
            check_path(l, &s.path, at)?;
            check_opt_path(l, &s.worktree, at)
        }
        Step::Stage(s) => {
            for p in &s.paths {
                check_path(l, p, at)?;
            }
            check_opt_path(l, &s.worktree, at)
        }
        Step::Commit(s) => {
            if s.message.trim().is_empty() {
                return Err(l.error_at(at, "a commit needs a message"));
            }
            check_opt_path(l, &s.worktree, at)
        }
        Step::Branch(s) => check_branch(l, &s.name, at),
        Step::Switch(s) => {
            check_branch(l, &s.branch, at)?;
            check_opt_path(l, &s.worktree, at)
        }
        Step::Tag(s) => {
            if git2::Reference::is_valid_name(&format!("refs/tags/{}", s.name)) {
                Ok(())
            } else {
                Err(l.error_at(at, format!("`{}` is not a valid tag name", s.name)))
            }
        }
        Step::Stash(s) => {
            if let Some(name) = &s.name {
                check_id_like(l, name, at, "stash name")?;
            }
            check_opt_path(l, &s.worktree, at)
        }
        Step::StashDrop(_) | Step::StashClear(_) => Ok(()),
        Step::Merge(s) => check_branch(l, &s.branch, at),
        Step::WorktreeAdd(s) => {
            check_path(l, &s.path, at)?;
            check_branch(l, &s.branch, at)
        }
        Step::RemoveDir(s) => check_path(l, &s.path, at),
        Step::TeammateCommit(s) => {
            if s.message.trim().is_empty() {
                return Err(l.error_at(at, "a commit needs a message"));
            }
            if s.write.is_empty() && s.delete.is_empty() {
                return Err(l.error_at(at, "a teammate commit needs files to `write` or `delete`"));
            }
            check_branch(l, &s.branch, at)?;
            for p in s.write.keys().chain(&s.delete) {
                check_path(l, p, at)?;
            }
            Ok(())
        }
        Step::Config(s) => {
            let key = s.key.to_ascii_lowercase();
            if let Some(checked) = remote_config(&key, &s.value) {
                return checked.map_err(|e| l.error_at(at, e));
            }
            let allowed = ALLOWED_CONFIG_PREFIXES.iter().any(|p| {
                if p.ends_with('.') {
                    key.starts_with(p)
                } else {
                    key == *p
                }
            });
            if allowed {
                Ok(())
            } else {
                Err(l.error_at(
                    at,
                    format!(
                        "config key `{}` is not allowed in a lesson: lessons may set only keys that cannot make git run a program ({}, and a remote's url, pushurl, fetch, push, prune, tagopt and mirror, and a branch's remote, merge, rebase and pushremote)",
                        s.key,
                        ALLOWED_CONFIG_PREFIXES.join(", ")
                    ),
                ))
            }
        }
    }
}

/// A predicate's own rules (`predicates::Kind::validate`), reported at the predicate: inside
/// `all`, `any` and `not`, at the line of the check at fault, not the one that encloses it.
fn check_predicate(
    l: &Loaded,
    repos: &HashSet<&str>,
    p: &Predicate,
    at: &Location,
) -> Result<(), LessonError> {
    match p.parts_at(at) {
        Some(parts) if !parts.is_empty() => parts
            .into_iter()
            .try_for_each(|(part, here)| check_predicate(l, repos, part, here)),
        // A check of its own, or an empty `all`/`any`, which its own rules refuse.
        _ => p.validate(&Rules { repos }).map_err(|e| l.error_at(at, e)),
    }
}
