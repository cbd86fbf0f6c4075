//! Revisions as lessons write them, parsed once when the lesson is loaded.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A revision: anything git understands (`main`, `stash@{0}^3`, `v1.2.0`), or `setup:NAME`
/// (optionally followed by `~N`/`^N`) for branch or tag NAME as it was when the sandbox was
/// built. Kept as written, for messages; the `setup:` part is split off once, here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rev {
    text: String,
    /// For `setup:NAME~N`: where NAME ends in `text` (it starts after `setup:`).
    setup_name_end: Option<usize>,
}

const SETUP: &str = "setup:";

impl Rev {
    pub fn parse(text: &str) -> Rev {
        let setup_name_end = text
            .strip_prefix(SETUP)
            .map(|rest| SETUP.len() + rest.find(['~', '^']).unwrap_or(rest.len()));
        Rev {
            text: text.to_string(),
            setup_name_end,
        }
    }

    /// `setup:BRANCH`: the branch (or tag) as the setup left it.
    pub fn at_setup(branch: &str) -> Rev {
        Rev::parse(&format!("{SETUP}{branch}"))
    }

    /// The default revision of a predicate that reads a commit.
    pub fn head() -> Rev {
        Rev::parse("HEAD")
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// NAME of `setup:NAME~N`, or `None` for an ordinary revision.
    pub fn setup_name(&self) -> Option<&str> {
        self.setup_name_end.map(|end| &self.text[SETUP.len()..end])
    }

    /// `~N` of `setup:NAME~N` (empty when there is none).
    pub fn setup_suffix(&self) -> &str {
        self.setup_name_end.map_or("", |end| &self.text[end..])
    }

    /// The revision in a sentence: `setup:main` reads "main as it was at the start".
    pub fn shown(&self) -> String {
        match self.text.strip_prefix(SETUP) {
            Some(rest) => format!("{rest} as it was at the start"),
            None => self.text.clone(),
        }
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Rev {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| Rev::parse(&text))
    }
}

impl JsonSchema for Rev {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::Rev;

    #[test]
    fn setup_revisions_are_split_once() {
        let r = Rev::parse("setup:release/1.0~2");
        assert_eq!(r.setup_name(), Some("release/1.0"));
        assert_eq!(r.setup_suffix(), "~2");
        assert_eq!(r.to_string(), "setup:release/1.0~2");
        assert_eq!(r.shown(), "release/1.0~2 as it was at the start");
        let plain = Rev::parse("stash@{0}^3");
        assert_eq!((plain.setup_name(), plain.setup_suffix()), (None, ""));
        assert_eq!(Rev::at_setup("main").setup_name(), Some("main"));
        assert_eq!(Rev::parse("setup:").setup_name(), Some(""));
    }
}
