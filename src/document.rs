//! A file of copy: its text, which byte ranges are copy, its front matter and a line index.
//!
//! Everything downstream works on byte ranges into [`Document::source`], the file exactly as read
//! (BOM included). Lines and columns are computed only at the edge, by [`Document::line_col`].

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::date::Date;

/// How a file's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
}

impl Format {
    /// Markdown for `.md`/`.markdown`/`.mdx`, plain text otherwise.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if [".md", ".markdown", ".mdx", ".mkd"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// What part of the article a region of copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    Body,
    /// A Markdown heading or the front matter title.
    Heading,
}

/// A byte range of the source that is copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub span: Range<usize>,
    pub kind: RegionKind,
}

/// An HTML comment in Markdown, or a line of plain text holding only a suppression comment
/// (`<!-- copydesk-disable-next-line CODE -->`): where suppression comments live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Range<usize>,
}

/// What the front matter says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The whole block, delimiters included.
    pub span: Range<usize>,
    /// The article date, from `date`, `published`, `pubDate` or `publishDate`.
    pub date: Option<Date>,
    /// The `title` value (without quotes).
    pub title: Option<Range<usize>>,
    /// A date key whose value is written like a date but is none (`2025-02-30`, `-001-01-01`):
    /// where the value is and what is wrong.
    pub bad_date: Option<(usize, String)>,
}

/// A file of copy, ready to be checked.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub source: String,
    pub format: Format,
    pub front_matter: Option<FrontMatter>,
    pub regions: Vec<Region>,
    pub comments: Vec<Comment>,
    line_starts: Vec<usize>,
    /// (a char boundary, the number of chars before it) about every [`CHAR_MARK`] bytes, so that
    /// a column in a long line costs at most two short counts, not a count from the line start.
    char_marks: Vec<(usize, usize)>,
}

const CHAR_MARK: usize = 4096;

const BOM: &str = "\u{feff}";

impl Document {
    /// Reads `source` as `format`.
    pub fn new(path: impl Into<String>, source: String, format: Format) -> Document {
        let start = if source.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let front_matter = if format == Format::Markdown {
            parse_front_matter(&source, start)
        } else {
            None
        };
        let body_start = front_matter.as_ref().map_or(start, |fm| fm.span.end);
        let mut regions = Vec::new();
        let mut comments = Vec::new();
        if let Some(title) = front_matter.as_ref().and_then(|fm| fm.title.clone()) {
            regions.push(Region {
                span: title,
                kind: RegionKind::Heading,
            });
        }
        match format {
            Format::Markdown => markdown_regions(&source, body_start, &mut regions, &mut comments),
            Format::Text => text_regions(&source, body_start, &mut regions, &mut comments),
        }
        let regions = mask_urls(&source, regions);
        let line_starts = line_starts(&source);
        let char_marks = char_marks(&source);
        Document {
            path: path.into(),
            source,
            format,
            front_matter,
            regions,
            comments,
            line_starts,
            char_marks,
        }
    }

    /// The number of chars in `source[..offset]` (`offset` a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let i = self
            .char_marks
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1);
        let (b, n) = self.char_marks.get(i).copied().unwrap_or((0, 0));
        n + self.source[b..offset].chars().count()
    }

    /// 1-based line and 1-based column in characters of a byte offset (a BOM is not a column).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.line_index(offset);
        let mut start = self.line_starts[line];
        if line == 0 && self.source.starts_with(BOM) && offset >= BOM.len() {
            start = BOM.len();
        }
        let col = if self.source.is_char_boundary(offset) {
            self.chars_before(offset) - self.chars_before(start)
        } else {
            offset - start
        };
        (line + 1, col + 1)
    }

    /// The byte range of the line holding `offset`, without its line ending.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.source.len());
        let text = &self.source[start..end];
        start..start + text.trim_end_matches(['\n', '\r']).len()
    }

    /// The index (0-based) of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        line_index(&self.line_starts, offset)
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The date the front matter gives, if any.
    pub fn date(&self) -> Option<Date> {
        self.front_matter.as_ref().and_then(|fm| fm.date)
    }

    /// A front-matter date written like a date that is none, when no other date key gives one:
    /// its offset and what is wrong.
    pub fn date_problem(&self) -> Option<&(usize, String)> {
        self.front_matter
            .as_ref()
            .filter(|fm| fm.date.is_none())
            .and_then(|fm| fm.bad_date.as_ref())
    }

    /// Whether `offset` lies in a heading region.
    pub fn in_heading(&self, offset: usize) -> bool {
        self.regions
            .iter()
            .any(|r| r.kind == RegionKind::Heading && r.span.contains(&offset))
    }
}

/// Plain text from `start`: all of it is copy but the lines that hold only a suppression
/// comment, which become [`Comment`]s as they are in Markdown.
fn text_regions(
    source: &str,
    start: usize,
    regions: &mut Vec<Region>,
    comments: &mut Vec<Comment>,
) {
    let bytes = source.as_bytes();
    let mut from = start;
    let mut searched = start;
    for hit in memchr::memmem::find_iter(&bytes[start..], b"copydesk-") {
        let at = start + hit;
        if at < searched {
            continue;
        }
        let line_start =
            memchr::memrchr2(b'\n', b'\r', &bytes[start..at]).map_or(start, |i| start + i + 1);
        let line_end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(source.len(), |i| at + i);
        searched = line_end;
        let line = &source[line_start..line_end];
        let comment = line.trim();
        let is_directive = comment.starts_with("<!--")
            && comment.ends_with("-->")
            && comment.len() >= 7
            && comment[4..comment.len() - 3]
                .trim_start()
                .starts_with("copydesk-")
            && !comment[4..comment.len() - 3].contains("-->");
        if !is_directive {
            continue;
        }
        let offset = line_start + (line.len() - line.trim_start().len());
        comments.push(Comment {
            span: offset..offset + comment.len(),
        });
        if line_start > from {
            regions.push(Region {
                span: from..line_start,
                kind: RegionKind::Body,
            });
        }
        from = line_end;
    }
    if from < source.len() || regions.is_empty() {
        regions.push(Region {
            span: from..source.len(),
            kind: RegionKind::Body,
        });
    }
}

/// The index (0-based) of the line holding `offset`, for lines starting at `line_starts`.
pub fn line_index(line_starts: &[usize], offset: usize) -> usize {
    line_starts
        .partition_point(|&s| s <= offset)
        .saturating_sub(1)
}

/// Line and column (1-based, column in characters) of `offset` in `text`; for small one-off uses.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Char boundaries about every [`CHAR_MARK`] bytes, with the number of chars before each.
fn char_marks(text: &str) -> Vec<(usize, usize)> {
    let mut marks = vec![(0, 0)];
    let (mut at, mut chars) = (0, 0);
    while at + CHAR_MARK < text.len() {
        let mut next = at + CHAR_MARK;
        while !text.is_char_boundary(next) {
            next += 1;
        }
        chars += text[at..next].chars().count();
        marks.push((next, chars));
        at = next;
    }
    marks
}

/// Offsets at which lines start: after `\n`, after `\r\n`, and after a lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
}

/// Iterates over the lines of `text[from..]` as (start, end-without-line-ending, end-with-line-ending).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let rest = &text[pos..];
        let (content, ending) = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        let line = (pos, pos + content, pos + content + ending);
        pos += content + ending;
        Some(line)
    })
}

fn parse_front_matter(text: &str, start: usize) -> Option<FrontMatter> {
    let mut lines = lines_from(text, start);
    let (s, e, _) = lines.next()?;
    let fence = text[s..e].trim_end();
    let (toml, close): (bool, &[&str]) = match fence {
        "---" => (false, &["---", "..."]),
        "+++" => (true, &["+++"]),
        _ => return None,
    };
    let mut date_keys: [Option<Date>; 4] = [None; 4];
    let mut title = None;
    let mut bad_date = None;
    for (ls, le, lend) in lines {
        let line = &text[ls..le];
        if close.contains(&line.trim_end()) {
            let date = date_keys.iter().find_map(|d| *d);
            return Some(FrontMatter {
                span: start..lend,
                date,
                title,
                bad_date,
            });
        }
        let sep = if toml { '=' } else { ':' };
        let Some(i) = line.find(sep) else { continue };
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let key = line[..i].trim().trim_matches(['"', '\'']);
        let raw = &line[i + 1..];
        let value_start = ls + i + 1 + (raw.len() - raw.trim_start().len());
        let value = raw.trim();
        let (unquoted, q) = unquote(value);
        let slot = ["date", "published", "pubDate", "publishDate"]
            .iter()
            .position(|k| *k == key);
        if let Some(k) = slot {
            date_keys[k] = Date::parse_prefix(unquoted);
            if date_keys[k].is_none() && bad_date.is_none() {
                bad_date = date_problem(unquoted).map(|why| (value_start + q, why));
            }
        }
        match key {
            "title" if !unquoted.is_empty() => {
                let begin = value_start + q;
                title = Some(begin..begin + unquoted.len());
            }
            _ => {}
        }
    }
    None
}

/// What is wrong with a front-matter date value that is written like a date (a sign or digits,
/// then `-`) but is none; `None` for a value in another form, which is left alone.
fn date_problem(value: &str) -> Option<String> {
    let looks_like_date = value
        .trim_start_matches(['-', '+'])
        .split_once('-')
        .is_some_and(|(year, _)| !year.is_empty() && year.bytes().all(|b| b.is_ascii_digit()));
    if !looks_like_date {
        return None;
    }
    let head = value.get(..10).unwrap_or(value);
    Some(match Date::parse_checked(head) {
        Err(err) => format!("`{value}` is not a date: {err}"),
        Ok(_) => format!("`{value}` is not a date: expected YYYY-MM-DD, optionally with a time"),
    })
}

/// Strips matching quotes; returns the inner text and the length of the opening quote.
fn unquote(value: &str) -> (&str, usize) {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return (&value[1..value.len() - 1], 1);
        }
    }
    (value, 0)
}

fn markdown_regions(
    source: &str,
    body_start: usize,
    regions: &mut Vec<Region>,
    comments: &mut Vec<Comment>,
) {
    let body = &source[body_start..];
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut code_depth = 0usize;
    let mut heading_depth = 0usize;
    let mut url_text_depth = 0usize;
    let mut link_stack: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let span = body_start + range.start..body_start + range.end;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                code_depth = code_depth.saturating_sub(1);
            }
            Event::Start(Tag::Heading { .. }) => heading_depth += 1,
            Event::End(TagEnd::Heading(_)) => heading_depth = heading_depth.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                let is_url = matches!(link_type, LinkType::Autolink | LinkType::Email);
                url_text_depth += usize::from(is_url);
                link_stack.push(is_url);
            }
            Event::End(TagEnd::Link) if link_stack.pop() == Some(true) => {
                url_text_depth = url_text_depth.saturating_sub(1);
            }
            Event::Text(_) if code_depth == 0 && url_text_depth == 0 => {
                let kind = if heading_depth > 0 {
                    RegionKind::Heading
                } else {
                    RegionKind::Body
                };
                push_region(regions, span, kind);
            }
            Event::SoftBreak | Event::HardBreak if code_depth == 0 => {
                let kind = if heading_depth > 0 {
                    RegionKind::Heading
                } else {
                    RegionKind::Body
                };
                push_region(regions, span, kind);
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                collect_comments(&text, span.start, comments);
            }
            _ => {}
        }
    }
}

/// Appends a region, merging it with the previous one when they touch and are of one kind.
fn push_region(regions: &mut Vec<Region>, span: Range<usize>, kind: RegionKind) {
    if span.is_empty() {
        return;
    }
    if let Some(last) = regions.last_mut() {
        if last.kind == kind && last.span.end == span.start {
            last.span.end = span.end;
            return;
        }
    }
    regions.push(Region { span, kind });
}

fn collect_comments(html: &str, offset: usize, comments: &mut Vec<Comment>) {
    let mut from = 0;
    while let Some(i) = html[from..].find("<!--") {
        let start = from + i;
        let end = html[start + 4..]
            .find("-->")
            .map_or(html.len(), |j| start + 4 + j + 3);
        comments.push(Comment {
            span: offset + start..offset + end,
        });
        from = end;
    }
}

/// Splits regions around URLs (`http://`, `https://`, `www.`) and e-mail-like tokens, which are not copy.
fn mask_urls(source: &str, regions: Vec<Region>) -> Vec<Region> {
    let mut out = Vec::with_capacity(regions.len());
    for region in regions {
        let text = &source[region.span.clone()];
        let mut start = 0;
        for url in find_urls(text) {
            if url.start > start {
                out.push(Region {
                    span: region.span.start + start..region.span.start + url.start,
                    kind: region.kind,
                });
            }
            start = url.end;
        }
        if start < text.len() {
            out.push(Region {
                span: region.span.start + start..region.span.end,
                kind: region.kind,
            });
        }
    }
    out
}

/// Byte ranges of URL-like tokens in `text`.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    // Every URL starts with `h` or `w`, which are ASCII and so always at a char boundary.
    while let Some(found) = memchr::memchr2(b'h', b'w', &bytes[from..]) {
        let i = from + found;
        let rest = &text[i..];
        // `www.` only at the start of a word; a scheme also after a word it is glued to (a lost
        // space or a removed invisible character), so that no fix ever edits a link.
        let starts_token = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if (starts_token && rest.starts_with("www."))
            || rest.starts_with("http://")
            || rest.starts_with("https://")
        {
            let len = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']'))
                .unwrap_or(rest.len());
            let token = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            urls.push(i..i + token.len().max(1));
            from = i + len.max(1);
        } else {
            from = i + 1;
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_matter_date_that_is_none_is_a_problem() {
        let problem = |fm: &str| {
            let doc = Document::new("a.md", format!("---\n{fm}\n---\nText.\n"), Format::Markdown);
            doc.date_problem()
                .map(|(at, why)| (&doc.source[*at..*at + 3] == "202", why.clone()))
        };
        assert_eq!(
            problem("date: 2025-02-30"),
            Some((
                true,
                "`2025-02-30` is not a date: February 2025 has 28 days, not 30".into()
            ))
        );
        assert!(problem("date: \"2025-13-01\"")
            .is_some_and(|(at, why)| at && why.contains("no month 13")));
        assert!(problem("date: -001-01-01").is_some());
        // Valid dates, with or without a time, and values in other forms are not problems.
        assert_eq!(problem("date: 2025-02-28"), None);
        assert_eq!(problem("date: 2025-02-28T10:00:00Z"), None);
        assert_eq!(problem("date: March 3, 2025"), None);
        assert_eq!(problem("date: today"), None);
        // Another key with a valid date wins.
        assert_eq!(problem("date: 2025-02-30\npublished: 2025-02-28"), None);
    }

    #[test]
    fn plain_text_suppression_lines_are_comments_not_copy() {
        let src = "Kiev.\n  <!-- copydesk-disable-next-line misspelled-name -->\r\nKiev.\n\
                   Not <!-- copydesk-disable --> alone.\n<!-- copydesk-enable --> <!-- x -->\n";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        let comments: Vec<&str> = doc.comments.iter().map(|c| &src[c.span.clone()]).collect();
        assert_eq!(
            comments,
            ["<!-- copydesk-disable-next-line misspelled-name -->"]
        );
        let copy: Vec<&str> = doc.regions.iter().map(|r| &src[r.span.clone()]).collect();
        assert_eq!(
            copy,
            [
                "Kiev.\n",
                "\r\nKiev.\nNot <!-- copydesk-disable --> alone.\n<!-- copydesk-enable --> <!-- x -->\n"
            ]
        );
        let none = Document::new("b.txt", "copydesk-disable\n".to_string(), Format::Text);
        assert!(none.comments.is_empty());
        assert_eq!(none.regions.len(), 1);
    }

    fn copy(doc: &Document) -> Vec<&str> {
        doc.regions
            .iter()
            .map(|r| &doc.source[r.span.clone()])
            .collect()
    }

    #[test]
    fn a_url_glued_to_a_word_is_not_copy() {
        for src in [
            "Admiral\u{ad}https://kiev.example/Kiev",
            "Admiralhttps://kiev.example/Kiev",
        ] {
            let doc = Document::new("a.txt", src.to_string(), Format::Text);
            assert_eq!(
                copy(&doc).concat().trim_end_matches('\u{ad}'),
                "Admiral",
                "{src:?}"
            );
        }
    }

    #[test]
    fn markdown_code_html_and_links_are_not_copy() {
        let src = "Say `Kiev` here.\n\n```\nKiev\n```\n\n<div>Kiev</div>\n\nSee [Kyiv](https://kiev.example/Kiev) and <https://kiev.example>.\n";
        let doc = Document::new("a.md", src.to_string(), Format::Markdown);
        let text = copy(&doc).concat();
        assert!(!text.contains("Kiev"), "{text:?}");
        assert!(text.contains("Kyiv"));
    }

    #[test]
    fn yaml_front_matter_date_and_title() {
        let src =
            "---\ntitle: \"Talks in Kyiv\"\ndate: 2025-12-20T08:00:00Z\noutlet: X\n---\nBody.\n";
        let doc = Document::new("a.md", src.to_string(), Format::Markdown);
        assert_eq!(doc.date(), Date::new(2025, 12, 20));
        let title = doc
            .front_matter
            .as_ref()
            .and_then(|f| f.title.clone())
            .expect("title");
        assert_eq!(&src[title], "Talks in Kyiv");
        assert_eq!(copy(&doc), vec!["Talks in Kyiv", "Body."]);
        assert!(doc.in_heading(src.find("Kyiv").unwrap_or(0)));
    }

    #[test]
    fn toml_front_matter_and_alternative_date_keys() {
        let src = "+++\npubDate = \"2024-03-01\"\n+++\nText\n";
        let doc = Document::new("a.md", src.to_string(), Format::Markdown);
        assert_eq!(doc.date(), Date::new(2024, 3, 1));
        let src = "---\npublished: 2023-05-06\ndate: nonsense\n---\nx";
        let doc = Document::new("a.md", src.to_string(), Format::Markdown);
        assert_eq!(doc.date(), Date::new(2023, 5, 6));
    }

    #[test]
    fn unterminated_front_matter_is_copy() {
        let src = "---\ndate: 2025-01-01\nno end";
        let doc = Document::new("a.md", src.to_string(), Format::Markdown);
        assert!(doc.front_matter.is_none());
    }

    /// Columns in lines longer than the char marks' spacing, with multi-byte chars across marks.
    #[test]
    fn columns_in_long_lines_with_multibyte_chars() {
        let src = format!("\u{feff}{}x\n{}y\rz", "é€".repeat(3000), "a".repeat(9000));
        let doc = Document::new("a.txt", src.clone(), Format::Text);
        for (offset, _) in src.char_indices().step_by(997).chain([(src.len(), ' ')]) {
            let before = &src[..offset];
            let start = before.rfind(['\n', '\r']).map_or(3.min(offset), |i| i + 1);
            let line = 1 + before.matches(['\n', '\r']).count();
            let col = src[start..offset].chars().count() + 1;
            assert_eq!(doc.line_col(offset), (line, col), "offset {offset}");
        }
    }

    #[test]
    fn line_and_column_with_bom_crlf_and_lone_cr() {
        let src = "\u{feff}ab\r\ncé\rxyz";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        assert_eq!(doc.line_col(3), (1, 1));
        assert_eq!(doc.line_col(4), (1, 2));
        assert_eq!(doc.line_col(7), (2, 1));
        let x = src.find('x').unwrap_or(0);
        assert_eq!(doc.line_col(x), (3, 1));
        assert_eq!(doc.line_col(src.find('\r').unwrap_or(0) + 3), (2, 2));
        assert_eq!(line_col(src, x), (2, 4));
    }

    #[test]
    fn urls_are_masked() {
        let src = "Read www.kiev.example/a and https://x.example/Kiev. Then Kiev.";
        let doc = Document::new("a.txt", src.to_string(), Format::Text);
        let text = copy(&doc).concat();
        assert_eq!(text.matches("Kiev").count(), 1, "{text}");
    }
}
