//! How a string is written: plain, double-quoted with escapes, or as a literal block.
//!
//! A string is written plain only when every YAML 1.1 and 1.2 reader gives back exactly that
//! string: it must not read as another type (see [`super::resolver`]), must not start with an
//! indicator (`- `, `? `, `:`, `[`, `{`, `#`, `&`, `*`, `!`, `|`, `>`, quotes, `%`, `@`, `` ` ``,
//! `,`), must not contain `: ` or ` #` or end in `:`, must not start or end with white space,
//! must not look like a document marker (`---`, `...`) and must hold only printable characters.
//! Keys are stricter still: no `:` and no flow indicators (`,[]{}`) at all. Everything else is
//! double-quoted, with YAML's escapes for control and non-printable characters. Multi-line
//! strings (scripts) become literal blocks (`|`) with the chomping indicator that keeps their
//! trailing newlines, unless they hold characters a block cannot carry (`\r`, controls), in
//! which case they are double-quoted too. The three one-character strings `.`, `#` and `-`
//! are single-quoted.

use super::resolver::{is_ambiguous_key, is_ambiguous_value, is_keyword};

/// Keys longer than this (in characters) cannot be implicit keys (YAML 1.2 §7.4): the writer
/// gives them the explicit `? key` form.
pub(super) const MAX_IMPLICIT_KEY_CHARS: usize = 1024;

/// How a string in value position is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// As is.
    Plain,
    /// In single quotes (only the one-character indicators `.`, `#`, `-`).
    SingleQuoted,
    /// In double quotes, as is (nothing in it needs an escape).
    Quoted,
    /// In double quotes, with escapes.
    Escaped,
    /// As a literal block scalar (`|`, `|-`, `|+`).
    Literal,
}

/// The style for a string in value position.
pub(super) fn value_style(s: &str) -> Style {
    if is_word(s) {
        return if is_keyword(s) {
            Style::Quoted
        } else {
            Style::Plain
        };
    }
    // One pass over printable ASCII, where ' ' is the only white space and there is no newline.
    let bytes = s.as_bytes();
    let mut prev = b'\0';
    let mut breaks_plain = false;
    let mut escapes = false;
    for &b in bytes {
        match CLASS[usize::from(b)] {
            Class::Word | Class::Colon | Class::Flow => {}
            Class::Space => breaks_plain |= prev == b':',
            Class::Hash => breaks_plain |= prev == b' ',
            Class::Escape => escapes = true,
            Class::Other => return non_ascii_value_style(s),
        }
        prev = b;
    }
    if let [b'.' | b'#' | b'-'] = bytes {
        Style::SingleQuoted
    } else if breaks_plain || prev == b':' || !starts_and_ends_plain(s) || is_ambiguous_value(s) {
        if escapes {
            Style::Escaped
        } else {
            Style::Quoted
        }
    } else {
        Style::Plain
    }
}

/// [`value_style`] for strings with line breaks, controls or non-ASCII characters.
fn non_ascii_value_style(s: &str) -> Style {
    if s.contains('\n') {
        if is_block_safe(s) {
            Style::Literal
        } else {
            Style::Escaped
        }
    } else if is_plain_value(s) {
        Style::Plain
    } else {
        Style::Escaped
    }
}

/// Whether a key can be written plain (otherwise it is double-quoted).
pub(super) fn key_is_plain(s: &str) -> bool {
    if is_word(s) {
        return !is_keyword(s);
    }
    let mut prev = b'\0';
    for &b in s.as_bytes() {
        match CLASS[usize::from(b)] {
            Class::Word | Class::Space | Class::Escape => {}
            Class::Colon | Class::Flow => return false,
            Class::Hash if prev == b' ' => return false,
            Class::Hash => {}
            Class::Other => return non_ascii_key_is_plain(s),
        }
        prev = b;
    }
    starts_and_ends_plain(s) && !is_ambiguous_key(s)
}

/// [`key_is_plain`] for keys with controls or non-ASCII characters.
fn non_ascii_key_is_plain(s: &str) -> bool {
    starts_and_ends_plain(s)
        && !is_ambiguous_key(s)
        && !s
            .chars()
            .any(|c| needs_escape(c) || matches!(c, ':' | ',' | '[' | ']' | '{' | '}'))
        && !has_comment_start(s)
}

/// The fast path for most keys and values (`apiVersion`, `comp-train`; not `python:3.11`):
/// an ASCII letter, then only characters that mean nothing to YAML inside a scalar. Such a string
/// cannot start with an indicator, hold `: `/` #`, have edge white space, be a document marker,
/// a number or a timestamp; it is plain unless it is a keyword (`yes`, `null`, ...).
fn is_word(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.iter().all(|&b| CLASS[usize::from(b)] == Class::Word)
}

/// What a byte means to the plain-scalar rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Printable ASCII with no meaning inside a scalar.
    Word,
    /// ' ', the only white space the fast paths know.
    Space,
    /// ':' (`: ` and a final `:` end a plain value; keys cannot hold it).
    Colon,
    /// '#' (after a space it starts a comment).
    Hash,
    /// ',', '[', ']', '{', '}' (flow indicators: keys cannot hold them).
    Flow,
    /// '"' and '\\' (escaped inside double quotes).
    Escape,
    /// Controls, line breaks, DEL and every byte of a multi-byte character: the slow path.
    Other,
}

static CLASS: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0x20;
    while b < 0x7F {
        table[b] = match b as u8 {
            b' ' => Class::Space,
            b':' => Class::Colon,
            b'#' => Class::Hash,
            b',' | b'[' | b']' | b'{' | b'}' => Class::Flow,
            b'"' | b'\\' => Class::Escape,
            _ => Class::Word,
        };
        b += 1;
    }
    table
};

/// The plain-value rules for any string (the slow path, for non-ASCII or control characters).
fn is_plain_value(s: &str) -> bool {
    starts_and_ends_plain(s)
        && !is_ambiguous_value(s)
        && !s.contains(": ")
        && !s.trim().ends_with(':')
        && !s.chars().any(needs_escape)
        && !has_comment_start(s)
}

/// The rules on the first and last characters shared by keys and values: no edge white space,
/// no indicator at the start, no document marker.
fn starts_and_ends_plain(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first.is_ascii_whitespace() || last.is_ascii_whitespace() {
        return false;
    }
    let indicator = match bytes {
        // `-` and `?` start a plain scalar only when followed by a non-space (`-v`, `?q`).
        [b'-' | b'?'] => true,
        [b'-' | b'?', second, ..] => second.is_ascii_whitespace(),
        _ => matches!(
            first,
            b',' | b':'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        ),
    };
    !indicator && !is_document_marker(bytes)
}

/// `---` or `...` alone or followed by white space would end or start a document.
fn is_document_marker(bytes: &[u8]) -> bool {
    match bytes {
        [b'-', b'-', b'-', rest @ ..] | [b'.', b'.', b'.', rest @ ..] => {
            rest.first().is_none_or(u8::is_ascii_whitespace)
        }
        _ => false,
    }
}

/// `#` after white space starts a comment in a plain scalar.
fn has_comment_start(s: &str) -> bool {
    let mut prev_space = false;
    for c in s.chars() {
        if c == '#' && prev_space {
            return true;
        }
        prev_space = c.is_whitespace();
    }
    false
}

/// Characters that only a double-quoted scalar can carry: controls (including tab and line
/// breaks), the byte-order mark, the Unicode line and paragraph separators and U+FFFE/U+FFFF.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// Whether every character of a multi-line string can stand in a literal block as is: YAML's
/// printable set minus `\r` (a reader turns it into `\n`), NEL, the BOM and the separators.
fn is_block_safe(s: &str) -> bool {
    s.chars().all(|c| match c {
        '\n' | '\t' => true,
        '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        c => matches!(
            c as u32,
            0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10_FFFF
        ),
    })
}

/// Append `s` in double quotes, escaping what a double-quoted scalar cannot hold as is.
pub(super) fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !matches!(CLASS[usize::from(bytes[i])], Class::Other | Class::Escape) {
            i += 1;
            continue;
        }
        // A quote, backslash, control or the start of a multi-byte character.
        let c = s[i..].chars().next().unwrap_or_default();
        let len = c.len_utf8();
        if c == '"' || c == '\\' || needs_escape(c) {
            out.push_str(&s[start..i]);
            push_escape(out, c);
            start = i + len;
        }
        i += len;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// YAML's short escape for `c` where there is one, else `\xHH` or `\uHHHH`.
fn push_escape(out: &mut String, c: char) {
    let short = match c {
        '\\' => "\\\\",
        '"' => "\\\"",
        '\0' => "\\0",
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\u{b}' => "\\v",
        '\u{c}' => "\\f",
        '\r' => "\\r",
        '\u{1b}' => "\\e",
        '\u{85}' => "\\N",
        '\u{2028}' => "\\L",
        '\u{2029}' => "\\P",
        _ => return push_hex_escape(out, c),
    };
    out.push_str(short);
}

/// `\xHH` for code points up to U+00FF, `\uHHHH` above (uppercase hex digits).
fn push_hex_escape(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let code = c as u32;
    let (prefix, digits) = if code <= 0xFF { ("\\x", 2) } else { ("\\u", 4) };
    out.push_str(prefix);
    for shift in (0..digits).rev() {
        out.push(char::from(HEX[((code >> (shift * 4)) & 0xF) as usize]));
    }
}

/// Append a one-character string in single quotes.
pub(super) fn write_single_quoted(out: &mut String, s: &str) {
    out.push('\'');
    out.push_str(s);
    out.push('\'');
}

/// Append `s` as a literal block: the header (`|`, an indentation indicator when the first
/// line starts with a space, and the chomping indicator), then each line at `body_col`.
pub(super) fn write_literal(out: &mut String, s: &str, body_col: usize) {
    let content = s.trim_end_matches('\n');
    let trailing_newlines = s.len() - content.len();
    out.push('|');
    if first_line_starts_with_space(content) {
        // The reader would take the leading spaces for indentation: state it (2 per level).
        out.push('2');
    }
    match trailing_newlines {
        0 => out.push('-'),
        1 if !content.is_empty() => {}
        _ => out.push('+'),
    }
    out.push('\n');
    if content.is_empty() {
        push_newlines(out, trailing_newlines);
        return;
    }
    for line in content.split('\n') {
        if !line.is_empty() {
            push_spaces(out, body_col);
            out.push_str(line);
        }
        out.push('\n');
    }
    push_newlines(out, trailing_newlines.saturating_sub(1));
}

fn first_line_starts_with_space(content: &str) -> bool {
    content
        .split('\n')
        .find(|line| !line.is_empty())
        .is_some_and(|line| line.starts_with(' '))
}

fn push_newlines(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push('\n');
    }
}

/// Append `n` spaces.
pub(super) fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > SPACES.len() {
        out.push_str(SPACES);
        n -= SPACES.len();
    }
    out.push_str(&SPACES[..n]);
}

/// Append a key: plain when [`key_is_plain`], else double-quoted.
pub(super) fn write_key(out: &mut String, s: &str) {
    if key_is_plain(s) {
        out.push_str(s);
    } else {
        write_double_quoted(out, s);
    }
}

#[cfg(test)]
mod tests {
    use super::{Style, key_is_plain, value_style, write_double_quoted};

    #[test]
    fn styles() {
        assert_eq!(value_style("hello world"), Style::Plain);
        assert_eq!(value_style("a: b"), Style::Quoted);
        assert_eq!(value_style("a #b"), Style::Quoted);
        assert_eq!(value_style("a#b"), Style::Plain);
        assert_eq!(value_style("key:"), Style::Quoted);
        assert_eq!(value_style("-"), Style::SingleQuoted);
        assert_eq!(value_style("- a"), Style::Quoted);
        assert_eq!(value_style("-a"), Style::Plain);
        assert_eq!(value_style("a\nb"), Style::Literal);
        assert_eq!(value_style("a\r\nb"), Style::Escaped);
        assert_eq!(value_style("a\u{a0}#b"), Style::Escaped);
        assert_eq!(value_style("a:\u{3000}"), Style::Escaped);
        assert!(key_is_plain("apiVersion"));
        assert!(!key_is_plain("a:b"));
        assert!(!key_is_plain("a,b"));
        assert!(!key_is_plain("yes"));
    }

    #[test]
    fn escapes() {
        let mut out = String::new();
        write_double_quoted(&mut out, "a\"\\\t\u{1}\u{7f}\u{85}\u{9f}\u{feff}\u{fffe}é");
        assert_eq!(out, r#""a\"\\\t\x01\x7F\N\x9F\uFEFF\uFFFEé""#);
    }
}
