//! The `no_global_config` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::config::global_files;

/// A setting is absent from the learner's global git config, read where git reads it (the file
/// `GIT_CONFIG_GLOBAL` names, else `~/.gitconfig` and the XDG one): e.g. a guard the brief says
/// to lift for one command only. The message says how to unset it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoGlobalConfig {
    /// The key, as `git config` names it: `protocol.file.allow`.
    pub(crate) key: String,
}

impl Kind for NoGlobalConfig {
    fn eval(&self, _ctx: &Context) -> Fact<Finding> {
        let key = self.key.as_str();
        // ~/.gitconfig last: it is the one git (and `git config --global`) writes.
        for (_, file) in global_files().into_iter().rev() {
            let Ok(config) = git2::Config::open(&file) else {
                continue;
            };
            if let Ok(entry) = config.get_entry(key) {
                // A key without `=` is `true` to git; git2's value_bytes panics on it.
                let value = if entry.has_value() {
                    String::from_utf8_lossy(entry.value_bytes()).into_owned()
                } else {
                    "true".to_string()
                };
                let shown = crate::paths::shell_path(&file);
                return Ok(Finding::no(format!(
                    "{key} is set to `{value}` in your global git config ({shown}), which weakens every repository you use: remove it with `git config --global --unset {key}`"
                )));
            }
        }
        Ok(Finding::yes(format!(
            "{key} is not set in your global git config"
        )))
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, _rules: &Rules) -> Result<(), String> {
        let key = &self.key;
        if key.split('.').count() < 2 || key.split('.').any(str::is_empty) {
            return Err(format!("`{key}` is not a git config key (section.name)"));
        }
        Ok(())
    }
}
