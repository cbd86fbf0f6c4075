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
        _ if r.bare => "bare repository, the remote: fetched from and pushed to".to_string(),
        0 => "repository, no linked worktrees".to_string(),
        1 => "repository with 1 linked worktree".to_string(),
        n => format!("repository with {n} linked worktrees"),
    };
    let title = format!("{}: {what}", r.name);
    if console::measure_text_width(&title) <= width {
        let (name, rest) = title.split_at(r.name.len());
        let _ = writeln!(out, "{}{}", p.bold(name), p.dim(rest));
    } else {
        // A long repository name keeps its line; what it is goes below.
        for line in wrap(&format!("{}:", r.name), width) {
            let _ = writeln!(out, "{}", p.bold(&line));
        }
        for line in wrap(&what, width - 2) {
            let _ = writeln!(out, "  {}", p.dim(&line));
        }
    }
    for w in &r.worktrees {
        worktree_box(out, r, w, linked, width, p);
    }
    branches(out, r, width, p);
    upstreams(out, r, width, p);
    tags(out, r, width, p);
    submodules(out, r, width, p);
    stashes(out, r, width, p);
}

/// `Upstreams`, one per line (`main tracks origin/main: 1 ahead, 1 behind`), only where a
/// branch has one: what `git status` says, from the remote-tracking branch as last fetched.
fn upstreams(out: &mut String, r: &RepoView, width: usize, p: Paint) {
    if r.upstreams.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", p.bold("Upstreams (as last fetched)"));
    for u in &r.upstreams {
        let state = match u.counts {
            None => "not fetched".to_string(),
            Some((0, 0)) => "up to date".to_string(),
            Some((ahead, behind)) => relation(Relation::Compared { ahead, behind }),
        };
        let line = format!("{} tracks {}: {state}", u.branch, u.upstream);
        for (i, part) in wrap(&line, width - 2).iter().enumerate() {
            let indent = if i == 0 { "  " } else { "    " };
            let _ = writeln!(out, "{indent}{}", p.name(part));
        }
    }
}

/// `Tags`, one per line (`name  id  subject`), only where the repository has any.
fn tags(out: &mut String, r: &RepoView, width: usize, p: Paint) {
    if r.tags.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", p.bold("Tags"));
    let name_w = r.tags.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for t in &r.tags {
        if 2 + name_w + 2 + 7 + 2 + 20 <= width {
            let used = 2 + name_w + 2 + 7 + 2;
            let subject = wrap(&t.subject, width - used);
            let row = format!(
                "  {}{}  {}  {}",
                p.name(&t.name),
                " ".repeat(name_w - t.name.len()),
                p.dim(&format!("{:<7}", t.target)),
                subject.first().map(String::as_str).unwrap_or("")
            );
            let _ = writeln!(out, "{}", row.trim_end());
            for more in subject.iter().skip(1) {
                let _ = writeln!(out, "{}{more}", " ".repeat(used));
            }
        } else {
            for line in wrap(&t.name, width - 2) {
                let _ = writeln!(out, "  {}", p.name(&line));
            }
            for line in wrap(&format!("{}, {}", t.target, t.subject), width - 4) {
                let _ = writeln!(out, "    {}", p.dim(&line));
            }
        }
    }
}

/// `Submodules`: each path and the commit it is pinned to, and what is not committed yet.
fn submodules(out: &mut String, r: &RepoView, width: usize, p: Paint) {
    if r.submodules.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", p.bold("Submodules"));
    for s in &r.submodules {
        for line in wrap(&s.path, width - 2) {
            let _ = writeln!(out, "  {}", p.name(&line));
        }
        let mut facts = vec![match &s.committed {
            Some(id) => format!("pinned at {id} in HEAD"),
            None => "not committed yet".to_string(),
        }];
        if let Some(id) = &s.staged {
            facts.push(format!("staged: {id}"));
        }
        if let Some(id) = &s.checked_out {
            facts.push(format!("checked out: {id}, not added yet"));
        }
        if !s.present {
            facts.push("its repository is not there (git submodule update --init)".to_string());
        }
        let t = if s.staged.is_some() || s.checked_out.is_some() || !s.present {
            Tone::Warn
        } else {
            Tone::Dim
        };
        for line in wrap(&facts.join("; "), width - 4) {
            let _ = writeln!(out, "    {}", tone(p, t, &line));
        }
    }
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
            for line in wrap(dir, inner - 7) {
                lines.push((format!("       {line}"), Tone::Dim));
            }
        }
        Some(_) => {}
    }

    let kind = if w.admin.is_some() { "linked" } else { "main" };
    let mut left = format!("{kind} worktree: {}", w.path);
    let mut right = match &w.head {
        Head::Branch(b) => format!("on {b}"),
        Head::Detached(id) => format!("detached at {id}"),
        Head::Unknown => "HEAD cannot be read".to_string(),
    };
    if console::measure_text_width(&left) + console::measure_text_width(&right) + 12 > width {
        // No room for both on the border: it names the kind, and the path and the branch
        // open the box, whole rather than cut.
        let mut top = Vec::new();
        for line in wrap(&w.path, inner) {
            top.push((line, Tone::Dim));
        }
        for line in wrap(&right, inner) {
            top.push((line, Tone::Dim));
        }
        lines.splice(0..0, top);
        left = format!("{kind} worktree");
        right = String::new();
    }
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
    // Corners, the spaces round the rule and the right-hand text (`+-- ` and ` --+`, or `--+`).
    let room = if right.is_empty() {
        width - 8
    } else {
        width - 10 - console::measure_text_width(&right)
    };
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
    if right.is_empty() {
        // The rule runs on into the corner: `+-- left -------+`.
        return format!(
            "{}{}{}",
            p.dim(open),
            p.bold(&left),
            p.dim(&format!(" {line}{}", close.trim_start())),
        );
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
    let longest = r.branches.iter().map(|b| b.name.len()).max().unwrap_or(0);
    if longest > name_w || width < fixed + rel_total + name_w + 20 {
        // Too narrow for columns without cutting names: each branch gets its own line, whole,
        // and its tip, relation and last commit go on the lines below it.
        let _ = writeln!(out, "{}", p.bold("Branches"));
        for (b, rel) in r.branches.iter().zip(&rels) {
            for line in wrap(&b.name, width - 2) {
                let _ = writeln!(out, "  {}", p.name(&line));
            }
            let mut facts = vec![b.tip.clone()];
            if show_rel && !rel.is_empty() {
                facts.push(format!("{rel} {vs}"));
            }
            facts.push(b.subject.clone());
            for line in wrap(&facts.join(", "), width - 4) {
                let _ = writeln!(out, "    {}", p.dim(&line));
            }
        }
        return;
    }
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
    // The subject wraps within its column rather than being cut.
    let subject = wrap(&b.subject, room.max(1));
    let row = format!(
        "  {}{}  {}  {}{}",
        p.name(&name),
        " ".repeat(name_w - console::measure_text_width(&name)),
        p.dim(&b.tip),
        rel_cell.unwrap_or_default(),
        subject.first().map(String::as_str).unwrap_or("")
    );
    let _ = writeln!(out, "{}", row.trim_end());
    for more in subject.iter().skip(1) {
        let _ = writeln!(out, "{}{more}", " ".repeat(used));
    }
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
    let mut room = width - 2 - label_w - 2;
    let mut indent = " ".repeat(2 + label_w + 2);
    let stacked = room < 30;
    if stacked {
        // Too narrow for a column beside the label: the entry goes below it.
        let _ = writeln!(out, "  {}", p.name(&label));
        room = width - 4;
        indent = " ".repeat(4);
    }
    for (i, line) in wrap(&s.message, room).iter().enumerate() {
        if i == 0 && !stacked {
            let _ = writeln!(
                out,
                "  {}{}  {line}",
                p.name(&label),
                " ".repeat(label_w - label.len()),
            );
        } else {
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    if let Some(why) = &s.unreadable {
        for line in wrap(why, room) {
            let _ = writeln!(out, "{indent}{}", p.bad(&line));
        }
        return;
    }
    let list = |paths: &[String]| {
        if paths.is_empty() {
            "none".to_string()
        } else {
            paths.join(", ")
        }
    };
    for what in [
        format!("tracked: {}", list(&s.tracked)),
        format!("untracked: {}", list(&s.untracked)),
    ] {
        for line in wrap(&what, room) {
            let _ = writeln!(out, "{indent}{line}");
        }
    }
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

/// Greedy word wrap to `width` columns; a word longer than a line (a long path or branch
/// name) is broken across lines rather than cut: a learner needs all of a name.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if console::measure_text_width(text) <= width {
        return vec![text.to_string()];
    }
    let lead = text.len() - text.trim_start().len();
    let width = width.saturating_sub(lead).max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for long in text.split_whitespace() {
        let mut word = long;
        while console::measure_text_width(word) > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head = console::truncate_str(word, width, "");
            lines.push(head.to_string());
            word = &word[head.len()..];
        }
        if word.is_empty() {
            continue;
        }
        let needed = if line.is_empty() {
            console::measure_text_width(word)
        } else {
            console::measure_text_width(&line) + 1 + console::measure_text_width(word)
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
    // Leading spaces are layout (an indented file list): every line keeps them.
    lines
        .into_iter()
        .map(|l| format!("{}{}", &text[..lead], fit(&l, width)))
        .collect()
}
