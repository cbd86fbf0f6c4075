//! Reading formats back as their consumers do: JSON against its schema, JUnit as CI reporters.

use serde_json::Value;

/// Checks `value` against the part of JSON Schema that schemars writes: `$ref`, `type`,
/// `properties`, `required`, `items`, `enum`, `const`, `oneOf`/`anyOf`, `minimum`.
pub fn validate(root: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/$defs/")
            .ok_or(format!("unsupported $ref {r}"))?;
        return validate(root, &root["$defs"][name], value, at);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let ok = options
                .iter()
                .filter(|s| validate(root, s, value, at).is_ok())
                .count();
            if ok == 0 || (key == "oneOf" && ok > 1) {
                return Err(format!("{at}: {value} matches {ok} of the {key} options"));
            }
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        return Err(format!("{at}: {value} is not {c}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {e:?}"));
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !fits {
            return Err(format!("{at}: {value} is not of type {types:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) && n < min
    {
        return Err(format!("{at}: {n} < {min}"));
    }
    if let Some(obj) = value.as_object() {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(req.as_str().unwrap()) {
                return Err(format!("{at}: {req} is missing"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in obj {
                match props.get(k) {
                    Some(s) => validate(root, s, v, &format!("{at}.{k}"))?,
                    None => return Err(format!("{at}: {k} is not in the schema")),
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            validate(root, items, v, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[derive(Debug, Default)]
pub struct Junit {
    pub tests: usize,
    pub failures: usize,
    pub suites: Vec<Suite>,
}

#[derive(Debug, Default)]
pub struct Suite {
    pub name: String,
    pub tests: usize,
    pub failures: usize,
    pub errors: usize,
    pub cases: Vec<Case>,
    pub system_out: Option<String>,
}

#[derive(Debug, Default)]
pub struct Case {
    pub name: String,
    pub classname: String,
    /// (`failure` or `error`, its message attribute, its body)
    pub outcome: Option<(String, String, String)>,
}

/// Reads JUnit XML the way CI test reporters do: counts on `testsuites` and `testsuite`, and
/// each `testcase` with an optional `failure` or `error` child whose body is the reason.
pub fn parse_junit(xml: &str) -> Junit {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut junit = Junit::default();
    let mut text = String::new();
    let attrs = |e: &quick_xml::events::BytesStart| -> std::collections::HashMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::default())
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect()
    };
    let num = |m: &std::collections::HashMap<String, String>, k: &str| {
        m.get(k).map_or(0, |v| v.parse().unwrap())
    };
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let a = attrs(e);
                match e.name().as_ref() {
                    b"testsuites" => {
                        junit.tests = num(&a, "tests");
                        junit.failures = num(&a, "failures");
                    }
                    b"testsuite" => junit.suites.push(Suite {
                        name: a["name"].clone(),
                        tests: num(&a, "tests"),
                        failures: num(&a, "failures"),
                        errors: num(&a, "errors"),
                        ..Default::default()
                    }),
                    b"testcase" => junit.suites.last_mut().unwrap().cases.push(Case {
                        name: a["name"].clone(),
                        classname: a["classname"].clone(),
                        outcome: None,
                    }),
                    kind @ (b"failure" | b"error") => {
                        let case = junit.suites.last_mut().unwrap().cases.last_mut().unwrap();
                        case.outcome = Some((
                            String::from_utf8(kind.to_vec()).unwrap(),
                            a.get("message").cloned().unwrap_or_default(),
                            String::new(),
                        ));
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    text.push(c);
                } else {
                    text.push_str(match r.decode().unwrap().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unknown entity {other}"),
                    });
                }
            }
            Event::End(e) => {
                match e.name().as_ref() {
                    b"failure" | b"error" => {
                        let case = junit.suites.last_mut().unwrap().cases.last_mut().unwrap();
                        case.outcome.as_mut().unwrap().2 = text.clone();
                    }
                    b"system-out" => {
                        junit.suites.last_mut().unwrap().system_out = Some(text.clone());
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    junit
}
