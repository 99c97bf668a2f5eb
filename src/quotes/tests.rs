use super::*;

const PEOPLE: &str = r#"
[[person]]
id = "ada-quill"
name = "Ada Quillfeather"

[[person]]
id = "boris-tallow"
name = "Boris Tallowmere"
  [[person.role]]
  title = "Envoy"
  forms = ["envoy"]
  from = 2020-01-01

[[person]]
id = "cleo-marsh"
name = "Cleo Marshwood"
"#;

/// Every attributed quotation of `text` read as plain text, with the dictionaries of `PEOPLE`.
fn attributed_in(text: &str) -> (RuleSet, Document, Vec<Quotation>) {
    let sources = vec![crate::rules::RuleSource {
        path: "test.toml".into(),
        text: PEOPLE.into(),
    }];
    let rules = RuleSet::load(sources).unwrap_or_else(|e| panic!("test rules: {e}"));
    let index = Index::build(&rules);
    let doc = Document::new("a.txt", text.to_string(), Format::Text);
    let day = Date::parse("2025-12-20").expect("a date");
    let scan = Scan::new(&doc, &index, day);
    let quotations = crate::context::quotations(&doc.source);
    let furniture = crate::context::furniture(&doc.source);
    let found = attributed(&doc, &scan, &index, &rules, &quotations, &furniture);
    (rules, doc, found)
}

/// `(speaker id, quoted words)` of every attributed quotation of `text`.
fn quoted(text: &str) -> Vec<(String, String)> {
    let (rules, doc, found) = attributed_in(text);
    found
        .iter()
        .map(|q| {
            (
                rules.entities[q.speaker].id.clone(),
                doc.source[q.span.clone()].to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
}

#[test]
fn attributed_by_name_after_and_before_the_quotation() {
    let text = "\"We will keep talking with every side all week,\" Ada Quillfeather said.\n\n\
        Said differently: \"the plan has twelve points and needs work,\" said Boris Tallowmere.\n\n\
        Cleo Marshwood told reporters: \"Nothing has been signed by anyone yet today.\"\n\n\
        Cleo Marshwood wrote on her channel that \"the talks will go on next week too.\"\n\n\
        According to Boris Tallowmere, \"the second round of the talks was useful.\"\n";
    assert_eq!(
        quoted(text),
        pairs(&[
            ("ada-quill", "We will keep talking with every side all week"),
            ("boris-tallow", "the plan has twelve points and needs work"),
            ("cleo-marsh", "Nothing has been signed by anyone yet today."),
            ("cleo-marsh", "the talks will go on next week too."),
            ("boris-tallow", "the second round of the talks was useful."),
        ])
    );
}

#[test]
fn attributed_by_surname_and_pronoun_after_an_attribution() {
    let text = "Ada Quillfeather spoke after the meeting.\n\n\
        \"We have agreed on the first three points of the plan,\" Quillfeather said.\n\n\
        \"The rest will take a few more weeks of work,\" she told reporters.\n\n\
        \"And the ministers will meet again in the spring.\"\n";
    assert_eq!(
        quoted(text),
        pairs(&[
            (
                "ada-quill",
                "We have agreed on the first three points of the plan"
            ),
            ("ada-quill", "The rest will take a few more weeks of work"),
            (
                "ada-quill",
                "And the ministers will meet again in the spring."
            ),
        ])
    );
}

#[test]
fn a_surname_alone_is_no_one_before_the_full_name_or_a_title() {
    // The surname alone, never named in full: not attributed.
    let text = "\"We will keep talking with every side all week,\" Quillfeather said.\n";
    assert_eq!(quoted(text), pairs(&[]));
    // After a title it is the person.
    let text = "\"We will keep talking with every side all week,\" envoy Tallowmere said.\n";
    assert_eq!(
        quoted(text),
        pairs(&[(
            "boris-tallow",
            "We will keep talking with every side all week"
        )])
    );
}

#[test]
fn a_pronoun_is_no_one_when_someone_else_came_between() {
    let text = "Ada Quillfeather said the talks went well.\n\n\
        Cleo Marshwood was less sure about the outcome.\n\n\
        \"It will take many more months of hard work,\" she said.\n";
    assert_eq!(quoted(text), pairs(&[]));
    // No one named at all: an unnamed speaker.
    let text = "\"It will take many more months of hard work,\" an official said.\n";
    assert_eq!(quoted(text), pairs(&[]));
}

#[test]
fn short_quotations_and_possessives_are_not_attributed() {
    // Under five words.
    assert_eq!(
        quoted("\"A good day,\" Ada Quillfeather said.\n"),
        pairs(&[])
    );
    // The possessive names whose words they are not: someone unnamed speaks.
    let text = "\"We will keep talking with every side all week,\" Ada Quillfeather's aide said.\n";
    assert_eq!(quoted(text), pairs(&[]));
}

#[test]
fn translations_are_marked() {
    let text =
        "\"We will keep talking with every side all week,\" Ada Quillfeather said in Russian.\n";
    let (_, _, found) = attributed_in(text);
    assert_eq!(found.len(), 1);
    assert!(found[0].translated);
}

fn drift(this: &str, other: &str) -> Option<String> {
    compare(&tokens(this), &tokens(other)).map(|d| d.difference)
}

#[test]
fn the_same_words_do_not_drift() {
    let a = "The talks are going well, and they will go on tomorrow.";
    assert_eq!(drift(a, a), None);
    // Case, marks, punctuation, spellings and number words do not count.
    assert_eq!(
        drift(
            "the talks are going well and they will go on tomorrow",
            "The talks are going well; and they will go on tomorrow!"
        ),
        None
    );
    assert_eq!(
        drift(
            "Our defence programme will take ten years to organise.",
            "Our defense program will take 10 years to organize."
        ),
        None
    );
    assert_eq!(
        drift(
            "Prices rose by 10 per cent in a single year, he said nothing.",
            "Prices rose by 10 percent in a single year, he said nothing."
        ),
        None
    );
}

#[test]
fn contractions_compounds_and_cuts_do_not_drift() {
    assert_eq!(
        drift(
            "We're not going to give up, and we cannot wait for them any longer.",
            "We are not gonna give up, and we can't wait for them any longer."
        ),
        None
    );
    assert_eq!(
        drift(
            "It was one of the most over-rated plans we have ever seen here.",
            "It was one of the most overrated plans we have ever seen here."
        ),
        None
    );
    assert_eq!(
        drift(
            "The bridge is about to fall into the river, the engineers say.",
            "The bridge's about to fall into the river, the engineers say."
        ),
        None
    );
    // Two parts of one statement quoted as one: a whole stretch left out.
    assert_eq!(
        drift(
            "We will rebuild the bridge. The river towns will have their road again by spring.",
            "We will rebuild the bridge. It will cost more than we hoped and take longer than \
             anyone wants. The river towns will have their road again by spring."
        ),
        None
    );
    // A possessive is no contraction.
    assert!(drift(
        "The mayor's plan for the river towns and the old harbour will be ready by the spring.",
        "The mayor is planning for the river towns and the old harbour to be ready by the spring."
    )
    .is_some());
}

#[test]
fn statements_that_share_only_a_phrase_are_not_aligned_on_small_words() {
    // They share "I think they want to make a deal" and then only "I".
    assert_eq!(
        drift(
            "I think they want to make a deal. I am not sure they have a choice. And I",
            "I think they want to make a deal much more than I"
        ),
        None
    );
}

#[test]
fn partial_quotations_ellipses_and_brackets_do_not_drift() {
    let long = "We have worked hard on this plan for months, and we will not give up now.";
    assert_eq!(drift("worked hard on this plan for months", long), None);
    // Contained, though its first words also stand earlier in the longer one.
    assert_eq!(
        drift(
            "We will not give up now.",
            "We have to be patient. We will not give up now."
        ),
        None
    );
    assert_eq!(
        drift(
            "We have worked hard on this plan ... and we will not give up now.",
            long
        ),
        None
    );
    assert_eq!(
        drift(
            "We have worked hard on this [peace] plan for months, and we will not give up now.",
            long
        ),
        None
    );
}

#[test]
fn quotations_that_share_little_are_other_statements() {
    assert_eq!(
        drift(
            "The weather in the capital was cold and grey all week long.",
            "We have worked hard on this plan for months, and we will not give up now."
        ),
        None
    );
}

#[test]
fn reworded_quotations_drift_with_a_word_level_difference() {
    let d = drift(
        "The talks began earlier and will resume today and again tomorrow.",
        "The talks began earlier and will continue today and also tomorrow.",
    );
    assert_eq!(
        d.as_deref(),
        Some("The talks began earlier and will [-continue-] {+resume+} today and [-also-] {+again+} tomorrow")
    );
}

fn file(path: &str, date: &str, quotes: &[(&str, &str)]) -> FileQuotes {
    FileQuotes {
        path: path.into(),
        date: Date::parse(date).expect("a date"),
        undated: false,
        found: Vec::new(),
        source_hash: 0,
        quotes: quotes
            .iter()
            .enumerate()
            .map(|(i, (speaker, text))| QuoteRecord {
                speaker: (*speaker).into(),
                name: (*speaker).into(),
                line: i + 1,
                text: (*text).into(),
                translated: false,
            })
            .collect(),
    }
}

const FIRST: &str = "The talks began earlier and will continue today and also tomorrow.";
const SECOND: &str = "The talks began earlier and will resume today and again tomorrow.";

fn findings(index: &QuoteIndex, f: &FileQuotes) -> Vec<(usize, String, usize)> {
    index
        .drifts(&f.path, f.date, &f.quotes)
        .into_iter()
        .map(|x| (x.quote, x.other_path, x.other_line))
        .collect()
}

#[test]
fn the_later_file_is_reported_pointing_at_the_earlier() {
    let a = file("a.md", "2025-12-19", &[("p", FIRST)]);
    let b = file("b.md", "2025-12-20", &[("p", SECOND)]);
    let index = QuoteIndex::build(vec![a.clone(), b.clone()], vec![]);
    assert_eq!(findings(&index, &a), vec![]);
    assert_eq!(findings(&index, &b), vec![(0, "a.md".to_string(), 1)]);
}

#[test]
fn other_speakers_and_other_weeks_are_not_compared() {
    let a = file("a.md", "2025-12-10", &[("p", FIRST)]);
    let b = file("b.md", "2025-12-20", &[("p", SECOND)]);
    let c = file("c.md", "2025-12-20", &[("q", FIRST)]);
    let index = QuoteIndex::build(vec![a, b.clone(), c.clone()], vec![]);
    assert_eq!(findings(&index, &b), vec![]);
    assert_eq!(findings(&index, &c), vec![]);
    // Three days apart is within the window, four is not.
    for (date, expected) in [("2025-12-17", 1), ("2025-12-16", 0)] {
        let a = file("a.md", date, &[("p", FIRST)]);
        let index = QuoteIndex::build(vec![a, b.clone()], vec![]);
        assert_eq!(findings(&index, &b).len(), expected, "{date}");
    }
}

#[test]
fn the_wording_a_third_file_shares_is_not_reported() {
    // b and c agree: a is the one that drifted, although it is the earliest.
    let a = file("a.md", "2025-12-19", &[("p", SECOND)]);
    let b = file("b.md", "2025-12-20", &[("p", FIRST)]);
    let c = file("c.md", "2025-12-20", &[("p", FIRST)]);
    let index = QuoteIndex::build(vec![a.clone(), b.clone(), c.clone()], vec![]);
    assert_eq!(findings(&index, &a).len(), 1);
    assert_eq!(findings(&index, &b), vec![]);
    assert_eq!(findings(&index, &c), vec![]);
}

#[test]
fn sources_are_compared_with_but_never_reported() {
    // The source is later, yet the checked file is the one reported.
    let wire = file("wire.txt", "2025-12-21", &[("p", FIRST)]);
    let story = file("story.md", "2025-12-20", &[("p", SECOND)]);
    let index = QuoteIndex::build(vec![story.clone()], vec![wire]);
    assert_eq!(
        findings(&index, &story),
        vec![(0, "wire.txt".to_string(), 1)]
    );
}

#[test]
fn translated_quotations_are_not_compared() {
    let a = file("a.md", "2025-12-19", &[("p", FIRST)]);
    let mut b = file("b.md", "2025-12-20", &[("p", SECOND)]);
    b.quotes[0].translated = true;
    let index = QuoteIndex::build(vec![a, b.clone()], vec![]);
    assert_eq!(findings(&index, &b), vec![]);
}

#[test]
fn undated_sources_are_compared_whatever_the_date() {
    let story = file("story.md", "2025-12-20", &[("p", SECOND)]);
    let mut wire = file("wire.txt", "2026-06-01", &[("p", FIRST)]);
    let index = QuoteIndex::build(vec![story.clone()], vec![wire.clone()]);
    assert_eq!(findings(&index, &story), vec![]);
    wire.undated = true;
    let index = QuoteIndex::build(vec![story.clone()], vec![wire]);
    assert_eq!(
        findings(&index, &story),
        vec![(0, "wire.txt".to_string(), 1)]
    );
}

#[test]
fn masked_words_and_perfect_tenses() {
    assert!(censored("grab them by the p***y"));
    assert!(censored("what the f--- is going on"));
    assert!(censored("it is s\u{2014}t, he said"));
    assert!(!censored("a well-known plan \u{2014} and a long-term one"));
    assert!(!censored("peace\u{2014}and then war"));
    // "it's been" is "it has been".
    assert_eq!(
        drift(
            "So far it's been a very civil and quiet debate up here.",
            "So far it has been a very civil and quiet debate up here."
        ),
        None
    );
}
