//! Context around a span of copy: quotations and sentences.

use std::ops::Range;

/// Byte ranges of the source inside direct quotations, paragraph by paragraph (a quotation never
/// runs past a line break). Double quotes, typographic or straight, and typographic single quotes
/// (‘…’, where a ’ between letters is an apostrophe) are read.
pub fn quotations(source: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (line_start, line) in lines(source) {
        let mut double: Option<usize> = None;
        let mut single: Option<usize> = None;
        let mut prev: Option<char> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let pos = line_start + i;
            match c {
                '\u{201C}' | '\u{201E}' | '\u{00AB}' if double.is_none() => double = Some(pos),
                '\u{201D}' | '\u{00BB}' => {
                    if let Some(start) = double.take() {
                        out.push(start..pos + c.len_utf8());
                    }
                }
                '"' => match double.take() {
                    Some(start) => out.push(start..pos + 1),
                    None => double = Some(pos),
                },
                '\u{2018}' if single.is_none() && !prev.is_some_and(char::is_alphanumeric) => {
                    single = Some(pos);
                }
                '\u{2019}'
                    if !next.is_some_and(char::is_alphanumeric)
                        || !prev.is_some_and(char::is_alphanumeric) =>
                {
                    if let Some(start) = single.take() {
                        out.push(start..pos + c.len_utf8());
                    }
                }
                _ => {}
            }
            prev = Some(c);
        }
        // An opening quote left open runs to the end of its paragraph.
        for start in [double, single].into_iter().flatten() {
            out.push(start..line_start + line.len());
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

fn lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    source.split_inclusive('\n').map(move |line| {
        let start = pos;
        pos += line.len();
        (start, line)
    })
}

/// Whether `offset` lies inside one of `ranges` (sorted by start). Double and single quotations
/// may nest, so every range that starts before `offset` is a candidate.
pub fn inside(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= offset);
    ranges[..i].iter().any(|r| r.contains(&offset))
}

/// The sentence of `text` around `offset`: from the last `. `, `? `, `! ` or line break before it to
/// the next one after it.
pub fn sentence(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let mut start = 0;
    for (i, _) in text[..offset].match_indices(['.', '?', '!', '\n', '\0']) {
        if ends_sentence(text, i) {
            start = i + 1;
        }
    }
    let mut end = text.len();
    for (i, _) in text[offset..].match_indices(['.', '?', '!', '\n', '\0']) {
        if ends_sentence(text, offset + i) {
            end = offset + i;
            break;
        }
    }
    &text[start..end]
}

/// Whether the punctuation at `i` ends a sentence: a line break, or `.?!` before a space after a
/// lower-case letter, a digit or a closing quote ("U.S. aid" does not end one).
fn ends_sentence(text: &str, i: usize) -> bool {
    if text[i..].starts_with(['\n', '\0']) {
        return true;
    }
    let before = text[..i].chars().next_back();
    text[i + 1..].starts_with(' ')
        && before.is_some_and(|c| {
            c.is_lowercase() || c.is_ascii_digit() || matches!(c, ')' | '"' | '\u{201D}' | '\'')
        })
}

/// The paragraph of `source` around `offset`: from the blank line (or start) before it to the blank
/// line (or end) after it, without the line breaks around it.
pub fn paragraph(source: &str, offset: usize) -> &str {
    let offset = offset.min(source.len());
    let is_blank = |line: &str| line.trim().is_empty();
    let mut start = 0;
    let mut pos = 0;
    let mut end = source.len();
    for line in source.split_inclusive('\n') {
        let line_end = pos + line.len();
        if is_blank(line) {
            if line_end <= offset {
                start = line_end;
            } else if pos > offset {
                end = pos;
                break;
            }
        }
        pos = line_end;
    }
    source[start..end].trim()
}

/// Whether the paragraph around `offset` reads as a headline, a subhead or a caption rather than
/// running copy: its text does not end with sentence punctuation ("Macron and Le Pen top
/// first-round vote").
pub fn headline_like(source: &str, offset: usize) -> bool {
    let p = paragraph(source, offset)
        .trim_end_matches(['*', '_', ' '])
        .trim_end();
    !p.ends_with([
        '.', '?', '!', '"', '\'', ')', ':', ';', ',', '\u{201D}', '\u{2019}', '\u{2026}',
        '\u{00BB}',
    ])
}

/// Four-digit years 1900-2099 written in `text`.
pub fn years(text: &str) -> Vec<i32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let window = &bytes[i..i + 4];
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let boundary_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if boundary_before
            && boundary_after
            && window.iter().all(u8::is_ascii_digit)
            && (window[0..2] == *b"19" || window[0..2] == *b"20")
        {
            if let Ok(y) = std::str::from_utf8(window).unwrap_or("0").parse() {
                out.push(y);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_and_single_quotations() {
        let s = "He said “President Trump won” and ‘Trump’s plan’ was fine; it's \"quoted\" here.\nNext “open\nline";
        let q = quotations(s);
        let texts: Vec<&str> = q.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                "“President Trump won”",
                "‘Trump’s plan’",
                "\"quoted\"",
                "“open\n"
            ]
        );
        assert!(inside(&q, s.find("President").unwrap_or(0)));
        assert!(!inside(&q, s.find("fine").unwrap_or(0)));
        assert!(!inside(&q, s.find("line").unwrap_or(0)));
    }

    #[test]
    fn a_quotation_around_many_single_quoted_phrases() {
        let s = "“He named ‘a’, ‘b’, ‘c’, ‘d’ and ‘e’ before President Trump,” she said.";
        let q = quotations(s);
        assert_eq!(q.len(), 6);
        assert!(inside(&q, s.find("President").unwrap_or(0)));
        assert!(!inside(&q, s.find("she").unwrap_or(0)));
    }

    #[test]
    fn paragraphs_and_headlines() {
        let s = "Talks resume in Miami\n\nThe envoy said\nthe talks went well.\n\nMore: ";
        let at = |w: &str| s.find(w).unwrap_or(0);
        assert_eq!(paragraph(s, at("Miami")), "Talks resume in Miami");
        assert_eq!(
            paragraph(s, at("talks went")),
            "The envoy said\nthe talks went well."
        );
        assert!(headline_like(s, at("Miami")));
        assert!(!headline_like(s, at("envoy")));
        assert!(!headline_like(s, at("More")));
        assert!(!headline_like("He *said so.*", 1));
    }

    #[test]
    fn sentences_and_years() {
        let t = "First one. In 2021 under President Joe Biden, U.S. aid grew. Last";
        let s = sentence(t, t.find("Biden").unwrap_or(0));
        assert_eq!(s, " In 2021 under President Joe Biden, U.S. aid grew");
        assert_eq!(years(s), vec![2021]);
        assert_eq!(years("a1999 2020s 2019, 3000 2024"), vec![2019, 2024]);
    }
}
