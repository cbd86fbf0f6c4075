//! `git-kata submit`: pack a sandbox into one file a learner can commit and push, for `grade
//! --archive` to grade anywhere.

use std::path::PathBuf;

use anyhow::Result;

use crate::error::{self, Exit};
use crate::grade::archive;
use crate::grade::submissions::SUBMISSION_FILE;
use crate::paths::shell_path;
use crate::sandbox::Sandbox;

pub fn run(sandbox: &Sandbox, output: Option<PathBuf>, answers: Option<PathBuf>) -> Result<Exit> {
    if let Some(a) = &answers
        && !a.is_file()
    {
        return Err(error::usage(format!(
            "the answers file {} does not exist",
            a.display()
        )));
    }
    let out = output.unwrap_or_else(|| PathBuf::from(SUBMISSION_FILE));
    let size = archive::pack(sandbox, answers.as_deref(), &out)?;
    let shown = shell_path(&out);
    crate::text::outln!(
        "Packed the {} sandbox {} into {shown} ({} KiB).",
        sandbox.marker.lesson,
        sandbox.root.display(),
        size.div_ceil(1024)
    );
    crate::text::outln!(
        "Commit and push it: git add {shown} && git commit -m \"Submit {}\" && git push",
        sandbox.marker.lesson
    );
    Ok(Exit::Success)
}
