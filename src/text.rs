//! Text from lessons and repositories made safe to print: every control character a terminal
//! would obey (ESC and the sequences it starts: clear the screen, move the cursor, write the
//! clipboard through OSC 52; a carriage return that overwrites a line; C1 controls; bidi
//! overrides that reorder what is read) is shown as a visible stand-in instead.
//!
//! Commit messages, file contents, branch names, paths and lesson texts reach the terminal
//! through `check`, `status`, `watch`, `hint`, `grade` and error lines, even with `NO_COLOR`
//! and into pipes: a submission could clear an instructor's screen and draw a fake "all
//! objectives met". `outln!` and `out!` (and `errln!` for stderr) are the print boundary:
//! they pass our own colour (SGR) sequences through only when colour is on for that stream,
//! and show everything else. A crate that strips escapes would hide what was there; showing
//! it is what tells an instructor that a file holds them.

use std::borrow::Cow;

/// Whether `c` is shown as a stand-in: C0 controls but newline and tab, DEL, C1 controls,
/// and the bidirectional embedding, override and isolate characters.
pub fn hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The visible stand-in: the Unicode control picture for C0 and DEL (`␛`, `␍`), `<U+XXXX>`
/// for the rest.
fn stand_in(c: char, out: &mut String) {
    let code = u32::from(c);
    match code {
        0x00..=0x1F => out.push(char::from_u32(0x2400 + code).unwrap_or('?')),
        0x7F => out.push('\u{2421}'),
        _ => out.push_str(&format!("<U+{code:04X}>")),
    }
}

/// `text` with every control character a terminal would obey made visible.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden_control(c) {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The length of a colour sequence (SGR: `ESC [ digits and ; m`) at the start of `s`.
fn sgr_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("\u{1b}[")?;
    let params = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (rest.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// `visible`, except colour sequences, which pass: for a stream where our styles are on.
/// A colour sequence moves nothing and writes nothing, so letting one from a file through
/// costs at most a coloured word; everything that could draw a false screen is shown.
pub fn visible_keep_colour(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(n) = sgr_len(rest) {
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if hidden_control(c) {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Which stream a text is printed to, for whether our colours are on there.
#[derive(Clone, Copy)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// `text` as it may be printed on `stream`.
pub fn for_stream(text: &str, stream: Stream) -> Cow<'_, str> {
    let colour = match stream {
        Stream::Stdout => console::colors_enabled(),
        Stream::Stderr => console::colors_enabled_stderr(),
    };
    if colour {
        visible_keep_colour(text)
    } else {
        visible(text)
    }
}

/// `println!` for text that may hold anything from a lesson or a repository.
macro_rules! outln {
    () => { println!() };
    ($($arg:tt)*) => {
        println!("{}", $crate::text::for_stream(&format!($($arg)*), $crate::text::Stream::Stdout))
    };
}

/// `print!` for text that may hold anything from a lesson or a repository.
macro_rules! out {
    ($($arg:tt)*) => {
        print!("{}", $crate::text::for_stream(&format!($($arg)*), $crate::text::Stream::Stdout))
    };
}

/// `eprintln!` for text that may hold anything from a lesson or a repository.
macro_rules! errln {
    () => { eprintln!() };
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::text::for_stream(&format!($($arg)*), $crate::text::Stream::Stderr))
    };
}

// Named as `crate::text::outln!`, so that the floors test sees which module prints.
pub(crate) use {errln, out, outln};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_text_and_layout_are_kept() {
        assert_eq!(visible("plain\ttext\nnext"), "plain\ttext\nnext");
        assert_eq!(visible("é ß ✓"), "é ß ✓");
        assert_eq!(visible("\u{1b}[2J\u{1b}[H"), "␛[2J␛[H");
        assert_eq!(visible("all met\rfail"), "all met␍fail");
        assert_eq!(
            visible("\u{1b}]52;c;aGk=\u{7}"),
            "␛]52;c;aGk=␇",
            "OSC 52 writes the clipboard"
        );
        assert_eq!(visible("a\u{7f}b\u{9b}c"), "a␡b<U+009B>c");
        assert_eq!(visible("x\u{202E}y"), "x<U+202E>y");
    }

    #[test]
    fn colour_passes_only_where_asked_and_nothing_else_does() {
        let styled = "\u{1b}[32m✓\u{1b}[0m met \u{1b}[2J";
        assert_eq!(visible_keep_colour(styled), "\u{1b}[32m✓\u{1b}[0m met ␛[2J");
        assert_eq!(visible(styled), "␛[32m✓␛[0m met ␛[2J");
        assert_eq!(visible_keep_colour("\u{1b}[1;31"), "␛[1;31");
    }
}
