//! Durations as pipelines write them: `30s`, `2m`, `1h`, `1h30m`, `1.5h`, `250ms`.
//!
//! This is Go's `time.ParseDuration` syntax without a sign (a wait is never negative), which is
//! what Argo reads for retry backoff and what KFP's SDK accepts. A unit is always required: a bare
//! `30` means seconds to Argo but is rejected by KFP, so pipec asks for `30s`.

use std::fmt;
use std::time::Duration;

/// Why a text is not a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationError {
    /// The text as given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a duration ({}); write e.g. `30s`, `2m`, `1h` or `1h30m`",
            self.text, self.reason
        )
    }
}

impl std::error::Error for DurationError {}

/// The units, longest spelling first so `ms` is not read as `m` followed by `s`.
const UNITS: [(&str, f64); 8] = [
    ("ns", 1e-9),
    ("us", 1e-6),
    ("µs", 1e-6),
    ("ms", 1e-3),
    ("h", 3600.0),
    ("m", 60.0),
    ("s", 1.0),
    ("d", f64::NAN),
];

/// Parse a duration.
///
/// ```
/// use std::time::Duration;
/// use pipec_dsl::duration::parse;
/// assert_eq!(parse("1h30m").unwrap(), Duration::from_secs(5400));
/// assert_eq!(parse("250ms").unwrap(), Duration::from_millis(250));
/// assert!(parse("30").is_err() && parse("-5s").is_err() && parse("1d").is_err());
/// ```
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let error = |reason| DurationError {
        text: text.to_string(),
        reason,
    };
    if text.is_empty() {
        return Err(error("it is empty"));
    }
    if text.starts_with(['-', '+']) {
        return Err(error("it must not have a sign"));
    }
    let mut rest = text;
    let mut seconds = 0.0f64;
    while !rest.is_empty() {
        let (number, after) = split_number(rest);
        if number.is_empty() || number == "." {
            return Err(error("each part must start with a number"));
        }
        let (unit, after) = split_unit(after).map_err(error)?;
        let value: f64 = number.parse().map_err(|_| error("a number is malformed"))?;
        seconds += value * unit;
        rest = after;
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| error("it is too long"))
}

/// Split a leading decimal number (`12`, `1.5`, `.5`) off `s`.
fn split_number(s: &str) -> (&str, &str) {
    let mut seen_point = false;
    let end = s
        .char_indices()
        .find(|&(_, c)| {
            if c == '.' && !seen_point {
                seen_point = true;
                false
            } else {
                !c.is_ascii_digit()
            }
        })
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

/// Split a leading unit off `s`, returning its length in seconds.
fn split_unit(s: &str) -> Result<(f64, &str), &'static str> {
    if s.is_empty() {
        return Err("a unit is missing: use h, m, s or ms");
    }
    for (unit, seconds) in UNITS {
        if let Some(after) = s.strip_prefix(unit) {
            if seconds.is_nan() {
                return Err("days are not a unit: write `24h`");
            }
            return Ok((seconds, after));
        }
    }
    Err("the unit must be one of h, m, s, ms, us or ns")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts() {
        let cases = [
            ("30s", 30_000),
            ("2m", 120_000),
            ("1h", 3_600_000),
            ("1h30m", 5_400_000),
            ("1.5h", 5_400_000),
            ("250ms", 250),
            ("0s", 0),
            (".5s", 500),
        ];
        for (text, millis) in cases {
            assert_eq!(parse(text).unwrap().as_millis(), millis, "{text}");
        }
    }

    #[test]
    fn rejects() {
        for bad in [
            "", "30", "-5s", "+5s", "1d", "5x", "s", "1.2.3s", "1h 30m", ".s",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("1d").unwrap_err().to_string().contains("24h"));
        assert!(
            parse("30")
                .unwrap_err()
                .to_string()
                .contains("unit is missing")
        );
    }

    #[test]
    fn huge_is_an_error_not_a_panic() {
        assert!(parse("99999999999999999999999h").is_err());
    }
}
