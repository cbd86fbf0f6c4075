//! `.env` files read as the shell that sources them reads them (`. ./.env`, `set -a`), so that a
//! lesson judges a key's value, not a line's bytes: quoting, `export`, comments, blank lines,
//! spacing and key order do not matter, and a later assignment overrides an earlier one.
//! A value of digits is a number (`PORT=08080` is port 8080, as every program reads it).

use serde_json::{Map, Value};

/// Whether `path` names an environment file: `.env`, or `NAME.env`.
pub(crate) fn is_env_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name == ".env" || name.ends_with(".env")
}

/// The file's assignments as a map of key to value, or the first line that is not one.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut map = Map::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let Some((key, raw)) = line.split_once('=') else {
            return Err(format!("line {} is not KEY=value", n + 1));
        };
        let key = key.trim_end();
        let name_ok = key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok {
            return Err(format!(
                "line {} does not start with a variable name",
                n + 1
            ));
        }
        let value = unquote(raw.trim_start())
            .ok_or_else(|| format!("line {} has an unclosed quote", n + 1))?;
        map.insert(key.to_string(), typed(value));
    }
    Ok(Value::Object(map))
}

/// A value without its quotes, or up to an unquoted ` #` comment; `None` for an open quote.
fn unquote(raw: &str) -> Option<String> {
    let mut chars = raw.chars();
    match chars.next() {
        Some('\'') => raw[1..].find('\'').map(|end| raw[1..=end].to_string()),
        Some('"') => {
            let mut out = String::new();
            let mut escaped = false;
            for c in chars {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => return Some(out),
                    (true, c) => {
                        // In double quotes the shell keeps the backslash except before these.
                        if !matches!(c, '"' | '\\' | '$' | '`') {
                            out.push('\\');
                        }
                        out.push(c);
                        escaped = false;
                    }
                    (false, c) => out.push(c),
                }
            }
            None
        }
        _ => {
            let end = raw
                .char_indices()
                .find(|&(i, c)| c == '#' && raw[..i].ends_with([' ', '\t']))
                .map_or(raw.len(), |(i, _)| i);
            Some(raw[..end].trim_end().to_string())
        }
    }
}

fn typed(value: String) -> Value {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<u64>() {
        Ok(n) if digits => Value::from(n),
        _ => Value::String(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(text: &str) -> Value {
        parse(text).unwrap()
    }

    #[test]
    fn quoting_export_comments_and_order_do_not_change_a_value() {
        let plain = env("PORT=8090\nDATABASE_URL=postgres://db/checkout_pr42\nKEY=pk_1\n");
        for same in [
            "export PORT=8090\nDATABASE_URL='postgres://db/checkout_pr42'\nKEY=\"pk_1\"\n",
            "# mine\n\nKEY=pk_1   # the test key\nPORT=\"8090\"\n  DATABASE_URL=postgres://db/checkout_pr42\n",
            "PORT=8080\nPORT=8090\nKEY=pk_1\nDATABASE_URL=postgres://db/checkout_pr42",
            "PORT=08090\r\nKEY = pk_1\r\nDATABASE_URL= postgres://db/checkout_pr42\r\n",
        ] {
            assert_eq!(env(same), plain, "{same:?}");
        }
        assert_eq!(env("PORT=8090")["PORT"], Value::from(8090));
        assert_eq!(env("A=x#not-a-comment")["A"], "x#not-a-comment");
        assert_eq!(env("A=\"a \\\"b\\\" \\n\"")["A"], "a \"b\" \\n");
        assert_eq!(env("A=")["A"], "");
    }

    #[test]
    fn what_a_shell_would_not_read_is_an_error_naming_the_line() {
        assert_eq!(
            parse("A=1\nnot an assignment\n"),
            Err("line 2 is not KEY=value".into())
        );
        assert_eq!(
            parse("1A=x\n"),
            Err("line 1 does not start with a variable name".into())
        );
        assert_eq!(
            parse("A='open\n"),
            Err("line 1 has an unclosed quote".into())
        );
    }

    #[test]
    fn env_files_are_known_by_name() {
        assert!(is_env_file(".env") && is_env_file("config/prod.env") && is_env_file("a\\.env"));
        assert!(!is_env_file(".envrc") && !is_env_file("env.yaml"));
    }
}
