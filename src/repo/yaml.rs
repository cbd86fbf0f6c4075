//! The everyday shape of a learner's YAML file (maps, lists, quoted and plain scalars) read
//! straight from the parser's events into a `Value`. serde-saphyr spends about four times the
//! instructions on the same document through serde's generic layers, and `check` reads up to
//! three versions of a file (benches/README.md). Anything outside that shape (anchors,
//! aliases, tags, merge keys, several documents, a key or a scalar whose type needs YAML's
//! finer rules) is left to serde-saphyr: the two always agree, which the tests below compare
//! over every lesson's files and a corpus of edge cases.

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};

/// Well inside serde-saphyr's budget (64 levels, 250,000 nodes), so that a document it would
/// refuse is never accepted here.
const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 20_000;

/// The document as serde-saphyr would read it into a `Value`, or `None` when it is not of the
/// everyday shape (or not valid YAML): then serde-saphyr decides.
pub(crate) fn parse_common(text: &str) -> Option<Value> {
    enum Frame {
        List(Vec<Value>),
        Map(Map<String, Value>, Option<String>),
    }
    // The limits serde-saphyr gives the same parser (its Budget::parser_options), so that
    // neither accepts what the other refuses.
    let options = granit_parser::options! {
        simple_key_max_lookahead: 1024,
        flow_nesting_limit: 255,
        emit_comments: false,
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut root = None;
    let mut nodes = 0usize;
    let mut documents = 0;
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, _) = item.ok()?;
        let value = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                if let Some(Frame::Map(_, key @ None)) = stack.last_mut() {
                    *key = Some(key_text(&text, style)?);
                    continue;
                }
                scalar(&text, style)?
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                // A collection as a key (`? [a, b]`) is not the everyday shape.
                let is_key = matches!(stack.last(), Some(Frame::Map(_, None)));
                if anchor != 0 || tag.is_some() || is_key || stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::List(Vec::new())
                } else {
                    Frame::Map(Map::new(), None)
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::List(items)) => Value::Array(items),
                _ => return None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(map, None)) => Value::Object(map),
                _ => return None,
            },
            // Aliases, anchor metadata, comments.
            _ => return None,
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return None;
        }
        match stack.last_mut() {
            None if root.is_none() => root = Some(value),
            None => return None,
            Some(Frame::List(items)) => items.push(value),
            Some(Frame::Map(map, key)) => {
                let key = key.take()?;
                // serde-saphyr refuses a duplicate key; let it say so.
                if map.contains_key(&key) {
                    return None;
                }
                map.insert(key, value);
            }
        }
    }
    if stack.is_empty() { root } else { None }
}

/// A key as text. Plain keys that YAML could read as something else (`on`, `null`, `1`,
/// `<<`) are left to serde-saphyr.
fn key_text(text: &str, style: ScalarStyle) -> Option<String> {
    if style == ScalarStyle::Plain && (!surely_text(text) || text == "<<") {
        return None;
    }
    Some(text.to_string())
}

/// An untagged scalar's value, by serde-saphyr's rules for an untyped target: quoted and
/// block scalars are text; a plain one is null, a YAML 1.1 boolean, an integer or text.
/// `None` for the plain forms whose reading takes its finer rules (floats, signs, radixes,
/// leading zeros, underscores, overflow).
fn scalar(text: &str, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::String(text.to_string()));
    }
    if is_null(text) {
        return Some(Value::Null);
    }
    let t = trim(text);
    if let Some(b) = boolean(t) {
        return Some(Value::Bool(b));
    }
    if !maybe_number(t) {
        return Some(Value::String(text.to_string()));
    }
    let digits = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    if digits(t) {
        return t.parse::<u64>().ok().map(Value::from);
    }
    match t.strip_prefix('-') {
        Some(rest) if digits(rest) && rest != "0" => t.parse::<i64>().ok().map(Value::from),
        _ => None,
    }
}

/// serde-saphyr's `yaml_trim`.
fn trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

fn is_null(text: &str) -> bool {
    text.is_empty() || text == "~" || text.eq_ignore_ascii_case("null")
}

fn boolean(t: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "on"];
    const FALSE: [&str; 4] = ["false", "no", "n", "off"];
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// A plain scalar no YAML rule reads as anything but text: not null or a boolean, and not
/// possibly a number. A number (decimal, `0x`/`0o`/`0b`, a float, `.inf`, `.nan`; Rust's
/// float parser, which serde-saphyr uses, also takes `inf` and `nan`) starts with a digit, a
/// sign or a dot, holds at most one dot, and no letter outside those forms: `15m`, `1GB`,
/// `0.7.2` and `--flag` are text.
fn surely_text(text: &str) -> bool {
    let t = trim(text);
    !is_null(text) && boolean(t).is_none() && !maybe_number(t)
}

/// Whether some numeric form could read the trimmed scalar `t` (see `surely_text`).
fn maybe_number(t: &str) -> bool {
    let Some(first) = t.bytes().next() else {
        return true;
    };
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    let numeric = |b: u8| {
        b.is_ascii_digit()
            || matches!(b, b'a'..=b'f' | b'A'..=b'F' | b'_' | b'.' | b'+' | b'-')
            || b"xXoOinftyINFTY".contains(&b)
    };
    t.bytes().all(numeric) && t.matches('.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saphyr(text: &str) -> Option<Value> {
        serde_saphyr::from_str::<Value>(text).ok()
    }

    /// Whenever the fast path answers, serde-saphyr answers the same.
    fn agrees(text: &str) -> bool {
        match parse_common(text) {
            None => true,
            Some(fast) => saphyr(text).as_ref() == Some(&fast),
        }
    }

    const EDGES: &[&str] = &[
        "a: 1\nb: -2\nc: 0\nd: 007\ne: 1_000\nf: 0x1F\ng: +5\nh: -0\n",
        "a: 1.5\nb: .inf\nc: -.inf\nd: .nan\ne: 1e3\nf: 1e999\ng: inf\nh: nan\ni: Infinity\n",
        "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: N\ng: true\nh: FALSE\ni: yess\n",
        "a: ~\nb: null\nc: NULL\nd: nUll\ne:\nf: '~'\ng: \"null\"\nh: 'yes'\n",
        "on: 1\n",
        "1: a\n2: b\n",
        "null: x\n",
        "~: x\n",
        "'on': 1\n\"1\": 2\n",
        "a: 1\na: 2\n",
        "base: &b {x: 1}\nother: *b\n",
        "<<: {x: 1}\ny: 2\n",
        "a: !!str 5\nb: !!int '7'\n",
        "---\na: 1\n---\nb: 2\n",
        "? [a, b]\n: c\n",
        "- 1\n- two\n- [3, four]\n- {five: 5}\n",
        "plain text\n",
        "42\n",
        "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
        "a: 'single ''quoted'''\nb: \"double \\t quoted\"\n",
        "a: 18446744073709551615\nb: 18446744073709551616\nc: -9223372036854775808\nd: -9223372036854775809\n",
        "a: /healthz\nb: fleet-api:v1.0.1\nc: 250m\nd: _x\ne: $HOME\nf: '*'\n",
        "a: 1 # comment\nb: text # comment\n",
        "a:\n  - b: 1\n    c: [1, 2, {d: e}]\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "\ta: 1\n",
        "a: 12:30\nb: 2001-12-14\nc: 1.0.0\nd: v1\n",
        "a: 'x\n",
        "key with spaces: value with spaces\n",
        "ü: ñ\nemoji: 🎉\n",
        "a: 1GB\nb: 15m\nc: 0.7.2\nd: --flag\ne: -1.5\nf: 1e-3\ng: 0x1Fg\nh: 12:30:00\ni: 1,000\n",
        "a: -inf\nb: +.inf\nc: 0b101\nd: 0o17\ne: 1_0\nf: 1.\ng: .5\nh: 5.\ni: -\nj: +\n",
        "a: 1 2\nb: 0xZZ\nc: 1-2\nd: 2001-12-14t21:59:43.10-05:00\ne: 6.8523015e+5\nf: 685.230_15e+03\n",
        "15m: a\n0.7.2: b\n--x: c\n1GB: d\n",
    ];

    #[test]
    fn agrees_with_serde_saphyr_wherever_it_answers() {
        for text in EDGES {
            assert!(
                agrees(text),
                "differs on {text:?}: {:?}",
                parse_common(text)
            );
        }
    }

    #[test]
    fn answers_the_everyday_shape_and_leaves_the_rest() {
        let doc = "apiVersion: apps/v1\nspec:\n  replicas: 2\n  containers:\n  - name: api\n    image: fleet-api:v1.0.0\n    port: 8080\n    debug: false\n    note: \"64Mi\"\n";
        assert_eq!(parse_common(doc), saphyr(doc));
        assert!(parse_common(doc).is_some());
        for left in [
            "a: &x 1\nb: *x\n",
            "a: 1.5\n",
            "<<: {x: 1}\n",
            "a: 1\na: 2\n",
            "on: 1\n",
        ] {
            assert_eq!(parse_common(left), None, "{left:?}");
        }
        let deep = format!("{}x", "- ".repeat(MAX_DEPTH + 1));
        assert_eq!(parse_common(&deep), None);
    }

    /// Every YAML file a built-in lesson writes: the fast path answers nearly all of them (they
    /// are the everyday shape), and agrees with serde-saphyr on each, whole and with every
    /// line cut in two.
    #[test]
    fn agrees_on_every_lesson_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
        let (mut seen, mut answered) = (0, 0);
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let Some(lesson) = saphyr(&text) else {
                continue;
            };
            let mut stack = vec![&lesson];
            while let Some(v) = stack.pop() {
                match v {
                    Value::Object(m) => {
                        stack.extend(m.values());
                        let yaml = m
                            .get("path")
                            .and_then(Value::as_str)
                            .is_some_and(|p| p.ends_with(".yaml") || p.ends_with(".yml"));
                        let Some(doc) = m.get("content").and_then(Value::as_str) else {
                            continue;
                        };
                        if !yaml {
                            continue;
                        }
                        seen += 1;
                        answered += usize::from(parse_common(doc).is_some());
                        assert!(agrees(doc), "{}: differs on {doc:?}", path.display());
                        let half: Vec<&str> = doc
                            .lines()
                            .map(|l| {
                                l.char_indices()
                                    .nth(l.chars().count() / 2)
                                    .map_or(l, |(i, _)| &l[..i])
                            })
                            .collect();
                        let half = half.join("\n");
                        assert!(agrees(&half), "{}: differs on {half:?}", path.display());
                    }
                    Value::Array(a) => stack.extend(a.iter()),
                    _ => {}
                }
            }
        }
        assert!(seen >= 10, "only {seen} YAML files found in the lessons");
        assert!(
            answered * 10 >= seen * 9,
            "the fast path answered only {answered} of {seen}"
        );
    }

    /// Every one-character deletion of the edge cases: broken indentation, quotes cut open,
    /// keys run into values. Wherever the fast path answers, serde-saphyr says the same.
    #[test]
    fn agrees_on_every_one_character_deletion() {
        for text in EDGES {
            for (i, c) in text.char_indices() {
                let cut = format!("{}{}", &text[..i], &text[i + c.len_utf8()..]);
                assert!(agrees(&cut), "differs on {cut:?}: {:?}", parse_common(&cut));
            }
        }
    }
}
