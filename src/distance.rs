//! Edit distances between words.

/// Shortest word (in characters) that near-miss detection considers.
pub const NEAR_MIN_LEN: usize = 4;

/// How many edits a word of `len` characters may be from a name and still be a near miss of it:
/// 1 up to 7 characters, 2 from 8.
pub fn near_max_distance(len: usize) -> usize {
    if len >= 8 {
        2
    } else {
        1
    }
}

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), over chars.
#[allow(clippy::many_single_char_names)]
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return n.max(m);
    }
    let width = m + 1;
    let mut d = vec![0usize; (n + 1) * width];
    for i in 0..=n {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[n * width + m]
}

/// The candidate closest to `word` (case-insensitive), if at most `max` edits away; the first
/// of equally close ones.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::damerau_levenshtein as d;

    #[test]
    fn closest_candidate() {
        let keys = ["style", "rules", "select", "severity"];
        assert_eq!(super::closest("styel", keys, 2), Some("style"));
        assert_eq!(super::closest("Rules", keys, 2), Some("rules"));
        assert_eq!(super::closest("colour", keys, 2), None);
    }

    #[test]
    fn distances() {
        assert_eq!(d("Witzoff", "Witkoff"), 1);
        assert_eq!(d("Zelenksyy", "Zelenskyy"), 1);
        assert_eq!(d("Dmitrev", "Dmitriev"), 1);
        assert_eq!(d("abc", "abc"), 0);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("Erdoğan", "Erdogan"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
    }
}
