//! The lesson loader on arbitrary text: parsing, the YAML budget and every check of meaning
//! must answer with problems, never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = git_kata::lesson::parse("fuzz.yaml", text);
    }
});
