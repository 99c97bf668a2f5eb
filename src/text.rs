//! The scan text: copy regions of a document, normalised so that one literal automaton finds
//! every form, with a compact map back to byte offsets in the source.
//!
//! Normalisation: any run of white space (line breaks included) becomes one space; typographic
//! apostrophes become `'`; invisible characters (soft hyphen, zero-width space and joiners, word
//! joiner, BOM, direction marks and overrides, invisible operators) disappear, so that
//! `Zelen\u{AD}skyy` is still `Zelenskyy`, as a reader sees it; the gap between two copy
//! regions (code, markup, URLs) becomes a NUL, which no form contains and which is no word.
//! A letter followed by combining marks (decomposed copy, NFD) is composed where Unicode
//! composes it to one character (NFC), so `Erdog\u{306}an` reads as `Erdoğan`; dictionary
//! forms are composed the same way.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::document::Document;

/// Invisible characters that commonly end up inside words: soft hyphen, zero-width space and
/// joiners, word joiner, BOM, Mongolian vowel separator.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// Direction marks, embeddings, overrides and isolates: invisible characters that reorder what
/// is shown around them.
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Invisible format characters: the hidden ones, direction marks, embeddings, overrides and
/// isolates, and the invisible math operators.
pub fn is_invisible(c: char) -> bool {
    is_hidden(c)
        || is_direction_control(c)
        || matches!(c, '\u{2061}'..='\u{2064}' | '\u{206A}'..='\u{206F}')
}

/// Characters that messages and excerpts write as their code points: control and invisible
/// characters.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Appends `c` written as its code point, `\u{..}` (hexadecimal, upper case).
pub fn push_code_point(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
}

/// `text` with every character that `escaped` picks written as its code point
/// ([`push_code_point`]); borrowed when there is none.
pub fn escape_chars(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            push_code_point(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// `text` with control and invisible characters written as `\u{..}`, for messages.
pub fn escape_invisible(text: &str) -> String {
    escape_chars(text, is_unprintable).into_owned()
}

/// Characters read as an apostrophe.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Whether `c` is part of a word: letters, digits and combining marks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The words of `text`: maximal runs of word characters, as byte ranges.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while pos < bytes.len() {
            let b = bytes[pos];
            let (word, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[pos..].chars().next().unwrap_or(' ');
                (is_word_char(c), c.len_utf8())
            };
            if word {
                start.get_or_insert(pos);
            } else if let Some(s) = start {
                return Some(s..pos);
            }
            pos += len;
        }
        start.map(|s| s..bytes.len())
    })
}

/// The number words from zero to twenty, each at its value's index.
pub const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// `form` with its first letter raised, when that letter is lower case: the other text a
/// case-sensitive form matches, at the start of a sentence ("von der Leyen", "Von der Leyen").
pub fn capitalized(form: &str) -> Option<String> {
    let mut chars = form.chars();
    let first = chars.next().filter(|c| c.is_lowercase())?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Normalises a dictionary form the way copy is normalised.
pub fn normalize_form(form: &str) -> String {
    // Most forms are plain ASCII words with single spaces between them: already normal.
    // One pass: no space first, last or after another.
    let bytes = form.as_bytes();
    let mut after_space = true;
    let plain = bytes.iter().all(|&b| {
        let space = b == b' ';
        let fine = if space {
            !after_space
        } else {
            is_plain_ascii(b)
        };
        after_space = space;
        fine
    });
    if plain && bytes.last() != Some(&b' ') {
        return form.to_string();
    }
    normalize_form_slowly(form)
}

fn normalize_form_slowly(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    let mut space = false;
    for c in form.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if is_apostrophe(c) { '\'' } else { c });
    }
    if out.chars().any(is_combining_mark) {
        out = out.nfc().collect();
    }
    out
}

/// "Jr.", "Sr", "III": generational suffixes after a name.
pub fn is_suffix(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Jr" | "Sr" | "II" | "III" | "IV"
    )
}

/// A name without the generational suffixes after it, and the comma before them:
/// "Sanford D. Bishop, Jr." is "Sanford D. Bishop". A suffix alone is left as it is.
pub fn without_suffixes(name: &str) -> &str {
    let mut rest = name.trim_end();
    while let Some((head, last)) = rest.rsplit_once(char::is_whitespace) {
        if !is_suffix(last) {
            break;
        }
        rest = head.trim_end().trim_end_matches(',');
    }
    rest
}

/// The last `words` words (at least one) of a normalised name `form`, its generational suffixes
/// aside: its surname.
pub fn surname_of(form: &str, words: usize) -> String {
    let all: Vec<&str> = without_suffixes(form).split(' ').collect();
    let k = words.min(all.len()).max(1);
    all[all.len() - k..].join(" ")
}

/// An ASCII character that the scan text keeps as it is: anything but white space (`'` is
/// already the apostrophe the scan text uses).
fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii() && !char::from(b).is_whitespace()
}

/// Whether `rest` starts with a combining mark. Every combining mark is U+0300 or above, so
/// its first byte is 0xCC or more: one byte comparison settles most characters.
fn starts_with_mark(rest: &str) -> bool {
    rest.as_bytes().first().is_some_and(|&b| b >= 0xCC)
        && rest.chars().next().is_some_and(is_combining_mark)
}

/// The most combining marks a letter can carry and still compose to one character. What
/// composes to one character decomposes back to the same text, and no character decomposes
/// canonically into more than four (a letter and three marks); decomposition never shortens.
const MAX_MARKS: usize = 3;

/// The length of the combining marks at the start of `rest`, when there are at most
/// [`MAX_MARKS`] of them: a longer run cannot compose, and measuring it from each of its marks
/// in turn would take time growing with the square of its length.
fn marks_len(rest: &str) -> Option<usize> {
    let mut len = 0;
    for (n, c) in rest.chars().enumerate() {
        if !is_combining_mark(c) {
            break;
        }
        if n == MAX_MARKS {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// The one character a letter and its combining marks compose to, if they compose fully.
fn compose(cluster: &str) -> Option<char> {
    let mut composed = cluster.nfc();
    let c = composed.next()?;
    composed.next().is_none().then_some(c)
}

/// Normalised copy plus the map back to the source.
#[derive(Debug, Clone, Default)]
pub struct ScanText {
    pub text: String,
    /// (offset in `text`, offset in the source) at every point where the two stop advancing together.
    segments: Vec<(usize, usize)>,
    /// Characters composed from a letter and its combining marks: (range in `text`, range in
    /// the source). Any offset inside one maps to the whole cluster.
    composed: Vec<(Range<usize>, Range<usize>)>,
    source_len: usize,
}

impl ScanText {
    pub fn new(doc: &Document) -> ScanText {
        let source = doc.source.as_str();
        let mut out = ScanText {
            text: String::with_capacity(source.len()),
            segments: Vec::new(),
            composed: Vec::new(),
            source_len: source.len(),
        };
        let mut last_end = None;
        for region in &doc.regions {
            if last_end.is_some_and(|end| end != region.span.start) && !out.text.ends_with('\0') {
                out.emit("\0", region.span.start);
            }
            let text = &source[region.span.clone()];
            let bytes = text.as_bytes();
            let mut space_run = false;
            let mut i = 0;
            while i < bytes.len() {
                // Plain ASCII (no white space; a lone space between two such characters is
                // kept as it is) is copied in one piece.
                if is_plain_ascii(bytes[i]) {
                    let start = i;
                    i += 1;
                    while i < bytes.len() {
                        if is_plain_ascii(bytes[i]) {
                            i += 1;
                        } else if bytes[i] == b' '
                            && bytes.get(i + 1).copied().is_some_and(is_plain_ascii)
                        {
                            i += 2;
                        } else {
                            break;
                        }
                    }
                    // A letter with combining marks after it is composed below.
                    if starts_with_mark(&text[i..]) {
                        i -= 1;
                    }
                    if i > start {
                        out.emit(&text[start..i], region.span.start + start);
                        space_run = false;
                        continue;
                    }
                }
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                let pos = region.span.start + i;
                if c.is_whitespace() {
                    if !space_run {
                        space_run = true;
                        out.emit_space(&text[i..], pos);
                    }
                    i += c.len_utf8();
                    continue;
                }
                i += c.len_utf8();
                space_run = false;
                if is_invisible(c) {
                    continue;
                }
                if starts_with_mark(&text[i..]) {
                    if let Some(marks) = marks_len(&text[i..]) {
                        let end = i + marks;
                        let cluster = &text[pos - region.span.start..end];
                        if let Some(one) = compose(cluster) {
                            out.emit_composed(one, pos..region.span.start + end);
                            i = end;
                            continue;
                        }
                    }
                }
                if is_apostrophe(c) {
                    out.emit("'", pos);
                } else {
                    let mut buf = [0; 4];
                    out.emit(c.encode_utf8(&mut buf), pos);
                }
            }
            last_end = Some(region.span.end);
        }
        out
    }

    /// White space at the start of `rest`: one space, or a paragraph break (`\0`, as between
    /// regions) when it holds a blank line, so that no name runs across it and the word after
    /// it follows nothing.
    fn emit_space(&mut self, rest: &str, source_pos: usize) {
        let mut breaks = 0;
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next_if(|&c| c.is_whitespace() || is_invisible(c)) {
            if c == '\n' || c == '\r' && chars.peek() != Some(&'\n') {
                breaks += 1;
            }
        }
        if breaks < 2 {
            self.emit(" ", source_pos);
        } else if !self.text.ends_with('\0') {
            self.emit("\0", source_pos);
        }
    }

    /// One character composed from the source cluster `source`.
    fn emit_composed(&mut self, c: char, source: Range<usize>) {
        let start = self.text.len();
        let mut buf = [0; 4];
        self.emit(c.encode_utf8(&mut buf), source.start);
        self.composed.push((start..self.text.len(), source));
    }

    fn emit(&mut self, piece: &str, source_pos: usize) {
        let n = self.text.len();
        let aligned = self
            .segments
            .last()
            .is_some_and(|&(sn, so)| so + (n - sn) == source_pos);
        if !aligned {
            self.segments.push((n, source_pos));
        }
        self.text.push_str(piece);
    }

    /// The composed character holding scan-text offset `n`, if any.
    fn composed_at(&self, n: usize) -> Option<&(Range<usize>, Range<usize>)> {
        let i = self.composed.partition_point(|(text, _)| text.end <= n);
        self.composed.get(i).filter(|(text, _)| text.contains(&n))
    }

    /// The source offset of scan-text offset `n` (which must be a char boundary of `text`).
    pub fn to_source(&self, n: usize) -> usize {
        if let Some((_, source)) = self.composed_at(n) {
            return source.start;
        }
        let i = self.segments.partition_point(|&(sn, _)| sn <= n);
        if i == 0 {
            return 0;
        }
        let (sn, so) = self.segments[i - 1];
        (so + (n - sn)).min(self.source_len)
    }

    /// The source range of a scan-text range of whole characters.
    pub fn span(&self, source: &str, range: &Range<usize>) -> Range<usize> {
        let start = self.to_source(range.start);
        if range.end <= range.start {
            return start..start;
        }
        if let Some((_, source)) = self.composed_at(range.end - 1) {
            return start..source.end;
        }
        let mut end = self.to_source(range.end - 1) + 1;
        while end < source.len() && !source.is_char_boundary(end) {
            end += 1;
        }
        start..end.min(source.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use proptest::prelude::*;

    /// The words of `text`, found one character at a time.
    fn words_by_char(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        out.extend(start.map(|s| s..text.len()));
        out
    }

    proptest! {
        #[test]
        fn words_are_runs_of_word_characters(text in "[a-zA-Z0-9 .,'\\-\u{300}\u{301}éßŁ€\u{200B}\u{A0}Ж日\u{1F600}]{0,40}") {
            prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_char(&text));
        }
    }

    #[test]
    fn maps_back_through_collapsed_space_apostrophes_and_hidden_chars() {
        let src = "Marco\r\n  Rubio’s  Zelen\u{AD}skyy";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        let scan = ScanText::new(&doc);
        assert_eq!(scan.text, "Marco Rubio's Zelenskyy");
        let rubio = scan.text.find("Rubio").unwrap_or(0);
        assert_eq!(&src[scan.span(src, &(rubio..rubio + 5))], "Rubio");
        let full = 0..scan.text.find("'s").unwrap_or(0) + 2;
        assert_eq!(&src[scan.span(src, &full)], "Marco\r\n  Rubio’s");
        let z = scan.text.find("Zelenskyy").unwrap_or(0);
        assert_eq!(&src[scan.span(src, &(z..z + 9))], "Zelen\u{AD}skyy");
    }

    /// Every invisible character is read through, direction marks too: the reader sees
    /// `AmericanActing`, so a phrase must not end at an override between the two words.
    #[test]
    fn direction_marks_are_read_through() {
        let src = "Zelen\u{202E}skyy, Odessa American\u{202E}Acting, x\u{200F}y\u{2062}z";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        assert_eq!(
            ScanText::new(&doc).text,
            "Zelenskyy, Odessa AmericanActing, xyz"
        );
        assert_eq!(normalize_form("Ky\u{200E}iv"), "Kyiv");
    }

    type Segments = Vec<(usize, usize)>;
    type Composed = Vec<(Range<usize>, Range<usize>)>;

    /// The scan text built one character at a time, as the definition above says.
    fn reference(doc: &Document) -> (String, Segments, Composed) {
        let source = doc.source.as_str();
        let mut out = ScanText::default();
        let mut last_end = None;
        for region in &doc.regions {
            if last_end.is_some_and(|end| end != region.span.start) && !out.text.ends_with('\0') {
                out.emit("\0", region.span.start);
            }
            let mut space_run = false;
            let mut skip_to = 0;
            for (i, c) in source[region.span.clone()].char_indices() {
                let pos = region.span.start + i;
                if pos < skip_to {
                    continue;
                }
                if c.is_whitespace() {
                    if !space_run {
                        space_run = true;
                        out.emit_space(&source[pos..region.span.end], pos);
                    }
                    continue;
                }
                space_run = false;
                if is_invisible(c) {
                    continue;
                }
                let after = pos + c.len_utf8();
                // The reference measures every run of marks, however long.
                let end = after
                    + source[after..region.span.end]
                        .chars()
                        .take_while(|&c| is_combining_mark(c))
                        .map(char::len_utf8)
                        .sum::<usize>();
                if end > after {
                    if let Some(one) = compose(&source[pos..end]) {
                        out.emit_composed(one, pos..end);
                        skip_to = end;
                        continue;
                    }
                }
                let mut buf = [0; 4];
                let piece = if is_apostrophe(c) {
                    "'"
                } else {
                    c.encode_utf8(&mut buf)
                };
                out.emit(piece, pos);
            }
            last_end = Some(region.span.end);
        }
        (out.text, out.segments, out.composed)
    }

    #[test]
    fn ascii_runs_give_the_same_text_and_map_as_one_character_at_a_time() {
        let cases = [
            ("a.txt", "Plain words only."),
            ("a.txt", "  Leading and trailing  \t\n"),
            ("a.txt", "Marco\r\n  Rubio\u{2019}s  Zelen\u{AD}skyy said 'yes' a b  c\u{0B}d"),
            ("a.txt", "Erdo\u{11F}an \u{201C}quoted\u{201D} \u{A0}x\u{2028}y \u{FEFF}z \u{85}w"),
            ("a.txt", "x \u{200B} y \u{200B}\u{200B}  z a\u{200D} b"),
            ("a.txt", "Para one.\n\nTwo \n \u{200B}\n three\r\n\r\nfour\r\rfive\n six\r\n seven"),
            ("a.md", "# Title\n\nMarco `code` Rubio and [a link](https://example.com) here.\n\n* one\n* two  words\n"),
            ("a.md", "---\ndate: 2025-06-01\n---\n\nSome *emphasis*, <b>html</b> and\ttabs.\n"),
            ("a.txt", "Erdog\u{306}an T\u{FC}rkiye Tu\u{308}rkiye a\u{323}\u{302} \u{301}x q\u{301}z e\u{301}\u{301}"),
            ("a.txt", "e\u{301} 'e\u{301}' Z\u{30C} \u{2019}\u{301}x \u{AD}\u{301}"),
            ("a.txt", "o\u{323}\u{302}\u{301} a\u{301}\u{301}\u{301}\u{301}\u{301}b \u{1FB6}\u{345}\u{301}"),
        ];
        for (name, src) in cases {
            let format = Format::from_path(name);
            let doc = Document::new(name, src.to_string(), format);
            let scan = ScanText::new(&doc);
            let (text, segments, composed) = reference(&doc);
            assert_eq!(scan.text, text, "{src:?}");
            assert_eq!(scan.segments, segments, "{src:?}");
            assert_eq!(scan.composed, composed, "{src:?}");
        }
    }

    #[test]
    fn blank_lines_end_paragraphs() {
        let src = "By Jared\r\n\r\nKushner said\nRubio \n\t\nVance";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        let scan = ScanText::new(&doc);
        assert_eq!(scan.text, "By Jared\0Kushner said Rubio\0Vance");
        assert_eq!(scan.span(src, &(9..16)), 12..19);
    }

    #[test]
    fn regions_are_separated() {
        let src = "Marco `x` Rubio";
        let doc = Document::new("a.md", src.to_string(), Format::Markdown);
        let scan = ScanText::new(&doc);
        assert_eq!(scan.text, "Marco \0 Rubio");
    }

    /// Decomposed copy reads as composed copy, and a composed character maps back to its whole
    /// cluster: a fix never leaves a combining mark behind.
    #[test]
    fn decomposed_letters_are_composed_and_map_back_whole() {
        let src = "Erdog\u{306}an, Tu\u{308}rkiye and Hà No\u{323}\u{302}i; q\u{301}";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        let scan = ScanText::new(&doc);
        assert_eq!(scan.text, "Erdoğan, Türkiye and Hà Nội; q\u{301}");
        for (word, source) in [
            ("Erdoğan", "Erdog\u{306}an"),
            ("Türkiye", "Tu\u{308}rkiye"),
            ("Nội", "No\u{323}\u{302}i"),
            ("Nộ", "No\u{323}\u{302}"),
            ("ộ", "o\u{323}\u{302}"),
            ("q\u{301}", "q\u{301}"),
        ] {
            let at = scan.text.find(word).unwrap_or(0);
            assert_eq!(&src[scan.span(src, &(at..at + word.len()))], source);
        }
        assert_eq!(normalize_form("Erdog\u{306}an"), "Erdoğan");
        assert_eq!(normalize_form("Tu\u{308}rkiye"), normalize_form("Türkiye"));
    }

    #[test]
    fn multibyte_end_maps_to_char_boundary() {
        let src = "Erdoğan, Luís";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        let scan = ScanText::new(&doc);
        let l = scan.text.find("Luís").unwrap_or(0);
        assert_eq!(&src[scan.span(src, &(l..l + "Luís".len()))], "Luís");
        assert_eq!(normalize_form("  Rubio’s \n name "), "Rubio's name");
        for form in [
            "",
            " ",
            "Marco Rubio",
            "Marco  Rubio",
            " Marco Rubio",
            "Marco Rubio ",
            "O'Neill",
            "Marco\tRubio",
            "Marco\u{B}Rubio",
            "Zelen\u{AD}skyy",
            "Erdo\u{11F}an",
            "a b c",
        ] {
            assert_eq!(
                normalize_form(form),
                normalize_form_slowly(form),
                "{form:?}"
            );
        }
        assert_eq!(normalize_form(" Marco  Rubio "), "Marco Rubio");
        assert_eq!(normalize_form("Marco\tRubio"), "Marco Rubio");
        assert_eq!(
            escape_invisible("a\u{AD}b\u{202E}c\u{9D}é"),
            "a\\u{AD}b\\u{202E}c\\u{9D}é"
        );
    }
}
