//! Durations (`30s`, `2m`, `1h30m`, `1d`) as whole seconds, the form KFP's retry policy uses.

/// Seconds in a duration written as one or more `<integer><unit>` parts, units `s`, `m`, `h`,
/// `d`, `w` (KFP's set), or a bare integer of seconds. `None` if it is not such a duration.
pub fn to_seconds(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let n: u64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
    }
    digits.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::to_seconds;

    #[test]
    fn parses_kfp_and_go_style_durations() {
        assert_eq!(to_seconds("60s"), Some(60));
        assert_eq!(to_seconds("2m"), Some(120));
        assert_eq!(to_seconds("1h30m"), Some(5_400));
        assert_eq!(to_seconds("45"), Some(45));
        assert_eq!(to_seconds("1.5s"), None);
        assert_eq!(to_seconds("10ms"), None);
        assert_eq!(to_seconds("m"), None);
        assert_eq!(to_seconds("3x"), None);
    }
}
