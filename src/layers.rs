//! The floors of the crate, bottom first, and a test that holds every `crate::` path to them:
//! a module may use only modules on floors below its own. This keeps the crate free of import
//! cycles (sandbox → check → sandbox once crept in) without a tool to install.

/// Each floor may use the floors listed before it, never one after it or one beside it.
pub const FLOORS: &[&[&str]] = &[
    &["error", "platform", "text"],
    &["paths"],
    &["repo", "script"],
    &["predicates"],
    &["lesson"],
    &["sandbox"],
    &["check", "progress"],
    &["prove", "grade"],
    &["authoring", "render"],
    &["cli", "workshop"],
    &["commands"],
];

#[cfg(test)]
mod tests {
    use super::FLOORS;
    use std::path::Path;

    fn floor(module: &str) -> Option<usize> {
        FLOORS.iter().position(|f| f.contains(&module))
    }

    fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The top-level module a file of src/ belongs to (`None` for lib.rs and main.rs, which
    /// wire everything together, and for src/bin/, whose programs are crates of their own:
    /// their `crate::` is their own root, and they reach the library only as `git_kata::`).
    fn module_of(src: &Path, file: &Path) -> Option<String> {
        let rel = file.strip_prefix(src).unwrap();
        let first = rel.components().next()?.as_os_str().to_str()?;
        let name = first.strip_suffix(".rs").unwrap_or(first);
        (!matches!(name, "lib" | "main" | "layers" | "bin")).then(|| name.to_string())
    }

    /// Every `crate::X` in `text` whose X sits on `own`'s floor or above it.
    fn violations(file: &str, module: &str, own: usize, text: &str) -> Vec<String> {
        let mut wrong = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let used: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if used == module {
                    continue;
                }
                if used.is_empty() {
                    wrong.push(format!(
                        "{file}:{}: a grouped `crate::{{..}}` import: give each module its own `use crate::` line so its floor can be checked",
                        i + 1
                    ));
                    continue;
                }
                match floor(&used) {
                    Some(f) if f < own => {}
                    _ => wrong.push(format!("{file}:{}: {module} uses crate::{used}", i + 1)),
                }
            }
        }
        wrong
    }

    #[test]
    fn no_module_uses_a_floor_above_or_beside_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut wrong = Vec::new();
        for file in &files {
            let Some(module) = module_of(&src, file) else {
                continue;
            };
            let Some(own) = floor(&module) else {
                wrong.push(format!(
                    "{module} is on no floor: add it to FLOORS in src/layers.rs"
                ));
                continue;
            };
            let text = std::fs::read_to_string(file).unwrap();
            let shown = file.strip_prefix(&src).unwrap().display().to_string();
            wrong.extend(violations(&shown, &module, own, &text));
        }
        assert!(
            wrong.is_empty(),
            "imports against the floors:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn an_import_upwards_or_sideways_is_reported() {
        let sandbox = floor("sandbox").unwrap();
        let text =
            "use crate::error::Exit;\nlet e = crate::check::predicates::stash::read_stash(r);";
        assert_eq!(
            violations("sandbox/builder.rs", "sandbox", sandbox, text),
            ["sandbox/builder.rs:2: sandbox uses crate::check"]
        );
        let grade = floor("grade").unwrap();
        assert_eq!(
            violations("g.rs", "grade", grade, "crate::prove::x").len(),
            1
        );
        assert!(violations("g.rs", "grade", grade, "crate::grade::x crate::check::y").is_empty());
        assert_eq!(
            violations("g.rs", "grade", grade, "use crate::{check, render};").len(),
            1
        );
    }
}
