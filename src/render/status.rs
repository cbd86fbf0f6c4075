//! The picture `git-kata status` (and `watch`) draws of a sandbox: each worktree as a box, in the
//! style of the module's diagrams (a dashed box for a worktree whose directory is gone), then
//! the branches against main and the stash stack. A pure function of the data, for snapshots.

use std::fmt::Write;

use super::style::Paint;
use crate::check::overview::{
    BASE_BRANCH, BranchView, ChangeKind, Files, Head, Overview, Relation, RepoView, StashView,
    WorktreeView,
};

/// At most this many changed files are listed per worktree; the rest are counted.
const MAX_FILES: usize = 8;

/// Draws the sandbox in at most `width` columns (at least 40 are assumed).
pub fn render(o: &Overview, width: usize, p: Paint) -> String {
    let width = width.max(40);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.bold(&fit(&format!("Sandbox of the lesson {}", o.lesson), width))
    );
    for repo in &o.repos {
        out.push('\n');
        repo_section(&mut out, repo, width, p);
    }
    out
}

fn repo_section(out: &mut String, r: &RepoView, width: usize, p: Paint) {
    if let Some(problem) = &r.unreadable {
        let _ = writeln!(out, "{}", p.bold(&r.name));
        for line in wrap(problem, width - 2) {
            let _ = writeln!(out, "  {}", p.bad(&line));
        }
        return;
    }
    let linked = r.worktrees.iter().filter(|w| w.admin.is_some()).count();
    let what = match linked {
        0 => "repository, no linked worktrees".to_string(),
        1 => "repository with 1 linked worktree".to_string(),
        n => format!("repository with {n} linked worktrees"),
    };
    let title = fit(&format!("{}: {what}", r.name), width);
    let (name, rest) = title.split_at(r.name.len().min(title.len()));
    let _ = writeln!(out, "{}{}", p.bold(name), p.dim(rest));
    for w in &r.worktrees {
        worktree_box(out, r, w, linked, width, p);
    }
    branches(out, r, width, p);
    stashes(out, r, width, p);
}

#[derive(Clone, Copy)]
enum Tone {
    Dim,
    Good,
    Warn,
    Bad,
}

fn tone(p: Paint, t: Tone, s: &str) -> String {
    match t {
        Tone::Dim => p.dim(s),
        Tone::Good => p.good(s),
        Tone::Warn => p.warn(s),
        Tone::Bad => p.bad(s),
    }
}

fn worktree_box(
    out: &mut String,
    r: &RepoView,
    w: &WorktreeView,
    linked: usize,
    width: usize,
    p: Paint,
) {
    let inner = width - 4;
    let mut lines: Vec<(String, Tone)> = Vec::new();
    let mut say = |text: &str, t: Tone| {
        for line in wrap(text, inner) {
            lines.push((line, t));
        }
    };
    let admin_dir = w
        .admin
        .as_ref()
        .map(|a| format!("{}/.git/worktrees/{a}", r.name));
    match &w.files {
        Files::Clean => say("clean: nothing to commit", Tone::Good),
        Files::Dirty(changes) => {
            say("uncommitted changes:", Tone::Warn);
            for c in changes.iter().take(MAX_FILES) {
                let t = if c.kind == ChangeKind::Conflicted {
                    Tone::Bad
                } else {
                    Tone::Warn
                };
                say(&format!("  {:<17}{}", kind_label(c.kind), c.path), t);
            }
            if changes.len() > MAX_FILES {
                say(
                    &format!("  ... and {} more", changes.len() - MAX_FILES),
                    Tone::Warn,
                );
            }
        }
        Files::Gone => {
            let where_ = admin_dir.clone().unwrap_or_default();
            if w.prunable() {
                let frees = match &w.head {
                    Head::Branch(b) => {
                        format!(" and frees {b}, which git still counts as checked out here")
                    }
                    _ => String::new(),
                };
                say(
                    &format!(
                        "prunable: the directory is gone, but git still records it in {where_}. `git worktree prune` forgets it{frees}."
                    ),
                    Tone::Bad,
                );
            } else {
                say(
                    &format!(
                        "missing, but locked{}: git keeps its record in {where_}, as for a worktree on a disk that is not plugged in, and `prune` leaves it alone until `git worktree unlock`.",
                        lock_reason(w)
                    ),
                    Tone::Warn,
                );
            }
        }
        Files::Unreadable(why) => say(&format!("cannot read its files: {why}"), Tone::Bad),
    }
    if w.locked.is_some() && w.files != Files::Gone {
        say(
            &format!(
                "locked{}: `git worktree remove` and `prune` leave it alone until `git worktree unlock`.",
                lock_reason(w)
            ),
            Tone::Warn,
        );
    }
    if let Some(busy) = &w.busy {
        say(busy, Tone::Bad);
    }
    match &admin_dir {
        None => {
            say(
                ".git/  the repository itself: history, branches, the stash",
                Tone::Dim,
            );
            if linked > 0 {
                let s = if linked == 1 { "" } else { "s" };
                say(
                    &format!("       and worktrees/, recording {linked} linked worktree{s}"),
                    Tone::Dim,
                );
            }
        }
        Some(dir) if w.files != Files::Gone => {
            say(".git   a file pointing back to the repository:", Tone::Dim);
            lines.push((fit(&format!("       {dir}"), inner), Tone::Dim));
        }
        Some(_) => {}
    }

    let kind = if w.admin.is_some() { "linked" } else { "main" };
    let left = format!("{kind} worktree: {}", w.path);
    let right = match &w.head {
        Head::Branch(b) => format!("on {b}"),
        Head::Detached(id) => format!("detached at {id}"),
        Head::Unknown => "HEAD cannot be read".to_string(),
    };
    let dashed = w.files == Files::Gone;
    let _ = writeln!(out, "{}", top_border(&left, &right, width, dashed, p));
    let side = if dashed { ":" } else { "|" };
    for (text, t) in lines {
        let pad = inner.saturating_sub(console::measure_text_width(&text));
        let _ = writeln!(
            out,
            "{} {}{} {}",
            p.dim(side),
            tone(p, t, &text),
            " ".repeat(pad),
            p.dim(side)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        p.dim(&format!("+{}+", rule(width - 2, dashed, false)))
    );
}

/// ` ("reason")`, or ` (no reason given)`, for a locked worktree.
fn lock_reason(w: &WorktreeView) -> String {
    match w.locked.as_deref() {
        Some("") | None => " (no reason given)".to_string(),
        Some(reason) => format!(" (\"{reason}\")"),
    }
}

fn kind_label(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Modified => "modified",
        ChangeKind::Deleted => "deleted",
        ChangeKind::Staged => "staged",
        ChangeKind::StagedAndModified => "staged, modified",
        ChangeKind::Untracked => "untracked",
        ChangeKind::Conflicted => "in conflict",
    }
}

/// `+-- left ------------ right --+`, exactly `width` wide; `left` gives way when space is short.
/// A worktree that is gone gets a dashed box: `+ - left - - - - right - +`.
fn top_border(left: &str, right: &str, width: usize, dashed: bool, p: Paint) -> String {
    let right = fit(right, (width - 12) / 2);
    let room = width - 10 - console::measure_text_width(&right);
    let left = fit(left, room - 1);
    let fill = room - console::measure_text_width(&left);
    let (open, close) = if dashed {
        ("+ - ", " - +")
    } else {
        ("+-- ", " --+")
    };
    let mut line = rule(fill, dashed, true);
    if dashed && fill.is_multiple_of(2) {
        // Never a double space before `right`.
        line.pop();
        line.push('-');
    }
    format!(
        "{}{}{}{}{}",
        p.dim(open),
        p.bold(&left),
        p.dim(&format!(" {line} ")),
        p.name(&right),
        p.dim(close),
    )
}

/// `n` columns of horizontal line: solid, or dashes and spaces alternating.
fn rule(n: usize, dashed: bool, dash_first: bool) -> String {
    (0..n)
        .map(|i| {
            if dashed && (i % 2 == 0) != dash_first {
                ' '
            } else {
                '-'
            }
        })
        .collect()
}

fn relation(r: Relation) -> String {
    match r {
        Relation::Base | Relation::NoBase => String::new(),
        Relation::Compared {
            ahead: 0,
            behind: 0,
        } => "same commit".to_string(),
        Relation::Compared { ahead, behind: 0 } => format!("{ahead} ahead"),
        Relation::Compared { ahead: 0, behind } => format!("{behind} behind"),
        Relation::Compared { ahead, behind } => format!("{ahead} ahead, {behind} behind"),
        Relation::Unrelated => "unrelated".to_string(),
    }
}

fn branches(out: &mut String, r: &RepoView, width: usize, p: Paint) {
    if r.branches.is_empty() {
        let _ = writeln!(out, "{}", p.bold("Branches: none yet"));
        return;
    }
    let vs = format!("vs {}", r.base.as_deref().unwrap_or(BASE_BRANCH));
    let rels: Vec<String> = r.branches.iter().map(|b| relation(b.relation)).collect();
    let show_rel = r.base.is_some();
    // Indent, tip and the gaps between columns; then the relation column, then names get what
    // is left after keeping 10 columns for the commit's subject.
    let fixed = 2 + 2 + 7 + 2;
    let rel_w = rels
        .iter()
        .map(String::len)
        .chain([vs.len()])
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(fixed + 6 + 2));
    let rel_total = if show_rel { rel_w + 2 } else { 0 };
    let name_w = r
        .branches
        .iter()
        .map(|b| b.name.len())
        .max()
        .unwrap_or(0)
        .min(width / 2)
        .min(width.saturating_sub(fixed + rel_total + 10))
        .max(6);
    // Column titles line up with the rows below: names are indented by 2.
    let first = 2 + name_w;
    let mut columns = format!("{:<7}  ", "tip");
    if show_rel {
        columns.push_str(&format!("{vs:<rel_w$}  "));
    }
    columns.push_str("last commit");
    let _ = writeln!(
        out,
        "{}{}{}",
        p.bold("Branches"),
        " ".repeat(first + 2 - "Branches".len()),
        p.dim(&fit(&columns, width - first - 2))
    );
    for (b, rel) in r.branches.iter().zip(&rels) {
        branch_row(out, b, rel, name_w, show_rel.then_some(rel_w), width, p);
    }
}

fn branch_row(
    out: &mut String,
    b: &BranchView,
    rel: &str,
    name_w: usize,
    rel_w: Option<usize>,
    width: usize,
    p: Paint,
) {
    let name = fit(&b.name, name_w);
    let mut used = 2 + name_w + 2 + 7 + 2;
    let rel_cell = rel_w.map(|w| {
        used += w + 2;
        format!("{:<w$}  ", fit(rel, w))
    });
    let room = width.saturating_sub(used);
    let subject = if room >= 4 {
        fit(&b.subject, room)
    } else {
        String::new()
    };
    let row = format!(
        "  {}{}  {}  {}{}",
        p.name(&name),
        " ".repeat(name_w - console::measure_text_width(&name)),
        p.dim(&b.tip),
        rel_cell.unwrap_or_default(),
        subject
    );
    let _ = writeln!(out, "{}", row.trim_end());
}

fn stashes(out: &mut String, r: &RepoView, width: usize, p: Paint) {
    if let Some(problem) = &r.stash_problem {
        let _ = writeln!(out, "{}", p.bold("Stash stack"));
        for line in wrap(problem, width - 2) {
            let _ = writeln!(out, "  {}", p.bad(&line));
        }
        return;
    }
    let n = r.stashes.len();
    let title = match n {
        0 => "Stash stack: empty".to_string(),
        1 => "Stash stack: 1 entry".to_string(),
        n => format!("Stash stack: {n} entries, newest first"),
    };
    let _ = writeln!(out, "{}", p.bold(&title));
    for s in &r.stashes {
        stash_entry(out, s, width, p);
    }
}

fn stash_entry(out: &mut String, s: &StashView, width: usize, p: Paint) {
    let label = format!("stash@{{{}}}", s.index);
    let label_w = label.len().max(9);
    let room = width - 2 - label_w - 2;
    let indent = " ".repeat(2 + label_w + 2);
    let _ = writeln!(
        out,
        "  {}{}  {}",
        p.name(&label),
        " ".repeat(label_w - label.len()),
        fit(&s.message, room)
    );
    if let Some(why) = &s.unreadable {
        let _ = writeln!(out, "{indent}{}", p.bad(&fit(why, room)));
        return;
    }
    let list = |paths: &[String]| {
        if paths.is_empty() {
            "none".to_string()
        } else {
            paths.join(", ")
        }
    };
    let tracked = fit(&format!("tracked: {}", list(&s.tracked)), room);
    let _ = writeln!(out, "{indent}{tracked}");
    let untracked = fit(&format!("untracked: {}", list(&s.untracked)), room);
    let _ = writeln!(out, "{indent}{untracked}");
}

/// `s` cut to `width` columns, ending in `...` when something was cut.
pub fn fit(s: &str, width: usize) -> String {
    if console::measure_text_width(s) <= width {
        s.to_string()
    } else if width < 4 {
        console::truncate_str(s, width, "").into_owned()
    } else {
        console::truncate_str(s, width, "...").into_owned()
    }
}

/// Greedy word wrap to `width` columns; a word longer than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if console::measure_text_width(text) <= width {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.len()
        } else {
            line.len() + 1 + word.len()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    // Leading spaces are layout (an indented file list), kept as given.
    let lead = text.len() - text.trim_start().len();
    if lead > 0
        && let Some(first) = lines.first_mut()
    {
        first.insert_str(0, &text[..lead]);
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}
