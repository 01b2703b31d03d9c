//! Kubernetes resource quantities: `500m`, `2`, `4Gi`, `1e3`, `0.5`.
//!
//! pipec reads quantities with Kubernetes' own grammar, so a value that passes here is one the API
//! server accepts, and a typo such as `4GB` is reported before anything is submitted:
//!
//! ```text
//! quantity        ::= sign? number suffix
//! sign            ::= "+" | "-"
//! number          ::= digits | digits "." digits? | "." digits
//! suffix          ::= binary-si | decimal-si | exponent
//! binary-si       ::= "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei"
//! decimal-si      ::= "n" | "u" | "m" | "" | "k" | "M" | "G" | "T" | "P" | "E"
//! exponent        ::= ("e" | "E") sign? digits
//! ```

use std::fmt;

/// A parsed quantity. Keeps the parts as written, so nothing is rounded until [`Quantity::value`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// Whether a `-` sign was written.
    pub negative: bool,
    /// The digits before the decimal point (may be empty, as in `.5`).
    pub integer: String,
    /// The digits after the decimal point (may be empty).
    pub fraction: String,
    /// The unit suffix.
    pub suffix: Suffix,
}

/// The suffix of a [`Quantity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// A power of 1024: `Ki` is 1, `Mi` 2, … `Ei` 6.
    Binary(u8),
    /// A power of 10 written as an SI prefix: `n` is -9, `m` -3, none 0, `k` 3, … `E` 18.
    DecimalSi(i8),
    /// A power of 10 written as `e<n>` or `E<n>`.
    Exponent(i32),
}

/// Why a text is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    /// The text as given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a Kubernetes quantity ({}); write e.g. `500m`, `2`, `4Gi` or `1e3`",
            self.text, self.reason
        )
    }
}

impl std::error::Error for QuantityError {}

const BINARY_SUFFIXES: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const DECIMAL_SUFFIXES: [(&str, i8); 10] = [
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];

/// Parse a quantity.
///
/// ```
/// use pipec_dsl::quantity::parse;
/// assert_eq!(parse("4Gi").unwrap().value(), 4.0 * 1024.0 * 1024.0 * 1024.0);
/// assert_eq!(parse("500m").unwrap().value(), 0.5);
/// assert!(parse("4GB").is_err() && parse("2.5.1").is_err());
/// assert!(parse("-1").unwrap().negative);
/// ```
pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
    let error = |reason| QuantityError {
        text: text.to_string(),
        reason,
    };
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        Some(_) => (false, text),
        None => return Err(error("it is empty")),
    };
    let (integer, rest) = split_digits(rest);
    let (fraction, rest) = match rest.strip_prefix('.') {
        Some(after_point) => split_digits(after_point),
        None => ("", rest),
    };
    if integer.is_empty() && fraction.is_empty() {
        return Err(error("it does not start with a number"));
    }
    let suffix = parse_suffix(rest).ok_or_else(|| error(suffix_problem(rest)))?;
    Ok(Quantity {
        negative,
        integer: integer.to_string(),
        fraction: fraction.to_string(),
        suffix,
    })
}

/// Split a leading run of ASCII digits off `s`.
fn split_digits(s: &str) -> (&str, &str) {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    s.split_at(end)
}

fn parse_suffix(s: &str) -> Option<Suffix> {
    if let Some(i) = BINARY_SUFFIXES.iter().position(|b| *b == s) {
        return u8::try_from(i + 1).ok().map(Suffix::Binary);
    }
    if let Some((_, p)) = DECIMAL_SUFFIXES.iter().find(|(d, _)| *d == s) {
        return Some(Suffix::DecimalSi(*p));
    }
    let exponent = s.strip_prefix(['e', 'E'])?;
    let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    exponent.parse::<i32>().ok().map(Suffix::Exponent)
}

/// Why a suffix was rejected, for the error message.
fn suffix_problem(s: &str) -> &'static str {
    if s.starts_with('.') {
        "it has more than one decimal point"
    } else if s.ends_with('B') || s.ends_with('b') {
        "byte units are written without `B`: `Gi` or `G`, not `GB`"
    } else {
        "the unit must be one of Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent like e3"
    }
}

impl Quantity {
    /// The value as a float, correctly rounded from the decimal digits and then scaled by the
    /// binary suffix, so two spellings of one value (`0.1`, `100m`) give the same float.
    pub fn value(&self) -> f64 {
        let (power_of_ten, binary) = match self.suffix {
            Suffix::Binary(b) => (0i64, i32::from(b) * 10),
            Suffix::DecimalSi(p) => (i64::from(p), 0),
            Suffix::Exponent(e) => (i64::from(e), 0),
        };
        let exponent = power_of_ten - i64::try_from(self.fraction.len()).unwrap_or(i64::MAX);
        let mantissa = format!("0{}{}", self.integer, self.fraction);
        let magnitude = format!("{mantissa}e{exponent}")
            .parse::<f64>()
            .unwrap_or(f64::INFINITY);
        let scaled = magnitude * 2f64.powi(binary);
        if self.negative { -scaled } else { scaled }
    }

    /// Whether the quantity is below zero (`-0` is not).
    pub fn is_negative(&self) -> bool {
        self.negative && self.value() != 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_kubernetes_examples() {
        for ok in [
            "500m",
            "4Gi",
            "1e3",
            "0.5",
            "2",
            "+2",
            "1.",
            ".5",
            "1E-3",
            "128974848",
            "129M",
            "123Mi",
            "100n",
            "5u",
            "1Ei",
            "0",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "", "4GB", "2.5.1", "abc", "-", ".", "1e", "1e+", "Gi", "1 Gi", "1gi", "1K", "1.5.",
            "1e3.5", "1Gi1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn explains_byte_units() {
        let e = parse("4GB").unwrap_err().to_string();
        assert!(e.contains("not `GB`"), "{e}");
        let e = parse("2.5.1").unwrap_err().to_string();
        assert!(e.contains("more than one decimal point"), "{e}");
    }

    #[test]
    fn values() {
        assert_eq!(
            parse("0.1").unwrap().value(),
            parse("100m").unwrap().value()
        );
        assert_eq!(parse("1Gi").unwrap().value(), 1_073_741_824.0);
        assert_eq!(parse("1e3").unwrap().value(), 1000.0);
        assert_eq!(parse("2k").unwrap().value(), 2000.0);
        assert_eq!(parse("-1").unwrap().value(), -1.0);
        assert!(parse("-1").unwrap().is_negative());
        assert!(!parse("-0").unwrap().is_negative());
    }

    proptest! {
        /// Every string built from the grammar parses.
        #[test]
        fn grammar_strings_parse(
            sign in "[+-]?",
            int in "[0-9]{1,6}",
            frac in proptest::option::of("[0-9]{0,4}"),
            suffix in "(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|)|[eE][+-]?[0-9]{1,2}",
        ) {
            let text = match frac {
                Some(f) => format!("{sign}{int}.{f}{suffix}"),
                None => format!("{sign}{int}{suffix}"),
            };
            let q = parse(&text).unwrap();
            prop_assert_eq!(q.negative, sign == "-");
            prop_assert!(q.value().is_finite());
        }

        /// Any text: never panics, and whatever parses starts with a sign, digit or point.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,12}") {
            if parse(&text).is_ok() {
                let first = text.chars().next().unwrap();
                prop_assert!("+-.0123456789".contains(first));
            }
        }

        /// A byte unit (`B`) is never accepted.
        #[test]
        fn byte_units_rejected(n in 0u32..100_000, prefix in "[KMGTPE]i?") {
            let text = format!("{n}{prefix}B");
            prop_assert!(parse(&text).is_err());
        }
    }
}
