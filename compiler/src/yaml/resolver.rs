//! What a YAML reader would make of a plain (unquoted) scalar.
//!
//! A plain scalar is typed by the reader: `yes` is a boolean to a YAML 1.1 reader (Kubernetes'
//! Go parser, PyYAML), `0755` an octal integer, `1:20` a base-60 integer, `2024-06-01` a
//! timestamp, `~` null. pipec's strings must come back as the same strings in every reader, so
//! the writer quotes any string these functions call ambiguous. The rules follow both the YAML
//! 1.1 type repository (booleans, base-60, underscores in numbers, timestamps, merge `<<`,
//! value `=`) and the YAML 1.2 core schema, erring on the side of quoting: a needless pair of
//! quotes costs two bytes, a misread value breaks a workflow.

/// Whether a plain string in value position could be read back as something other than that
/// string by a YAML 1.1 or 1.2 reader.
pub(super) fn is_ambiguous_value(s: &str) -> bool {
    is_keyword(s) || is_number(s, Schema::Yaml11) || is_timestamp(s)
}

/// Whether a plain string in key position could be read back as something other than that
/// string. Keys are held to both number grammars (YAML 1.1's loose and 1.2's strict one).
pub(super) fn is_ambiguous_key(s: &str) -> bool {
    is_ambiguous_value(s) || is_number(s, Schema::Yaml12)
}

/// Which number grammar to apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Schema {
    /// YAML 1.1 as Go's and Python's readers implement it: underscores anywhere, base 60.
    Yaml11,
    /// The YAML 1.2 core schema: underscores only between digits.
    Yaml12,
}

/// Null, booleans (YAML 1.1's `y`/`n`/`yes`/`no`/`on`/`off` in any case too), the undotted
/// float spellings some readers accept, the merge key `<<` and the YAML 1.1 value key `=`.
pub(super) fn is_keyword(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return true;
    };
    if s.len() > 5 {
        return false;
    }
    // Dispatch on the first byte, folded to lower case (the comparison below is exact).
    let candidates: &[&str] = match first | 0x20 {
        b'n' => &["n", "no", "null", "nan"],
        b't' => &["true"],
        b'f' => &["false"],
        b'y' => &["y", "yes"],
        b'o' => &["on", "off"],
        b'i' => &["inf"],
        b'~' => &["~"],
        b'<' => &["<<"],
        b'=' => &["="],
        b'+' => &["+inf"],
        b'-' => &["-inf"],
        _ => return false,
    };
    candidates.iter().any(|c| s.eq_ignore_ascii_case(c))
}

/// Whether `s` is an integer or float in the given grammar, without constructing the value (an
/// overflowing or unconstructible spelling is still typed as a number by the reader).
fn is_number(s: &str, schema: Schema) -> bool {
    if !matches!(
        s.as_bytes().first(),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'_')
    ) {
        return false;
    }
    let unsigned = strip_sign(s);
    if unsigned.eq_ignore_ascii_case(".inf") || unsigned.eq_ignore_ascii_case(".nan") {
        return true;
    }
    if schema == Schema::Yaml11 {
        if is_sexagesimal(s) {
            return true;
        }
        // The YAML 1.1 radix productions accept any run of digits and underscores.
        if let Some((radix, digits)) = radix_digits(unsigned)
            && is_digit_run(digits, radix, Underscores::Anywhere)
        {
            return true;
        }
        if s.contains('_') {
            // Go's reader drops every underscore before resolving a number.
            return is_plain_number(&s.replace('_', ""), schema);
        }
    }
    is_plain_number(s, schema)
}

/// The decimal, radix and exponent forms, after YAML 1.1 underscore removal.
fn is_plain_number(s: &str, schema: Schema) -> bool {
    let unsigned = strip_sign(s);
    if let Some((radix, digits)) = radix_digits(unsigned) {
        // Go's binary and octal fallbacks accept a sign after an unsigned `0b`/`0o` prefix.
        let digits = if schema == Schema::Yaml11 && (s.starts_with("0b") || s.starts_with("0o")) {
            strip_sign(digits)
        } else {
            digits
        };
        return is_digit_run(digits, radix, Underscores::BetweenDigits);
    }
    let mantissa = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            if !is_digit_run(strip_sign(exponent), 10, Underscores::BetweenDigits) {
                return false;
            }
            mantissa
        }
        None => unsigned,
    };
    match mantissa.split_once('.') {
        None => is_digit_run(mantissa, 10, Underscores::BetweenDigits),
        Some((whole, fraction)) => {
            if !whole.is_empty() && !is_digit_run(whole, 10, Underscores::BetweenDigits) {
                return false;
            }
            match schema {
                // YAML 1.1's float allows `[0-9.]*` after the dot, even unconstructible ones.
                Schema::Yaml11 => fraction.bytes().all(|b| b.is_ascii_digit() || b == b'.'),
                Schema::Yaml12 if fraction.is_empty() => !whole.is_empty(),
                Schema::Yaml12 => is_digit_run(fraction, 10, Underscores::BetweenDigits),
            }
        }
    }
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['+', '-']).unwrap_or(s)
}

fn radix_digits(s: &str) -> Option<(u32, &str)> {
    match s.as_bytes() {
        [b'0', b'b' | b'B', ..] => Some((2, &s[2..])),
        [b'0', b'o' | b'O', ..] => Some((8, &s[2..])),
        [b'0', b'x' | b'X', ..] => Some((16, &s[2..])),
        _ => None,
    }
}

/// Where a digit run may hold `_`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Underscores {
    Anywhere,
    BetweenDigits,
}

/// A non-empty run of digits of `radix`, with underscores as `underscores` allows.
fn is_digit_run(s: &str, radix: u32, underscores: Underscores) -> bool {
    let is_digit = |b: u8| char::from(b).is_digit(radix);
    let bytes = s.as_bytes();
    !bytes.is_empty()
        && bytes.iter().enumerate().all(|(i, &b)| {
            is_digit(b)
                || (b == b'_'
                    && (underscores == Underscores::Anywhere
                        || (i > 0
                            && is_digit(bytes[i - 1])
                            && bytes.get(i + 1).is_some_and(|&next| is_digit(next)))))
        })
}

/// YAML 1.1 base-60 integers and floats (`1:20`, `-190:20:30.15`).
fn is_sexagesimal(s: &str) -> bool {
    let unsigned = strip_sign(s);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let Some((first, rest)) = integer.split_once(':') else {
        return false;
    };
    let Some(&lead) = first.as_bytes().first() else {
        return false;
    };
    if !lead.is_ascii_digit()
        || (fraction.is_none() && lead == b'0')
        || !first.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    // Every later component is one or two digits in 0..=59.
    let sixties = rest.split(':').all(|part| match part.as_bytes() {
        [digit] => digit.is_ascii_digit(),
        [tens, units] => matches!(tens, b'0'..=b'5') && units.is_ascii_digit(),
        _ => false,
    });
    sixties && fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_'))
}

/// YAML 1.1 timestamps as Go's reader accepts them, without calendar validation (a reader types
/// `2024-13-45` as a timestamp and then fails to construct it).
fn is_timestamp(s: &str) -> bool {
    if !s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut cursor = Cursor(s);
    if !(cursor.digits(4, 4)
        && cursor.eat(b'-')
        && cursor.digits(1, 2)
        && cursor.eat(b'-')
        && cursor.digits(1, 2))
    {
        return false;
    }
    if cursor.0.is_empty() {
        return true;
    }
    if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.blanks()) {
        return false;
    }
    if !(cursor.digits(1, 2)
        && cursor.eat(b':')
        && cursor.digits(1, 2)
        && cursor.eat(b':')
        && cursor.digits(1, 2))
    {
        return false;
    }
    // Go's time parser also accepts a comma before the fraction.
    if cursor.eat(b'.') || cursor.eat(b',') {
        cursor.digits(0, usize::MAX);
    }
    cursor.blanks();
    if cursor.0.is_empty() || cursor.0 == "Z" {
        return true;
    }
    if !((cursor.eat(b'+') || cursor.eat(b'-')) && cursor.digits(1, 2)) {
        return false;
    }
    if cursor.eat(b':') && !cursor.digits(2, 2) {
        return false;
    }
    cursor.0.is_empty()
}

/// The unread rest of a timestamp candidate.
struct Cursor<'s>(&'s str);

impl Cursor<'_> {
    /// Consume `min..=max` ASCII digits; false (consuming nothing) if the run is outside.
    fn digits(&mut self, min: usize, max: usize) -> bool {
        let len = self.0.bytes().take_while(u8::is_ascii_digit).count();
        if !(min..=max).contains(&len) {
            return false;
        }
        self.0 = &self.0[len..];
        true
    }

    /// Consume `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        if self.0.as_bytes().first() == Some(&byte) {
            self.0 = &self.0[1..];
            true
        } else {
            false
        }
    }

    /// Consume spaces and tabs; true if there was at least one.
    fn blanks(&mut self) -> bool {
        let rest = self.0.trim_start_matches([' ', '\t']);
        let any = rest.len() < self.0.len();
        self.0 = rest;
        any
    }
}

#[cfg(test)]
mod tests {
    use super::{is_ambiguous_key, is_ambiguous_value};

    #[test]
    fn yaml_1_1_scalars_are_ambiguous() {
        for s in [
            "",
            "~",
            "NULL",
            "True",
            "yes",
            "Y",
            "n",
            "ON",
            "Off",
            "0755",
            "0o17",
            "0x1F",
            "0b101",
            "1_000",
            "1:20",
            "-1:20:30.5",
            ".inf",
            "-.Inf",
            ".NaN",
            "1e3",
            "1.5e-3",
            "+.5",
            "1.",
            "2024-06-01",
            "2024-6-1 10:00:00 +02:00",
            "2001-12-14t21:59:43.10-05:00",
            "<<",
            "=",
            "nan",
            "+inf",
        ] {
            assert!(is_ambiguous_value(s), "{s:?}");
            assert!(is_ambiguous_key(s), "{s:?}");
        }
    }

    #[test]
    fn ordinary_strings_are_not() {
        for s in [
            "name",
            "yesno",
            "1.2.3-beta",
            "v1",
            "0x",
            "1e",
            "2024-06",
            "a:b",
            "e5",
            "x1:20",
            "1:60",
            "10:00:00Z",
        ] {
            assert!(!is_ambiguous_value(s), "{s:?}");
        }
    }
}
