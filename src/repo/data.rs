//! Structured files (YAML, JSON, `.env`) judged by what they mean: the value under a key, and which
//! keys a change touched. Comments, quoting style, key order and indentation do not matter,
//! and a value under the wrong key is not mistaken for the right one, as a line pattern would.

use serde_json::Value;

/// How a structured file is read, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    /// `.env` and `NAME.env`, as the shell that sources them reads them.
    Env,
    /// `NAME.json`.
    Json,
    /// Anything else.
    Yaml,
}

impl Format {
    pub(crate) fn of(path: &str) -> Format {
        if super::dotenv::is_env_file(path) {
            Format::Env
        } else if path.ends_with(".json") {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// A document parsed by its file name (`Format::of`).
pub(crate) fn parse(path: &str, bytes: &[u8]) -> Result<Value, String> {
    let text = String::from_utf8_lossy(bytes);
    match Format::of(path) {
        Format::Env => {
            super::dotenv::parse(&text).map_err(|e| format!("it is not a KEY=value file ({e})"))
        }
        Format::Json => {
            serde_json::from_str(&text).map_err(|e| format!("it is not valid JSON ({e})"))
        }
        Format::Yaml if text.trim().is_empty() => Ok(Value::Null),
        Format::Yaml => super::yaml::parse_common(&text).map_or_else(
            || {
                serde_saphyr::from_str(&text).map_err(|e| {
                    let first = e.to_string();
                    let first = first.lines().next().unwrap_or("").to_string();
                    format!("it is not valid YAML ({first})")
                })
            },
            Ok,
        ),
    }
}

/// The value at a dotted key path; list positions are numbers.
pub(crate) fn lookup<'v>(doc: &'v Value, key: &str) -> Option<&'v Value> {
    key.split('.').try_fold(doc, |v, part| match v {
        Value::Object(map) => map.get(part),
        Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A value as YAML would write it inline: `true`, `8080`, `fleet-api:v1.0.1`.
pub(crate) fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null (empty)".to_string(),
        Value::Object(_) => "a map".to_string(),
        Value::Array(_) => "a list".to_string(),
        other => other.to_string(),
    }
}

/// Equal values; a whole number is the same whether YAML read it as integer or float.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Key paths at which two documents differ: the deepest keys where maps part, or where a
/// value (a list, a scalar) is replaced.
pub(crate) fn differences(
    old: Option<&Value>,
    new: Option<&Value>,
    at: &str,
    out: &mut Vec<String>,
) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                differences(a.get(k), b.get(k), &path, out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let path = if at.is_empty() {
                    i.to_string()
                } else {
                    format!("{at}.{i}")
                };
                differences(Some(x), Some(y), &path, out);
            }
        }
        (a, b) => {
            let equal = match (a, b) {
                (Some(x), Some(y)) => same(x, y),
                (None, None) => true,
                _ => false,
            };
            if !equal {
                out.push(if at.is_empty() {
                    "the whole document".to_string()
                } else {
                    at.to_string()
                });
            }
        }
    }
}

/// Whether `changed` is `key` or lies under it (or above it, when a whole map was replaced).
pub(crate) fn covers(key: &str, changed: &str) -> bool {
    changed == key
        || changed.starts_with(&format!("{key}."))
        || key.starts_with(&format!("{changed}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        parse("x.yaml", text.as_bytes()).unwrap()
    }

    #[test]
    fn comments_and_layout_do_not_matter_keys_do() {
        let doc = yaml("search:\n  enabled: true  # turned on\n  index: products\n");
        assert_eq!(lookup(&doc, "search.enabled"), Some(&Value::Bool(true)));
        let wrong = yaml("enabled: true\nsearch:\n  enabled: false\n");
        assert_eq!(lookup(&wrong, "search.enabled"), Some(&Value::Bool(false)));
        let list = yaml("spec:\n  containers:\n  - name: api\n    image: a:1\n");
        assert_eq!(
            lookup(&list, "spec.containers.0.image"),
            Some(&Value::String("a:1".into()))
        );
    }

    #[test]
    fn differences_name_the_deepest_changed_keys() {
        let old = yaml("port: 8081\nsearch:\n  enabled: false\n  index: products\n");
        let new = yaml("port: 9090\nsearch:\n  enabled: true\n  index: products\n");
        let mut out = Vec::new();
        differences(Some(&old), Some(&new), "", &mut out);
        assert_eq!(out, ["port", "search.enabled"]);
        let mut none = Vec::new();
        let reformatted = yaml("search: {index: products, enabled: false}\nport: 8081\n");
        differences(Some(&old), Some(&reformatted), "", &mut none);
        assert!(none.is_empty(), "{none:?}");
        assert!(covers("search.enabled", "search.enabled"));
        assert!(covers("search", "search.enabled"));
        assert!(!covers("search.enabled", "search.index"));
    }
}
