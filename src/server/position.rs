//! Byte offsets (what copydesk works in) and LSP positions (lines, and columns in the encoding the
//! client and server agreed on), converted at the edge.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. A column counts UTF-8 bytes or
//! UTF-16 code units from the start of its line; a position past the end of a line is its end,
//! and one past the last line is the end of the text.

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (which every client supports).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The byte offsets where the lines of a text start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// The byte range of line `line` without its line ending (`None` past the last line).
    fn line(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        Some(start..start + content.len())
    }

    /// The position of a byte offset (one inside a character counts from its start).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column: usize = text[start..offset].chars().map(|c| encoding.width(c)).sum();
        Position::new(to_u32(line), to_u32(column))
    }

    /// The byte offset of a position; columns past the end of the line, or inside a character,
    /// stop there.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(line) = self.line(text, position.line as usize) else {
            return text.len();
        };
        let wanted = position.character as usize;
        let mut column = 0;
        for (i, c) in text[line.clone()].char_indices() {
            let next = column + encoding.width(c);
            if next > wanted {
                return line.start + i;
            }
            column = next;
        }
        line.end
    }

    pub fn range(&self, text: &str, span: &Range<usize>, encoding: Encoding) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }

    pub fn span(&self, text: &str, range: lsp_types::Range, encoding: Encoding) -> Range<usize> {
        let start = self.offset(text, range.start, encoding);
        let end = self.offset(text, range.end, encoding).max(start);
        start..end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, offset: usize, encoding: Encoding) -> (u32, u32) {
        let index = LineIndex::new(text);
        let p = index.position(text, offset, encoding);
        assert_eq!(
            index.offset(text, p, encoding),
            offset,
            "{text:?} at {offset}"
        );
        (p.line, p.character)
    }

    #[test]
    fn columns_after_accented_letters_emoji_and_crlf() {
        let text = "Café 😀 Kiev\r\nZoë in Kiev\rKiev";
        let kiev = text.find("Kiev").expect("Kiev");
        assert_eq!(roundtrip(text, kiev, Encoding::Utf16), (0, 8));
        assert_eq!(roundtrip(text, kiev, Encoding::Utf8), (0, 11));
        let second = text.match_indices("Kiev").nth(1).expect("second").0;
        assert_eq!(roundtrip(text, second, Encoding::Utf16), (1, 7));
        assert_eq!(roundtrip(text, second, Encoding::Utf8), (1, 8));
        // A lone CR ends a line too.
        let third = text.rfind("Kiev").expect("third");
        assert_eq!(roundtrip(text, third, Encoding::Utf16), (2, 0));
        assert_eq!(roundtrip(text, text.len(), Encoding::Utf16), (2, 4));
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        let offset =
            |line, character| index.offset(text, Position::new(line, character), Encoding::Utf16);
        assert_eq!(offset(0, 99), 2, "the end of the line, before its CRLF");
        assert_eq!(offset(7, 0), text.len());
        // Inside a surrogate pair: the start of the character.
        let emoji = "x😀y";
        let index = LineIndex::new(emoji);
        assert_eq!(index.offset(emoji, Position::new(0, 2), Encoding::Utf16), 1);
        assert_eq!(
            index.position(emoji, 2, Encoding::Utf16),
            Position::new(0, 1)
        );
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
