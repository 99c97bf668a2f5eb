//! Arbitrary text as a Markdown file: front matter, copy regions, comments and line index must
//! describe the source (in bounds, on character boundaries, in order) without a panic.
#![no_main]

use copydesk::document::line_col;
use copydesk::{Document, Format};
use libfuzzer_sys::fuzz_target;

fn assert_in_source(source: &str, span: &std::ops::Range<usize>, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end),
        "{what} {span:?} is not a range of the {}-byte source",
        source.len()
    );
}

fuzz_target!(|text: &str| {
    for format in [Format::Markdown, Format::Text] {
        let doc = Document::new("fuzz.md", text.to_string(), format);
        if let Some(fm) = &doc.front_matter {
            assert_in_source(text, &fm.span, "front matter");
            if let Some(title) = &fm.title {
                assert_in_source(text, title, "title");
                assert!(fm.span.start <= title.start && title.end <= fm.span.end);
            }
        }
        for region in &doc.regions {
            assert_in_source(text, &region.span, "region");
        }
        for comment in &doc.comments {
            assert_in_source(text, &comment.span, "comment");
        }
        let starts = doc.line_starts();
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        for (offset, _) in text.char_indices().step_by(7) {
            let (line, col) = doc.line_col(offset);
            assert!(line >= 1 && line <= starts.len() && col >= 1);
            let _ = doc.line_range(offset);
            let _ = line_col(text, offset);
        }
        let _ = doc.line_col(text.len());
        let _ = doc.date();
    }
});
