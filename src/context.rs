//! Context around a span of copy: quotations, sentences, and the parts of a page that are not
//! the newsroom's running copy (captions, galleries, teasers, embedded posts, block quotes).

use std::ops::Range;

/// Byte ranges of the source inside direct quotations, paragraph by paragraph (a quotation never
/// runs past a blank line or into a heading, list item or block quote; a line break inside a
/// wrapped paragraph is a space). Double quotes, typographic or straight, and typographic single
/// quotes (‘…’, where a ’ between letters is an apostrophe) are read.
pub fn quotations(source: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (line_start, line) in wrapped_paragraphs(source) {
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

/// The paragraphs of `source` with where each starts: a line that ends in the middle of a
/// sentence runs on into the next, until a blank line or a line that starts a Markdown block (a
/// heading, a list item, a block quote, a table row). A line that ends a sentence ends its
/// paragraph: copy written one paragraph per line has no blank lines, and one stray quotation
/// mark must not turn every later paragraph inside out.
fn wrapped_paragraphs(source: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut open = false;
    for (start, line) in lines(source) {
        let ends_sentence = line.trim_end().ends_with([
            '.', '?', '!', ':', ';', '"', '\u{201D}', '\u{2019}', ')', '\u{2026}',
        ]);
        let trimmed = line.trim();
        let block = trimmed.starts_with(['#', '>', '|', '*', '-', '+'])
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        match out.last_mut() {
            Some((p, text)) if open && !trimmed.is_empty() && !block => {
                *text = &source[*p..start + line.len()];
            }
            _ => out.push((start, line)),
        }
        open = !trimmed.is_empty() && !ends_sentence;
    }
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
    &text[sentence_range(text, offset)]
}

/// The byte range of [`sentence`] in `text`.
pub fn sentence_range(text: &str, offset: usize) -> Range<usize> {
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
    start..end
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
/// line (or end) after it, without the line breaks around it. Lines end at `\n`; a line of
/// whitespace only (`\r` included) is blank; a blank line that holds `offset` bounds nothing.
pub fn paragraph(source: &str, offset: usize) -> &str {
    let offset = offset.min(source.len());
    let bytes = source.as_bytes();
    let is_blank = |line: Range<usize>| source[line].trim().is_empty();
    // Back from the last line that ends at or before `offset` (the last line of the source
    // ends at its end, line break or not) to the nearest blank one.
    let mut start = 0;
    let mut line_end = if offset == source.len() {
        offset
    } else {
        memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1)
    };
    while line_end > 0 {
        let line_start = memchr::memrchr(b'\n', &bytes[..line_end - 1]).map_or(0, |i| i + 1);
        if is_blank(line_start..line_end) {
            start = line_end;
            break;
        }
        line_end = line_start;
    }
    // On from the first line that starts after `offset` to the nearest blank one.
    let mut end = source.len();
    let mut line_start =
        memchr::memchr(b'\n', &bytes[offset..]).map_or(source.len(), |i| offset + i + 1);
    while line_start < source.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..])
            .map_or(source.len(), |i| line_start + i + 1);
        if is_blank(line_start..line_end) {
            end = line_start;
            break;
        }
        line_start = line_end;
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

/// Words that open a paragraph of page furniture: teasers, links to other stories, summaries,
/// captions and credits (compared without case).
const FURNITURE_OPENERS: &[&str] = &[
    "more:",
    "read more",
    "related:",
    "related coverage",
    "see also",
    "also read",
    "also see",
    "watch:",
    "listen:",
    "click here",
    "sign up",
    "subscribe",
    "follow us",
    "advertisement",
    "story highlights",
    "photos:",
    "photo:",
    "image:",
    "image caption",
    "image copyright",
    "media caption",
    "caption:",
    "video:",
    "getty images",
    "file photo",
];

/// Marks anywhere in a paragraph that make it a photo gallery.
const GALLERY_MARKS: &[&str] = &["Hide Caption", "Photos: Photos:"];

/// Credits that end a caption: a short paragraph holding one is a caption; in a long one (a
/// live blog's entry with its picture) only the sentence before the credit is.
const CAPTION_MARKS: &[&str] = &[
    "(Photo:",
    "(Photo by",
    "(AP Photo",
    "(Reuters/",
    "(Getty Images",
    "/Getty Images)",
    "Photograph:",
];

/// Byte ranges of `source` that are not running copy, sorted and disjoint:
/// - block quotes: lines opening with `>`;
/// - paragraphs of page furniture: teasers ("MORE: ..."), "Story highlights", captions and
///   photo galleries ("Hide Caption 3 of 10", "(Photo: ...)"), credits;
/// - embedded posts: a paragraph signed "— Name (@handle) Month D, YYYY";
/// - a paragraph said twice (a caption and its alt text, a gallery, a repeated teaser);
/// - transcripts' speaker lines: a paragraph opening with a name in capitals and a colon
///   ("PRESIDENT DONALD TRUMP: ..."), which quotes the speaker;
/// - hover cards, which put a person's full name and the headlines of other stories beside a
///   mention (`... Kennedy Joseph Patrick KennedyMarkey beats back primary ... MORE`).
///
/// What copy says there is not a claim of the article about its own day.
pub fn furniture(source: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let paragraphs = paragraphs(source);
    // Running copy never says the same paragraph twice; a caption and its alt text, a gallery
    // or a repeated teaser do.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &(start, end) in &paragraphs {
        let text = source[start..end].trim();
        if text.len() >= 40 {
            *seen.entry(text).or_default() += 1;
        }
    }
    for (start, end) in paragraphs {
        if seen.get(source[start..end].trim()).is_some_and(|&n| n > 1) {
            out.push(start..end);
            continue;
        }
        let text = &source[start..end];
        let trimmed = text.trim_start();
        let lead = start + (text.len() - trimmed.len());
        let head: String = trimmed.chars().take(24).collect::<String>().to_lowercase();
        let opener = FURNITURE_OPENERS.iter().any(|o| head.starts_with(o));
        let captioned = CAPTION_MARKS.iter().any(|m| text.contains(m));
        if trimmed.starts_with('>')
            || opener
            || GALLERY_MARKS.iter().any(|m| text.contains(m))
            || (captioned && trimmed.len() <= SHORT_PARAGRAPH)
            || embedded_post(text)
            || speaker_line(trimmed)
        {
            out.push(lead..end);
            continue;
        }
        if captioned {
            captions(text, start, &mut out);
        }
        hover_cards(text, start, &mut out);
    }
    merged(out)
}

/// Paragraphs up to this many bytes that hold a photo credit are captions.
const SHORT_PARAGRAPH: usize = 400;

/// In a long paragraph, each caption: the sentence before a credit, and the credit.
fn captions(text: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    const CREDIT: usize = 100;
    for mark in CAPTION_MARKS {
        for (i, _) in text.match_indices(mark) {
            let before = &text[..i];
            let start = before
                .trim_end()
                .rfind(". ")
                .map_or(0, |p| p + 2)
                .max(i.saturating_sub(SHORT_PARAGRAPH));
            let mut start = start;
            while !text.is_char_boundary(start) {
                start += 1;
            }
            start += text[start..i].len() - text[start..i].trim_start().len();
            let mut end = (i + mark.len() + CREDIT).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            out.push(offset + start..offset + end);
        }
    }
}

/// Paragraphs of `source` as (start, end): runs of lines between blank lines, and each line
/// opening with `>` on its own.
fn paragraphs(source: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (start, line) in lines(source) {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        let quoted = body.trim_start().starts_with('>');
        if body.trim().is_empty() || quoted {
            out.extend(current.take());
            if quoted {
                out.push((start, end));
            }
            continue;
        }
        current = Some(current.map_or((start, end), |(s, _)| (s, end)));
    }
    out.extend(current);
    out
}

/// "— Jane Doe (@janedoe) June 1, 2018": the signature of an embedded social-media post.
fn embedded_post(text: &str) -> bool {
    let Some(at) = text.rfind("(@") else {
        return false;
    };
    let Some(close) = text[at..].find(')') else {
        return false;
    };
    let handle = &text[at + 2..at + close];
    let after = text[at + close + 1..].trim_start();
    !handle.is_empty()
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && after.chars().next().is_some_and(char::is_uppercase)
        && !years(after.get(..after.len().min(24)).unwrap_or(after)).is_empty()
}

/// "PRESIDENT-ELECT DONALD TRUMP: Well, ..." or "AMY GOODMAN: ...": a transcript's speaker label.
fn speaker_line(text: &str) -> bool {
    let Some(colon) = text.find(':') else {
        return false;
    };
    let label = &text[..colon];
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    colon <= 60
        && letters >= 4
        && label.split_whitespace().count() >= 2
        && label
            .chars()
            .all(|c| !c.is_lowercase() && (c.is_alphabetic() || " .'-\u{2019}".contains(c)))
}

/// Hover cards ending in "MORE", from the first word glued to a name (`KennedyMarkey`).
fn hover_cards(text: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    const WINDOW: usize = 600;
    let mut from = 0;
    while let Some(i) = text[from..].find("MORE") {
        let more = from + i;
        let end = more + "MORE".len();
        from = end;
        let word_end = !text[end..].starts_with(|c: char| c.is_alphanumeric());
        if !word_end {
            continue;
        }
        let mut window_start = more.saturating_sub(WINDOW);
        while !text.is_char_boundary(window_start) {
            window_start += 1;
        }
        if let Some(glue) = first_glue(&text[window_start..more]) {
            out.push(offset + window_start + glue..offset + end);
        }
    }
}

/// Sorts ranges and merges those that overlap, so that lookups can stop at the first candidate.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The start of the first word in `text` with a lower-case letter run of two or more followed
/// directly by a capital (`BidenBiden`, `KellyMORE`), as hover cards glue a name to a headline.
fn first_glue(text: &str) -> Option<usize> {
    let mut word_start = 0;
    let mut lower_run = 0;
    let mut prev_lower = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            word_start = i + c.len_utf8();
            lower_run = 0;
            prev_lower = false;
            continue;
        }
        // Two lower-case letters at least, and not "Mac": "McCain", "DeSantis" and "MacArthur"
        // are names.
        if c.is_uppercase()
            && prev_lower
            && lower_run >= 2
            && !text[word_start..i].starts_with("Mac")
        {
            return Some(word_start);
        }
        prev_lower = c.is_lowercase();
        lower_run = if prev_lower { lower_run + 1 } else { 0 };
    }
    None
}

/// Words that make a sentence hypothetical, conditional or about the future.
const HYPOTHETICAL_WORDS: &[&str] = &[
    "would",
    "could",
    "might",
    "may",
    "will",
    "shall",
    "should",
    "if",
    "whether",
    "unless",
    "once",
    "imagine",
    "suppose",
    "hypothetical",
    "potential",
    "possible",
    "possibly",
    "perhaps",
    "future",
    "wins",
    "win",
    "elected",
    "becomes",
    "become",
    "'ll",
    "'d",
    "won't",
    "wouldn't",
    "couldn't",
    "hoping",
    "hope",
    "expected",
    "expects",
    "prospect",
    "next",
];

/// Whether a sentence is hypothetical, conditional or about the future ("if President Biden
/// wins", "it will be four years"): what it says is not a claim about the article's day.
pub fn hypothetical(sentence: &str) -> bool {
    crate::text::words(sentence).any(|w| {
        // "in May 2016" is a month.
        if &sentence[w.clone()] == "May" && w.start > 0 {
            return false;
        }
        let word = sentence[w.clone()].to_lowercase();
        let contraction = sentence[w.end..].starts_with('\'')
            && sentence[w.end + 1..]
                .split(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|c| matches!(c, "ll" | "d"));
        contraction || HYPOTHETICAL_WORDS.contains(&word.as_str())
    })
}

/// Whether the paragraph of `source` around `offset` names a year after `date`'s: it was
/// written, or updated, after the article's date (a caption of a later gallery, an update), so
/// what it says is not a claim about that date.
pub fn later_year_in_paragraph(source: &str, offset: usize, date: crate::date::Date) -> bool {
    years(paragraph(source, offset))
        .into_iter()
        .any(|y| y > date.year())
}

/// A date written in copy: "February 2022", "Feb. 24, 2022", "24 February 2022", "2014".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDate {
    /// The words of the date in the text it was found in.
    pub span: Range<usize>,
    pub date: crate::date::PartialDate,
}

/// Month names and their abbreviations, with the month's number.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// The month a capitalised word names ("February", "Feb", "Sept"), if any.
pub fn month_number(word: &str) -> Option<u8> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let lower = word.to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == lower).map(|&(_, n)| n)
}

/// Every date written with a year in `text`, in order: a year alone, a month and a year, or a
/// day ("Feb. 24, 2022", "February 24 2022", "24 February 2022", "24th of February, 2022").
pub fn dates(text: &str) -> Vec<WrittenDate> {
    let mut out = Vec::new();
    let words: Vec<Range<usize>> = crate::text::words(text).collect();
    for (i, w) in words.iter().enumerate() {
        let Some(year) = year_of(text[w.clone()].as_bytes()) else {
            continue;
        };
        // What joins two words of a date: spaces, a comma, an abbreviation's full stop.
        let joined = |a: &Range<usize>, b: &Range<usize>| {
            let gap = &text[a.end..b.start];
            matches!(gap, " " | ", " | ". " | "., " | "," | "\u{a0}")
        };
        let word_at = |k: usize| &text[words[k].clone()];
        let day_of = |k: usize| {
            let d = word_at(k);
            let digits = d.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &d[digits.len()..];
            (matches!(suffix, "" | "st" | "nd" | "rd" | "th") && !digits.is_empty())
                .then(|| digits.parse::<u8>().ok())
                .flatten()
                .filter(|n| (1..=31).contains(n))
        };
        let mut start = w.start;
        let mut date = crate::date::PartialDate::year(year);
        if i >= 1 && joined(&words[i - 1], w) {
            if let Some(month) = month_number(word_at(i - 1)) {
                // "February 2022", "24 February 2022", "24th of February 2022".
                start = words[i - 1].start;
                date = crate::date::PartialDate::month(year, month).unwrap_or(date);
                let of = i >= 3 && word_at(i - 2) == "of" && joined(&words[i - 3], &words[i - 2]);
                let day_at = if of {
                    i.checked_sub(3)
                } else {
                    i.checked_sub(2)
                };
                if let Some(k) = day_at.filter(|&k| joined(&words[k], &words[k + 1])) {
                    if let Some(day) = day_of(k) {
                        if let Some(d) = crate::date::Date::new(year, month, day) {
                            start = words[k].start;
                            date = crate::date::PartialDate::day(d);
                        }
                    }
                }
            } else if let Some(day) = day_of(i - 1) {
                // "Feb. 24, 2022", "February 24 2022".
                if i >= 2 && joined(&words[i - 2], &words[i - 1]) {
                    if let Some(month) = month_number(word_at(i - 2)) {
                        if let Some(d) = crate::date::Date::new(year, month, day) {
                            start = words[i - 2].start;
                            date = crate::date::PartialDate::day(d);
                        }
                    }
                }
            }
        }
        out.push(WrittenDate {
            span: start..w.end,
            date,
        });
    }
    out
}

/// Four-digit years 1900-2099 written in `text`.
pub fn years(text: &str) -> Vec<i32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let boundary_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        match year_of(&bytes[i..i + 4]) {
            Some(y) if boundary_before && boundary_after => {
                out.push(y);
                i += 4;
            }
            _ => i += 1,
        }
    }
    out
}

/// The year 1900-2099 that `word` writes in four digits, if it does.
fn year_of(word: &[u8]) -> Option<i32> {
    let year = word.len() == 4
        && word.iter().all(u8::is_ascii_digit)
        && (word[..2] == *b"19" || word[..2] == *b"20");
    year.then(|| {
        word.iter()
            .fold(0, |year, &digit| year * 10 + i32::from(digit - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_and_single_quotations() {
        let s = "He said “President Trump won” and ‘Trump’s plan’ was fine; it's \"quoted\" here.\nNext “open\nline\n\nNew “paragraph\n# Heading";
        let q = quotations(s);
        let texts: Vec<&str> = q.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                "“President Trump won”",
                "‘Trump’s plan’",
                "\"quoted\"",
                // A wrapped paragraph goes on over a line break, not past a blank line or into
                // a heading.
                "“open\nline\n",
                "“paragraph\n",
            ]
        );
        assert!(inside(&q, s.find("President").unwrap_or(0)));
        assert!(!inside(&q, s.find("fine").unwrap_or(0)));
        assert!(inside(&q, s.find("line").unwrap_or(0)));
        assert!(!inside(&q, s.find("Heading").unwrap_or(0)));
    }

    #[test]
    fn a_stray_quotation_mark_stays_in_its_line_when_lines_are_paragraphs() {
        // Copy written one paragraph per line: the first paragraph's quotation goes on into the
        // next paragraph, as quoted speech over several paragraphs does, and is never closed.
        let s = "\"The first part of a long remark.\nShe backed \"President Trump\" on it.\nThe senator said President Trump spoke.";
        let q = quotations(s);
        assert!(inside(&q, s.find("first").unwrap_or(0)));
        assert!(inside(&q, s.find("President Trump\"").unwrap_or(0)));
        assert!(!inside(&q, s.rfind("President").unwrap_or(0)));
        assert!(!inside(&q, s.find("backed").unwrap_or(0)));
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

    /// `paragraph` as it was first written: every line of the source, from its start.
    fn paragraph_reference(source: &str, offset: usize) -> &str {
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

    fn same_paragraphs_as_the_reference(source: &str) {
        // Every offset, those inside a character and past the end included.
        for offset in 0..=source.len() + 2 {
            assert_eq!(
                paragraph(source, offset),
                paragraph_reference(source, offset),
                "{source:?} at {offset}"
            );
        }
    }

    #[test]
    fn paragraphs_found_from_the_offset_are_those_found_from_the_start() {
        for source in [
            "",
            "\n",
            "\n\n",
            " ",
            "One line",
            "One line\n",
            "One.\n\nTwo.\n\nThree.",
            "One.\n\nTwo.\n\nThree.\n",
            "\n\nLead blank lines\nand trail\n\n\n",
            "Spaces only\n   \nbetween\n\t\nthem\n \u{a0} \n",
            "CRLF one.\r\n\r\nCRLF two.\r\nstill two\r\n\r\n",
            "CR only one.\r\rCR two, one line for `paragraph`.\r",
            "Mixed\r\n\nends\n\r\nhere \r \n",
            "Ünïcödé ½ — “quoted”\n\nдва\n\u{2028}\nend é",
            "ends on a blank line\n   ",
            "ends on a character é",
        ] {
            same_paragraphs_as_the_reference(source);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn paragraphs_agree_with_the_reference_on_any_lines(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Word.", " ", "\t", "\n", "\n\n", "\r\n", "\r", "é", "\u{a0}",
                    "\u{2028}", " \n",
                ]),
                0..16,
            ),
        ) {
            same_paragraphs_as_the_reference(&parts.concat());
        }
    }

    #[test]
    fn sentences_and_years() {
        let t = "First one. In 2021 under President Joe Biden, U.S. aid grew. Last";
        let s = sentence(t, t.find("Biden").unwrap_or(0));
        assert_eq!(s, " In 2021 under President Joe Biden, U.S. aid grew");
        assert_eq!(years(s), vec![2021]);
        assert_eq!(years("a1999 2020s 2019, 3000 2024"), vec![2019, 2024]);
    }

    #[test]
    fn written_dates() {
        let found = |t: &str| -> Vec<(String, String)> {
            dates(t)
                .into_iter()
                .map(|d| (t[d.span].to_string(), d.date.to_string()))
                .collect()
        };
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
                .collect()
        };
        assert_eq!(
            found("since Russia invaded in February 2022 and in 2014"),
            pairs(&[("February 2022", "2022-02"), ("2014", "2014")])
        );
        assert_eq!(
            found("on Feb. 24, 2022, and on 24 February 2022 and the 24th of February, 2022"),
            pairs(&[
                ("Feb. 24, 2022", "2022-02-24"),
                ("24 February 2022", "2022-02-24"),
                ("24th of February, 2022", "2022-02-24"),
            ])
        );
        // Not dates: a month that does not start with a capital, a day the month lacks, other numbers.
        assert_eq!(
            found("may 2022, February 30 2022, 3000 and 1899"),
            pairs(&[("2022", "2022"), ("2022", "2022")])
        );
    }

    #[test]
    fn hypothetical_sentences() {
        assert!(hypothetical("If he wins, it will be over"));
        assert!(hypothetical("They'll meet"));
        assert!(!hypothetical("In May 2016 he met them"));
        assert!(!hypothetical("The talks resumed on Saturday"));
    }

    fn furniture_texts(source: &str) -> Vec<&str> {
        furniture(source).into_iter().map(|r| &source[r]).collect()
    }

    #[test]
    fn page_furniture_is_found_and_running_copy_is_not() {
        let copy = "The senator spoke on Monday.\n\nShe said more would follow.\n";
        assert_eq!(furniture_texts(copy), Vec::<&str>::new());
        let page = "Story highlights The vote is set\n\nRunning copy here.\n\n> A quoted letter.\n\nMORE: Another story's headline\n";
        assert_eq!(
            furniture_texts(page),
            [
                "Story highlights The vote is set",
                "> A quoted letter.",
                "MORE: Another story's headline"
            ]
        );
        let post = "Vote today! — Jane Doe (@janedoe) June 1, 2018";
        assert_eq!(furniture_texts(post), [post]);
        let transcript = "AMY GOODMAN: Welcome back.\n\nShe said no.\n";
        assert_eq!(furniture_texts(transcript), ["AMY GOODMAN: Welcome back."]);
        // Not a speaker label: a sentence with a colon.
        assert_eq!(
            furniture_texts("The plan: cut taxes.\n"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn hover_cards_and_captions_inside_long_paragraphs() {
        let text = "Sen. Jo Lee Joanna Marie LeeHeadline one | Headline two MORE (D-Md.) said the vote would come.";
        assert_eq!(
            furniture_texts(text),
            ["LeeHeadline one | Headline two MORE"]
        );
        let long = format!(
            "{} The minister met the envoy. Photograph: Agency/Pool Then the talks went on for hours {}",
            "Running copy. ".repeat(30),
            "and more copy. ".repeat(10)
        );
        let found = furniture_texts(&long);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("The minister met the envoy. Photograph:"),
            "{found:?}"
        );
        assert!(!found[0].contains("Running copy"), "{found:?}");
    }

    #[test]
    fn a_paragraph_said_twice_is_furniture() {
        let text = "A caption that is long enough to count as one.\n\nCopy.\n\nA caption that is long enough to count as one.\n";
        assert_eq!(furniture_texts(text).len(), 2);
    }
}
