//! Which lessons are on offer: the built-in course, or the packs an instructor points us at.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Lesson, Loaded, parse};

/// `lessons/NAME.yaml`, embedded: its text, and the lesson build.rs parsed from it.
macro_rules! builtin {
    ($name:literal, $title:literal, $digest:literal) => {
        Builtin {
            id: $name,
            title: $title,
            digest: $digest,
            file: concat!($name, ".yaml"),
            // Absolute: the list that names the lessons is included from OUT_DIR.
            text: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/lessons/",
                $name,
                ".yaml"
            )),
            parsed: include_str!(concat!(env!("OUT_DIR"), "/lessons/", $name, ".json")),
        }
    };
}

/// A built-in lesson, compiled into the binary so that one `cargo install`ed file works anywhere.
struct Builtin {
    id: &'static str,
    title: &'static str,
    /// `lesson::digest(text)`, computed by build.rs: a sandbox's marker is compared with it on
    /// every `check`, where hashing the YAML again would cost more than judging the lesson.
    digest: &'static str,
    file: &'static str,
    text: &'static str,
    /// The lesson model as JSON, parsed from `text` by build.rs: decoding it costs a fraction of
    /// parsing the YAML. The tests check that it is what the validating loader makes of `text`.
    parsed: &'static str,
}

impl Builtin {
    fn load(&self) -> Result<Loaded> {
        let lesson: Lesson = serde_json::from_str(self.parsed).with_context(|| {
            format!("the built-in lesson {} is damaged in this build", self.file)
        })?;
        Ok(Loaded {
            lesson,
            origin: format!("lessons/{}", self.file),
            text: self.text.to_string(),
        })
    }
}

/// The built-in course, in the order of course.txt (build.rs writes the list).
const BUILTIN: &[Builtin] = include!(concat!(env!("OUT_DIR"), "/lessons/course.rs"));

/// The model of the built-in lesson whose YAML is exactly `text`, if there is one: a sandbox's
/// copy of a built-in lesson needs no parsing, nor a parsed copy beside it.
pub fn builtin_with_text(text: &str) -> Option<Result<Lesson>> {
    BUILTIN
        .iter()
        .find(|b| b.text == text)
        .map(|b| b.load().map(|loaded| loaded.lesson))
}

/// The built-in lesson `id`, if this build has one.
pub fn builtin(id: &str) -> Option<Result<Loaded>> {
    BUILTIN.iter().find(|b| b.id == id).map(Builtin::load)
}

/// The digest of the built-in lesson `id`'s YAML (`lesson::digest`), without hashing it.
pub fn builtin_digest(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|b| b.id == id).map(|b| b.digest)
}

/// The built-in course as (id, title), in course order, without decoding any lesson: what
/// "Well done!" needs to name the next one.
pub fn builtin_titles() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN.iter().map(|b| (b.id, b.title))
}

/// Whether `text` is exactly the YAML of a built-in lesson.
pub fn is_builtin_text(text: &str) -> bool {
    BUILTIN.iter().any(|b| b.text == text)
}

/// Where a lesson came from, shown by `list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonSource {
    Builtin,
    /// A lesson pack: a directory of `*.yaml` files.
    Pack(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub lessons: Vec<(LessonSource, Loaded)>,
}

impl Catalog {
    /// The built-in lessons, or, when `packs` is not empty, the lessons of those directories
    /// instead. Any invalid lesson is an error: an instructor should hear about it at once.
    pub fn load(packs: &[PathBuf]) -> Result<Catalog> {
        let mut lessons = Vec::new();
        if packs.is_empty() {
            for builtin in BUILTIN {
                lessons.push((LessonSource::Builtin, builtin.load()?));
            }
        } else {
            for pack in packs {
                for loaded in load_pack(pack)? {
                    lessons.push((LessonSource::Pack(pack.clone()), loaded));
                }
            }
        }
        let catalog = Catalog { lessons };
        catalog.check_unique_ids()?;
        Ok(catalog)
    }

    /// Just the lesson `id`, parsing no more than needed: for the built-in course only the file
    /// named after it (lessons are named `ID.yaml`). Packs are loaded whole, since any file may
    /// define any id. Falls back to the whole catalog, which gives the "did you mean" error.
    pub fn lesson(packs: &[PathBuf], id: &str) -> Result<Loaded> {
        if packs.is_empty()
            && let Some(builtin) = BUILTIN
                .iter()
                .find(|b| b.file.strip_suffix(".yaml") == Some(id))
        {
            let loaded = builtin.load()?;
            if loaded.id() == id {
                return Ok(loaded);
            }
        }
        Ok(Catalog::load(packs)?.find(id)?.clone())
    }

    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.lessons.iter().map(|(_, l)| l).find(|l| l.id() == id)
    }

    /// Looks a lesson up by id, or by a piece of one that names a single lesson (`midflight`,
    /// `hotfix`: case, `-`, `_` and spaces aside). Otherwise the error names the candidates, or
    /// suggests the closest id.
    pub fn find(&self, id: &str) -> Result<&Loaded> {
        if let Some(exact) = self.get(id) {
            return Ok(exact);
        }
        let query = loose(id);
        let ids = || self.lessons.iter().map(|(_, l)| l.id());
        let mut matching: Vec<&str> = ids().filter(|c| loose(c).starts_with(&query)).collect();
        // A piece that starts one id only names that lesson; otherwise every id holding it is a
        // candidate, and an ambiguous answer lists them all (the ones it starts first).
        if matching.len() != 1 {
            for c in ids().filter(|c| loose(c).contains(&query)) {
                if !matching.contains(&c) {
                    matching.push(c);
                }
            }
        }
        if query.is_empty() {
            matching.clear();
        }
        if let [one] = matching[..] {
            return self.get(one).context("a lesson id just listed");
        }
        let suggestion = if matching.is_empty() {
            ids()
                .map(|c| (edit_distance(&query, &loose(c)), c))
                .min()
                .filter(|(d, _)| *d <= query.len().max(3) / 2)
                .map(|(_, c)| format!(" Did you mean `{c}`?"))
                .unwrap_or_default()
        } else {
            let names: Vec<String> = matching.iter().map(|c| format!("`{c}`")).collect();
            format!(" It could be any of {}.", names.join(", "))
        };
        Err(crate::error::usage(format!(
            "there is no lesson `{id}`.{suggestion} `git-kata list` shows all {} lessons.",
            self.lessons.len()
        )))
    }

    fn check_unique_ids(&self) -> Result<()> {
        for (i, (_, a)) in self.lessons.iter().enumerate() {
            if let Some((_, b)) = self.lessons[..i].iter().find(|(_, b)| b.id() == a.id()) {
                bail!(crate::error::invalid_lesson(format!(
                    "lesson id `{}` is defined twice: in {} and in {}",
                    a.id(),
                    b.origin,
                    a.origin
                )));
            }
        }
        Ok(())
    }
}

/// Every `*.yaml`/`*.yml` file of a directory, sorted by file name (authors order a pack by
/// naming files `01-...`, `02-...`).
pub fn load_pack(dir: &Path) -> Result<Vec<Loaded>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the lesson directory {}", dir.display()))
        .map_err(|e| crate::error::usage(format!("{e:#}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    files.iter().map(|f| load_file(f)).collect()
}

pub fn load_file(path: &Path) -> Result<Loaded> {
    let invalid = |m: String| crate::error::invalid_lesson(m);
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot read lesson file {}", path.display()))
        .map_err(|e| invalid(format!("{e:#}")))?;
    if meta.len() > super::MAX_LESSON_BYTES as u64 {
        bail!(invalid(format!(
            "{}: the file is {} bytes; lessons are limited to {} bytes",
            path.display(),
            meta.len(),
            super::MAX_LESSON_BYTES
        )));
    }
    // A pack entry that links out of its directory is not read: its content would be quoted
    // in the error that says it is not a lesson (a system file's first line, a key).
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let bytes = crate::platform::fs::read_regular_within(dir, path, super::MAX_LESSON_BYTES as u64)
        .map_err(|e| invalid(format!("cannot read lesson file {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        invalid(format!(
            "cannot read lesson file {} as UTF-8 text",
            path.display()
        ))
    })?;
    Ok(parse(&path.display().to_string(), &text)?)
}

/// An id as a learner might type it: lower case, without `-`, `_` or spaces.
fn loose(id: &str) -> String {
    id.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What build.rs embeds must be exactly what the real loader, with its budgets and all its
    /// validation, makes of each built-in lesson; and every lesson file must be built in.
    #[test]
    fn embedded_lessons_are_the_validated_yaml() {
        for builtin in BUILTIN {
            let parsed = parse(&format!("lessons/{}", builtin.file), builtin.text)
                .unwrap_or_else(|e| panic!("{e}"));
            let embedded = builtin.load().unwrap();
            assert_eq!(
                serde_json::to_value(&parsed.lesson).unwrap(),
                serde_json::to_value(&embedded.lesson).unwrap(),
                "{}",
                builtin.file
            );
            assert_eq!(parsed.origin, embedded.origin);
            // The id, title and digest build.rs wrote beside it are the lesson's own.
            assert_eq!(builtin.id, parsed.lesson.id.value, "{}", builtin.file);
            assert_eq!(builtin.title, parsed.lesson.title, "{}", builtin.file);
            assert_eq!(builtin.digest, super::super::digest(builtin.text));
        }
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "yaml")
            })
            .count();
        assert_eq!(
            on_disk,
            BUILTIN.len(),
            "every lessons/*.yaml is in course.txt"
        );
    }

    #[test]
    fn a_piece_of_an_id_that_names_one_lesson_finds_it() {
        let catalog = Catalog::load(&[]).unwrap();
        let id = |q: &str| catalog.find(q).map(|l| l.id().to_string());
        assert_eq!(id("midflight").unwrap(), "mid-flight-hotfix");
        assert_eq!(id("Mid Flight").unwrap(), "mid-flight-hotfix");
        assert_eq!(id("hotfix").unwrap(), "mid-flight-hotfix");
        assert_eq!(id("worktree-lo").unwrap(), "worktree-lock");
        assert_eq!(id("stash-all").unwrap(), "stash-all");
        let ambiguous = format!("{:#}", catalog.find("stash").unwrap_err());
        assert!(ambiguous.contains("`stash-all`") && ambiguous.contains("`stash-message`"));
        // Every id holding the piece is a candidate, not only those it starts.
        let ambiguous = format!("{:#}", catalog.find("worktree").unwrap_err());
        assert!(
            ambiguous.contains("`worktree-add`") && ambiguous.contains("`orphaned-worktree`"),
            "{ambiguous}"
        );
        let typo = format!("{:#}", catalog.find("stash-unrtacked").unwrap_err());
        assert!(typo.contains("Did you mean `stash-untracked`?"), "{typo}");
        assert!(catalog.find("-").is_err());
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("stash-al", "stash-all"), 1);
        assert_eq!(edit_distance("worktree-add", "worktree-add"), 0);
        assert_eq!(edit_distance("abc", "xyz"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
