//! The part of a document that the human format quotes under one diagnostic.
//!
//! codespan-reporting quotes whole lines of the text it is given. Seed files and wire copy often
//! hold a paragraph per line, so an [`Excerpt`] gives it only the lines the diagnostic's labels are
//! on, each cut to the part around its labels (`…` where text is left out), with invisible and
//! control characters written as their code points (`\u{200B}`) so that a caret can point at
//! them. Lines keep their numbers and the header's column is the column in the document.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use crate::document::Document;
use crate::text::{is_unprintable, push_code_point};

/// A line longer than this many characters is quoted only around its labels.
pub const MAX_LINE: usize = 100;
/// Characters quoted on each side of a label in a long line.
pub const CONTEXT: usize = 40;
/// What stands for text left out.
const ELLIPSIS: &str = "…";

/// One quoted line: the document's line index and where it is in the excerpt.
#[derive(Debug)]
struct Line {
    index: usize,
    /// In the excerpt, with its line ending.
    range: Range<usize>,
}

/// The lines a diagnostic's labels are on, as codespan-reporting reads files.
#[derive(Debug)]
pub struct Excerpt<'a> {
    doc: &'a Document,
    text: String,
    lines: Vec<Line>,
    /// Document offset -> excerpt offset, for the labels' ends (sorted by document offset).
    offsets: Vec<(usize, usize)>,
}

impl<'a> Excerpt<'a> {
    /// The excerpt for labels at `spans` (byte ranges of the document).
    pub fn new(doc: &'a Document, spans: &[Range<usize>]) -> Excerpt<'a> {
        let mut indexes: Vec<usize> = spans
            .iter()
            .flat_map(|s| doc.line_index(s.start)..=doc.line_index(s.end))
            .collect();
        indexes.sort_unstable();
        indexes.dedup();
        // codespan-reporting quotes a single line between two quoted ones rather than a gap.
        let gaps: Vec<usize> = indexes
            .windows(2)
            .filter(|w| w[1] - w[0] == 2)
            .map(|w| w[0] + 1)
            .collect();
        indexes.extend(gaps);
        indexes.sort_unstable();
        let mut wanted: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut excerpt = Excerpt {
            doc,
            text: String::new(),
            lines: Vec::with_capacity(indexes.len()),
            offsets: Vec::with_capacity(wanted.len()),
        };
        for index in indexes {
            excerpt.push_line(index, spans, &wanted);
        }
        excerpt.offsets.sort_unstable();
        excerpt
    }

    /// `span` of the document as a range of the excerpt.
    pub fn span(&self, span: &Range<usize>) -> Range<usize> {
        self.map(span.start)..self.map(span.end).max(self.map(span.start))
    }

    fn map(&self, offset: usize) -> usize {
        match self.offsets.binary_search_by_key(&offset, |&(d, _)| d) {
            Ok(i) => self.offsets[i].1,
            Err(_) => 0,
        }
    }

    /// The document's line `index`, cut around `spans` when long, with the excerpt offsets of
    /// the `wanted` document offsets it holds.
    fn push_line(&mut self, index: usize, spans: &[Range<usize>], wanted: &[usize]) {
        let source = self.doc.source.as_str();
        let starts = self.doc.line_starts();
        let mut start = starts[index];
        let end = starts.get(index + 1).copied().unwrap_or(source.len());
        let content_end = self.doc.line_range(start).end;
        if start == 0 && source.starts_with('\u{feff}') {
            start = '\u{feff}'.len_utf8();
        }
        let excerpt_start = self.text.len();
        let pieces = pieces(source, start..content_end, spans);
        let record = |offset: usize, at: usize, to: &mut Vec<(usize, usize)>| {
            if wanted.binary_search(&offset).is_ok() && !to.iter().any(|&(d, _)| d == offset) {
                to.push((offset, at));
            }
        };
        // A label may start before this line (the BOM) or end after its text (the line ending).
        for &offset in wanted.iter().filter(|&&o| o >= starts[index] && o <= start) {
            record(offset, excerpt_start, &mut self.offsets);
        }
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 || piece.start > start {
                self.text.push_str(ELLIPSIS);
            }
            for (at, c) in source[piece.clone()].char_indices() {
                record(piece.start + at, self.text.len(), &mut self.offsets);
                if c != '\t' && is_unprintable(c) {
                    push_code_point(&mut self.text, c);
                } else {
                    self.text.push(c);
                }
            }
            record(piece.end, self.text.len(), &mut self.offsets);
        }
        if pieces.last().is_some_and(|p| p.end < content_end) {
            self.text.push_str(ELLIPSIS);
        }
        let last = end == source.len();
        for &offset in wanted
            .iter()
            .filter(|&&o| o > content_end && (o < end || last && o == end))
        {
            record(offset, self.text.len(), &mut self.offsets);
        }
        self.text.push('\n');
        self.lines.push(Line {
            index,
            range: excerpt_start..self.text.len(),
        });
    }

    fn line(&self, index: usize) -> Result<&Line, Error> {
        self.lines
            .binary_search_by_key(&index, |l| l.index)
            .map(|i| &self.lines[i])
            .map_err(|_| Error::LineTooLarge {
                given: index,
                max: self.lines.last().map_or(0, |l| l.index),
            })
    }
}

/// The parts of `line` (a document range without its line ending) to quote: all of it when it
/// is short, else the text around each of `spans` that touches it, merged where they meet.
fn pieces(source: &str, line: Range<usize>, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let text = &source[line.clone()];
    let long =
        text.len() > 4 * MAX_LINE || (text.len() > MAX_LINE && text.chars().count() > MAX_LINE);
    if !long {
        return vec![line];
    }
    let mut pieces: Vec<Range<usize>> = spans
        .iter()
        .filter(|s| s.start <= line.end && s.end >= line.start)
        .map(|s| {
            let a = s.start.max(line.start);
            let b = s.end.min(line.end).max(a);
            back(source, a, line.start)..forward(source, b, line.end)
        })
        .collect();
    pieces.sort_by_key(|p| p.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match merged.last_mut() {
            Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
            _ => merged.push(p),
        }
    }
    merged
}

/// [`CONTEXT`] characters before `at` (not before `floor`), moved on to the start of a word
/// when one is near.
fn back(source: &str, at: usize, floor: usize) -> usize {
    let before = &source[floor..at];
    let Some((cut, _)) = before.char_indices().rev().nth(CONTEXT - 1) else {
        return floor;
    };
    let cut = floor + cut;
    match source[cut..at].find(' ') {
        Some(i) if i < CONTEXT / 4 => cut + i + 1,
        _ => cut,
    }
}

/// [`CONTEXT`] characters after `at` (not after `ceiling`), moved back to the end of a word when
/// one is near.
fn forward(source: &str, at: usize, ceiling: usize) -> usize {
    let after = &source[at..ceiling];
    let Some((cut, _)) = after.char_indices().nth(CONTEXT) else {
        return ceiling;
    };
    let cut = at + cut;
    match source[at..cut].rfind(' ') {
        Some(i) if cut - (at + i) < CONTEXT / 4 => at + i,
        _ => cut,
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.doc.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    /// The document's line index of an excerpt offset.
    fn line_index(&'a self, (): (), byte: usize) -> Result<usize, Error> {
        let i = self
            .lines
            .partition_point(|l| l.range.start <= byte)
            .saturating_sub(1);
        Ok(self.lines.get(i).map_or(0, |l| l.index))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(line_index + 1)
    }

    /// The column in the document (characters, 1-based) of an excerpt offset.
    fn column_number(&'a self, (): (), _line_index: usize, byte: usize) -> Result<usize, Error> {
        let offset = self
            .offsets
            .iter()
            .find(|&&(_, e)| e == byte)
            .map_or(byte, |&(d, _)| d);
        Ok(self.doc.line_col(offset).1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        Ok(self.line(line_index)?.range.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    fn excerpt(text: &str, spans: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
        let doc = Document::new("a.txt", text.to_string(), Format::Text);
        let e = Excerpt::new(&doc, spans);
        let mapped = spans.iter().map(|s| e.span(s)).collect();
        (e.text, mapped)
    }

    #[test]
    fn short_lines_are_quoted_whole() {
        let text = "One line.\nKyiv and Kiev.\nLast.";
        let at = text.find("Kiev").unwrap_or(0);
        let (quoted, spans) = excerpt(text, std::slice::from_ref(&(at..at + 4)));
        assert_eq!(quoted, "Kyiv and Kiev.\n");
        assert_eq!(&quoted[spans[0].clone()], "Kiev");
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let text = format!("{}Kiev{}", "word ".repeat(60), " more".repeat(60));
        let at = text.find("Kiev").unwrap_or(0);
        let (quoted, spans) = excerpt(&text, std::slice::from_ref(&(at..at + 4)));
        assert!(
            quoted.starts_with('…') && quoted.ends_with("…\n"),
            "{quoted}"
        );
        assert!(quoted.chars().count() < 2 * CONTEXT + 10, "{quoted}");
        assert_eq!(&quoted[spans[0].clone()], "Kiev");
        // Cut at word boundaries.
        assert!(quoted.starts_with("…word "), "{quoted}");
        assert!(quoted.ends_with(" more…\n"), "{quoted}");
    }

    #[test]
    fn far_apart_labels_on_one_line_get_a_piece_each() {
        let text = format!("Kyiv{}Kiev", " and".repeat(100));
        let (quoted, spans) = excerpt(&text, &[text.len() - 4..text.len(), 0..4]);
        assert_eq!(quoted.matches('…').count(), 1, "{quoted}");
        assert_eq!(&quoted[spans[0].clone()], "Kiev");
        assert_eq!(&quoted[spans[1].clone()], "Kyiv");
    }

    #[test]
    fn invisible_characters_are_written_as_code_points() {
        let text = "Zelen\u{AD}skyy and Wit\u{200B}koff\u{7}.";
        let at = text.find('\u{200B}').unwrap_or(0);
        let (quoted, spans) = excerpt(text, std::slice::from_ref(&(at..at + 3)));
        assert_eq!(quoted, "Zelen\\u{AD}skyy and Wit\\u{200B}koff\\u{7}.\n");
        assert_eq!(&quoted[spans[0].clone()], "\\u{200B}");
    }

    #[test]
    fn labels_on_several_lines_keep_the_line_between() {
        let text = "Kyiv.\nMiddle.\nKiev.\n\n\nKiev.";
        let doc = Document::new("a.txt", text.to_string(), Format::Text);
        let e = Excerpt::new(&doc, &[0..4, 14..18, 22..26]);
        assert_eq!(e.text, "Kyiv.\nMiddle.\nKiev.\nKiev.\n");
        let indexes: Vec<usize> = e.lines.iter().map(|l| l.index).collect();
        assert_eq!(indexes, [0, 1, 2, 5]);
        assert_eq!(e.line_index((), e.span(&(22..26)).start).ok(), Some(5));
        assert_eq!(
            e.column_number((), 5, e.span(&(22..26)).start).ok(),
            Some(1)
        );
    }

    #[test]
    fn the_column_is_the_documents() {
        let text = format!("{}é Kiev{}", "word ".repeat(60), " more".repeat(60));
        let at = text.find("Kiev").unwrap_or(0);
        let doc = Document::new("a.txt", text.clone(), Format::Text);
        let e = Excerpt::new(&doc, std::slice::from_ref(&(at..at + 4)));
        let start = e.span(&(at..at + 4)).start;
        assert_eq!(e.column_number((), 0, start).ok(), Some(300 + 3));
    }
}
