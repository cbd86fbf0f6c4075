use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::authoring::validate::{self, Proof, Verdict};
use crate::authoring::{scaffold, schema};
use crate::cli::LessonCommand;
use crate::error::{self, Exit};
use crate::render::style;

pub fn run(action: LessonCommand) -> Result<Exit> {
    match action {
        LessonCommand::Validate { paths, no_proof } => {
            validate(&paths, if no_proof { Proof::Skip } else { Proof::Run })
        }
        LessonCommand::Schema => {
            print!("{}", schema::lesson_schema());
            Ok(Exit::Success)
        }
        LessonCommand::New { id, dir } => new(&id, dir),
    }
}

fn validate(paths: &[PathBuf], proof: Proof) -> Result<Exit> {
    let files = validate::expand(paths)?;
    if files.is_empty() {
        return Err(error::usage(
            "no lesson files (*.yaml) found in the paths given",
        ));
    }
    let (mut invalid, mut unproven) = (0, 0);
    let mut seen = HashMap::new();
    for file in &files {
        match validate::validate_file(file, proof, &mut seen) {
            Verdict::Invalid(problems) => {
                invalid += 1;
                for p in problems {
                    crate::text::errln!("{} {p}", style::error_label());
                }
            }
            Verdict::Unproven(problems) => {
                unproven += 1;
                for p in problems {
                    crate::text::errln!("{} {p}", style::error_label());
                }
            }
            Verdict::Proven => crate::text::outln!(
                "{} {}: valid and proven",
                style::pass_mark(),
                file.display()
            ),
            Verdict::Valid => crate::text::outln!(
                "{} {}: valid (proof skipped)",
                style::pass_mark(),
                file.display()
            ),
        }
    }
    let total = files.len();
    let ok = total - invalid - unproven;
    crate::text::outln!(
        "{ok} of {total} lesson files valid{}.",
        if proof == Proof::Run {
            " and proven"
        } else {
            ""
        }
    );
    Ok(if invalid > 0 {
        Exit::Usage
    } else if unproven > 0 {
        Exit::Failed
    } else {
        Exit::Success
    })
}

fn new(id: &str, dir: Option<PathBuf>) -> Result<Exit> {
    let valid = !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(error::usage(format!(
            "`{id}` is not a valid lesson id: use lower-case letters, digits and `-`"
        )));
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let file = dir.join(format!("{id}.yaml"));
    if file.exists() {
        return Err(error::usage(format!(
            "{} already exists; git-kata does not overwrite it",
            file.display()
        )));
    }
    std::fs::write(&file, scaffold::lesson(id))
        .with_context(|| format!("cannot write {}", file.display()))?;
    let schema_file = dir.join("lesson.schema.json");
    if !schema_file.exists() {
        std::fs::write(&schema_file, schema::lesson_schema())
            .with_context(|| format!("cannot write {}", schema_file.display()))?;
    }
    crate::text::outln!("Wrote {}. Fill in every TODO, then run:", file.display());
    crate::text::outln!();
    crate::text::outln!(
        "    {}",
        style::command(&format!("git-kata lesson validate {}", file.display()))
    );
    Ok(Exit::Success)
}
