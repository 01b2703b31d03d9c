//! "Did you mean …?": the closest known name to a misspelled one.

/// A hint naming the closest candidate, or listing the candidates when none is close, or empty
/// when there are none. Starts with `; ` so it can follow a message directly.
pub(super) fn hint<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(best) = closest(wrong, &candidates) {
        return format!("; did you mean `{best}`?");
    }
    match candidates.len() {
        0 => String::new(),
        1..=8 => format!("; known: {}", quoted_list(&candidates)),
        _ => format!(
            "; known: {}, … ({} in all)",
            quoted_list(&candidates[..8]),
            candidates.len()
        ),
    }
}

/// `a`, `b`, `c` as one string.
pub(super) fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The candidate within a third of the wrong name's length in edits (at least 1, at most 3, and
/// fewer than the name's length, so `z` suggests nothing); ties go to the first candidate.
fn closest<'a>(wrong: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let length = wrong.chars().count();
    let limit = (length / 3).clamp(1, 3);
    let wrong = wrong.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for &c in candidates {
        let d = edit_distance(&wrong, &c.to_lowercase());
        if d <= limit && d < length && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours (the
/// "optimal string alignment" distance), so `lable` is one edit from `label`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between the first i chars of a and the first j chars of b.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest() {
        assert_eq!(
            hint("prediciton", ["taggen", "prediction"]),
            "; did you mean `prediction`?"
        );
        assert_eq!(hint("top-k", ["top_k"]), "; did you mean `top_k`?");
    }

    #[test]
    fn lists_when_nothing_is_close() {
        assert_eq!(
            hint("zzz", ["taggen", "model"]),
            "; known: `taggen`, `model`"
        );
        assert_eq!(hint("zzz", []), "");
        let many: Vec<String> = (0..10).map(|i| format!("name{i}")).collect();
        let h = hint("zzzzzzzzz", many.iter().map(String::as_str));
        assert!(h.ends_with("(10 in all)"), "{h}");
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("lable", "label"), 1);
        assert_eq!(hint("z", ["a"]), "; known: `a`");
    }
}
