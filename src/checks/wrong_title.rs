use std::ops::Range;

use super::{CheckMeta, Ctx, FixAvailability};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};
use crate::index::Meaning;
use crate::rules::{Entity, EntityKind, Role};
use crate::scan::{Hit, Mention};
use crate::text::is_word_char;

pub static META: CheckMeta = CheckMeta {
    code: "wrong-title",
    summary: "A title the person did not hold on the article's date",
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    explanation: "\
## What it catches
A person's title that was not true on the article's date: \"former President Donald Trump\" in
December 2025 copy (he has been president again since 2025-01-20), \"Sen. Marco Rubio\" after he
became secretary of state, \"National Security Adviser Mike Waltz\" after May 1, 2025. Titles are
read before the name (\"U.S. Secretary of State Marco Rubio\", \"Secretary of State and National
Security Adviser Marco Rubio\", \"then-President Trump\") and after it as an appositive (\"Marco
Rubio, the secretary of state,\"). A surname alone is judged once the full name has appeared.

Modifiers: none, `acting` or `interim`: held on the date; `former` or `ex-`: held before the date
and not on it; `then-`: held at some time; `late`, `incoming`, `outgoing`, `-elect` and others:
not judged. The article's date is `--date`, else the front matter (`date`, `published`,
`pubDate`, `publishDate`), else the configuration's `date`, else today. Only people in the
dictionaries are judged, and roles marked `unverified` never are.

## Why
Titles that were true once are the errors that embarrass a newsroom most, because they are
plausible: the writer remembers them, and the reader knows better.

## Example
```text
Jared Kushner, former President Donald Trump's son-in-law, ...   (article dated 2025-12-20)
```

## Fix
Unsafe (a suggestion to review): drop \"former\" when the title is held; add \"former\" when it was
held before; or the title held on the date.
",
};

/// How a title is qualified in copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    /// Plain, `acting`, `interim`, `current`: held on the date.
    Current,
    /// `former`, `ex-`: held before, not on, the date.
    Former,
    /// `then-`: held at some time.
    Then,
    /// `late`, `incoming`, `outgoing`, `-elect`, ...: not judged.
    NoJudgment,
}

fn modifier_of(word: &str) -> Option<Modifier> {
    match word.to_lowercase().as_str() {
        "acting" | "interim" | "current" | "sitting" | "incumbent" => Some(Modifier::Current),
        "former" | "ex" => Some(Modifier::Former),
        "then" => Some(Modifier::Then),
        "late" | "incoming" | "outgoing" | "future" | "designate" | "would-be" | "soon-to-be"
        | "elect" | "possible" | "re-elected" | "reelected" | "returning" | "second-term"
        | "two-time" | "one-time" | "onetime" | "likely" | "next" | "new" | "nominated"
        | "presumptive" | "prospective" | "caretaker" | "fellow" | "fake" | "self-styled"
        | "self-proclaimed" => Some(Modifier::NoJudgment),
        _ => None,
    }
}

/// Words that make a title into another one when they stand right before it ("Deputy Prime Minister").
const TITLE_EXTENDERS: &[&str] = &[
    "vice",
    "deputy",
    "assistant",
    "associate",
    "under",
    "lieutenant",
    "first",
    "chief",
    "senior",
    "principal",
];

/// A title found next to a mention, with its modifier and where to fix it.
struct TitleUse {
    hit: usize,
    modifier: Modifier,
    /// The modifier's word range in the source, when there is one.
    modifier_span: Option<Range<usize>>,
}

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // Found only when a title is about to be judged: most documents name no one with a title.
    let quotes = std::cell::OnceCell::new();
    let mut full_name_seen: Vec<usize> = Vec::new();
    for m in &ctx.scan.mentions {
        let entity = &ctx.rules.entities[m.entity];
        if entity.kind != EntityKind::Person {
            continue;
        }
        if !m.surname_only {
            full_name_seen.push(m.entity);
        }
        let named_in_full = full_name_seen.contains(&m.entity);
        let mut uses = titles_before(ctx, m);
        uses.extend(title_after(ctx, m));
        for u in uses {
            let hit = &ctx.scan.hits[u.hit];
            let Some(key) = title_key(ctx, hit) else {
                continue;
            };
            // A surname alone is this person once the full name has appeared, or when the title is
            // one this person held ("President Trump"); otherwise it may be someone else.
            let held_ever = ctx.index.title_roles[key]
                .iter()
                .any(|r| r.entity == m.entity);
            if !named_in_full && !held_ever {
                continue;
            }
            // A quotation is the speaker's words: the newsroom's titles are judged, not theirs.
            let quotes = quotes.get_or_init(|| crate::context::quotations(&ctx.doc.source));
            if crate::context::inside(quotes, hit.span.start) {
                continue;
            }
            if let Some(d) = judge(ctx, m, entity, key, hit, &u) {
                out.push(d);
            }
        }
    }
}

fn title_key(ctx: &Ctx<'_>, hit: &Hit) -> Option<usize> {
    ctx.scan
        .meanings(ctx.index, hit)
        .find_map(|(m, _)| match m {
            Meaning::Title { key } => Some(*key),
            _ => None,
        })
}

fn is_title(ctx: &Ctx<'_>, hit: &Hit) -> bool {
    title_key(ctx, hit).is_some()
}

/// The word (letters, digits, `'`, `.`, `-`) that ends at scan offset `end`, if it ends right there.
fn word_before(text: &str, end: usize) -> Option<Range<usize>> {
    let before = &text[..end];
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || matches!(c, '\'' | '.' | '-'))
        .last()
        .map(|(i, _)| i)?;
    Some(start..end)
}

/// Whether a word can stand between a modifier and a title: "U.S.", "Russian", "Trump's", "NATO".
fn is_qualifier(word: &str) -> bool {
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    let sentence_end = word.ends_with('.') && word.matches('.').count() == 1 && word.len() > 3;
    (first_upper || word.ends_with("'s")) && !sentence_end
}

/// Titles standing right before the mention, the last one first, following "and" for compounds.
fn titles_before(ctx: &Ctx<'_>, m: &Mention) -> Vec<TitleUse> {
    let text = &ctx.scan.text.text;
    let mut uses = Vec::new();
    if !text[..m.norm.start].ends_with(' ') {
        return uses;
    }
    let mut end = m.norm.start - 1;
    // "Secretary of State and National Security Adviser Marco Rubio": every part is judged, and
    // a modifier before the first part applies to all of them.
    let mut chain = Vec::new();
    while let Some((h, hit)) = ctx.scan.hit_ending_at(end) {
        if !is_title(ctx, hit) {
            break;
        }
        chain.push(h);
        match hit.norm.start.checked_sub(" and ".len()) {
            Some(e) if text[..hit.norm.start].ends_with(" and ") => end = e,
            _ => break,
        }
    }
    let Some(&first) = chain.last() else {
        return uses;
    };
    let (modifier, modifier_span) = scan_back(ctx, ctx.scan.hits[first].norm.start);
    for h in chain {
        uses.push(TitleUse {
            hit: h,
            modifier,
            modifier_span: modifier_span.clone(),
        });
    }
    uses
}

/// Reads back from a title's start over qualifiers to a modifier; returns it with its source
/// range.
fn scan_back(ctx: &Ctx<'_>, title_start: usize) -> (Modifier, Option<Range<usize>>) {
    let text = &ctx.scan.text.text;
    let source = &ctx.doc.source;
    // Attached: "ex-President", "then-Secretary", "Vice-President", "President-elect".
    if text[..title_start].ends_with('-') {
        let Some(w) = word_before(text, title_start - 1) else {
            return (Modifier::NoJudgment, None);
        };
        return match modifier_of(&text[w.clone()]) {
            Some(modifier) => (
                modifier,
                Some(ctx.scan.text.span(source, &(w.start..title_start))),
            ),
            None => (Modifier::NoJudgment, None),
        };
    }
    let mut pos = title_start;
    for step in 0..4 {
        if !text[..pos].ends_with(' ') {
            break;
        }
        let e = pos - 1;
        let Some(w) = word_before(text, e) else { break };
        let word = &text[w.clone()];
        if step == 0 && TITLE_EXTENDERS.contains(&word.to_lowercase().as_str()) {
            return (Modifier::NoJudgment, None);
        }
        if let Some(modifier) = modifier_of(word) {
            let span = ctx.scan.text.span(source, &(w.start..title_start));
            return (modifier, Some(span));
        }
        // Another title or a name of the dictionaries ends the phrase ("Rubio's deputy").
        if ctx.scan.hit_ending_at(e).is_some() || !is_qualifier(word) {
            return (Modifier::Current, None);
        }
        pos = w.start;
    }
    (Modifier::Current, None)
}

/// An appositive title right after the mention: "Marco Rubio, the secretary of state, said".
fn title_after(ctx: &Ctx<'_>, m: &Mention) -> Option<TitleUse> {
    let text = &ctx.scan.text.text;
    text[m.norm.end..].strip_prefix(", ")?;
    let mut pos = m.norm.end + 2;
    let mut modifier = Modifier::Current;
    let mut modifier_span = None;
    for step in 0..5 {
        if let Some((hit, h)) = ctx
            .scan
            .hit_starting_at(pos)
            .filter(|(_, h)| is_title(ctx, h))
        {
            let after = &text[h.norm.end..];
            let ends_phrase = after.is_empty()
                || after.starts_with([',', '.', ';', ':', ')', '\u{2014}', '\u{2013}'])
                || after.starts_with(" \u{2014}");
            return ends_phrase.then_some(TitleUse {
                hit,
                modifier,
                modifier_span,
            });
        }
        let word_end = text[pos..].find(' ').map_or(text.len(), |i| pos + i);
        let word = &text[pos..word_end];
        let lower = word.to_lowercase();
        if step == 0 && matches!(lower.as_str(), "the" | "a" | "an") {
        } else if let Some(md) = modifier_of(word.trim_end_matches('-')) {
            modifier = md;
            modifier_span = Some(
                ctx.scan
                    .text
                    .span(&ctx.doc.source, &(pos..(word_end + 1).min(text.len()))),
            );
        } else if !is_qualifier(word) || word.ends_with(',') {
            return None;
        }
        if word_end >= text.len() {
            return None;
        }
        pos = word_end + 1;
    }
    None
}

fn judge(
    ctx: &Ctx<'_>,
    m: &Mention,
    entity: &Entity,
    key: usize,
    hit: &Hit,
    u: &TitleUse,
) -> Option<Diagnostic> {
    if u.modifier == Modifier::NoJudgment {
        return None;
    }
    // A title joined to a following word by a hyphen is another title ("Secretary-General").
    let text = &ctx.scan.text.text;
    if text[hit.norm.end..].starts_with('-') {
        return None;
    }
    let date = ctx.date;
    // Facts are checked up to the dictionary's `as-of` date; later, any role may have changed.
    if entity.as_of.is_some_and(|as_of| date > as_of) {
        return None;
    }
    let roles: Vec<&Role> = ctx.index.title_roles[key]
        .iter()
        .filter(|r| r.entity == m.entity)
        .map(|r| &entity.roles[r.role])
        .collect();
    if roles.iter().any(|r| r.unverified) {
        return None;
    }
    let written = &ctx.doc.source[hit.span.clone()];
    let held_now: Vec<&Role> = entity
        .roles
        .iter()
        .filter(|r| r.held_on(date) && !r.unverified)
        .collect();
    let now = describe_current(&held_now);
    let name = &entity.name;

    if roles.is_empty() {
        // Never held, as far as the dictionaries know: judged only for offices anyone may hold,
        // and only when the dictionaries know what the person was on the date.
        if !ctx.index.title_generic[key] || held_now.is_empty() || u.modifier == Modifier::Then {
            return None;
        }
        // A short form of a title the person held ("Secretary Blinken", "Minister Lavrov",
        // "General Secretary Stoltenberg") is not another office.
        if entity.roles.iter().any(|r| {
            r.all_forms()
                .any(|f| words_within(&ctx.index.title_keys[key], f))
        }) {
            return None;
        }
        let message = format!("{name} was not {} on {date}: the dictionaries list no such role for {name}; on that date: {now}", a_title(written));
        let mut d = base(m, hit, message, "not held on this date");
        d = add_role_notes(d, entity);
        d = d.with_help(format!("write \"{}\"", held_now[0].title));
        return Some(d.with_fix(
            Edit {
                span: hit.span.clone(),
                replacement: held_now[0].title.clone(),
            },
            Applicability::Unsafe,
        ));
    }

    let held_on = roles.iter().any(|r| r.held_on(date));
    let held_before = roles.iter().any(|r| r.held_before(date));
    let last_before = roles
        .iter()
        .filter(|r| r.held_before(date) && !r.held_on(date))
        .max_by_key(|r| r.from);
    match u.modifier {
        Modifier::Current if held_on => None,
        Modifier::Former if held_before && !held_on => None,
        Modifier::Then if !roles.is_empty() => None,
        Modifier::Former if held_on => {
            let role = roles.iter().find(|r| r.held_on(date))?;
            let message = format!(
                "{name} was still {} on {date} ({}): \"former\" is wrong",
                a_title(written),
                role.period()
            );
            let mut d = base(m, hit, message, "held on this date");
            if let Some(span) = &u.modifier_span {
                d = d.with_secondary(span.clone(), "not former");
                d = d.with_help("drop \"former\"").with_fix(
                    Edit {
                        span: span.clone(),
                        replacement: String::new(),
                    },
                    Applicability::Unsafe,
                );
            }
            Some(add_role_notes(d, entity))
        }
        Modifier::Former => {
            let first = roles.iter().min_by_key(|r| r.from)?;
            let message = format!(
                "{name} had not yet been {} on {date}: took office on {}",
                a_title(written),
                first.from
            );
            let mut d = base(m, hit, message, "not yet held on this date");
            if let Some(span) = &u.modifier_span {
                d = d.with_secondary(span.clone(), "not former");
            }
            Some(add_role_notes(d, entity))
        }
        Modifier::Current => {
            // "One year after President Trump withdrew from it (2018)": the title is of the time
            // the sentence is about, not of the article's date.
            if historical(ctx, hit, &roles) {
                return None;
            }
            let why = if let Some(r) = last_before {
                r.until.map_or_else(
                    || format!("held it from {}", r.from),
                    |until| format!("held it until {}", until.pred()),
                )
            } else {
                let next = roles
                    .iter()
                    .filter(|r| r.from > date)
                    .min_by_key(|r| r.from)?;
                format!("took office on {}", next.from)
            };
            let message = format!(
                "{name} was not {} on {date}: {why}; on that date: {now}",
                a_title(written)
            );
            let mut d = base(m, hit, message, "not held on this date");
            if last_before.is_some() {
                d = d.with_help(format!(
                    "write \"former {written}\" or the title held on {date}"
                ));
                d = d.with_fix(
                    Edit {
                        span: hit.span.start..hit.span.start,
                        replacement: "former ".into(),
                    },
                    Applicability::Unsafe,
                );
            }
            if let Some(current) = held_now.first() {
                d = d.with_fix(
                    Edit {
                        span: hit.span.clone(),
                        replacement: current.title.clone(),
                    },
                    Applicability::Unsafe,
                );
            }
            Some(add_role_notes(d, entity))
        }
        Modifier::Then | Modifier::NoJudgment => None,
    }
}

/// Whether every word of `title` (split on spaces and hyphens) is a word of `form`.
fn words_within(title: &str, form: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let form_words = split(form);
    let title_words = split(title);
    !title_words.is_empty() && title_words.iter().all(|w| form_words.contains(w))
}

/// Markers of a sentence about the past.
const PAST_MARKERS: &[&str] = &[
    "when he was",
    "when she was",
    "while he was",
    "while she was",
    "during his",
    "during her",
    "at the time",
    "in office",
    "first term",
    "first administration",
    "his first",
    "her first",
    "previous administration",
    "back then",
];

/// Whether the sentence around `hit` is about a time when one of `roles` was held: it names a year
/// inside one of them, or says it is about the past.
fn historical(ctx: &Ctx<'_>, hit: &Hit, roles: &[&Role]) -> bool {
    let sentence = crate::context::sentence(&ctx.scan.text.text, hit.norm.start);
    let years_held = |y: i32| {
        roles
            .iter()
            .any(|r| r.from.year() <= y && r.until.is_none_or(|u| y <= u.pred().year()))
    };
    if crate::context::years(sentence).into_iter().any(years_held) {
        return true;
    }
    let lower = sentence.to_lowercase();
    PAST_MARKERS.iter().any(|m| lower.contains(m))
}

fn base(m: &Mention, hit: &Hit, message: String, label: &str) -> Diagnostic {
    Diagnostic::new(META.code, META.severity, hit.span.clone(), message)
        .with_label(label)
        .with_secondary(m.span.clone(), "this person")
}

fn add_role_notes(mut d: Diagnostic, entity: &Entity) -> Diagnostic {
    let mut roles: Vec<&Role> = entity.roles.iter().filter(|r| !r.unverified).collect();
    roles.sort_by_key(|r| r.from);
    let list: Vec<String> = roles
        .iter()
        .map(|r| format!("{}, {}", r.title, r.period()))
        .collect();
    if !list.is_empty() {
        d = d.with_note(format!("{}: {}", entity.name, list.join("; ")));
    }
    d
}

/// "a senator", "President", written as in the copy.
fn a_title(written: &str) -> String {
    format!("\"{written}\"")
}

/// The titles held on the date, joined: "Secretary of State and National Security Adviser".
fn describe_current(roles: &[&Role]) -> String {
    if roles.is_empty() {
        return "no role in the dictionaries".into();
    }
    let titles: Vec<&str> = roles.iter().map(|r| r.title.as_str()).collect();
    titles.join(" and ")
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{assert_diagnostics, linter};

    const RULES: &str = r#"
[[person]]
name = "Donald Trump"
  [[person.role]]
  title = "President"
  forms = ["U.S. President", "President of the United States"]
  from = 2017-01-20
  until = 2021-01-20
  [[person.role]]
  title = "President"
  forms = ["U.S. President", "President of the United States"]
  from = 2025-01-20

[[person]]
name = "JD Vance"
  [[person.role]]
  title = "Vice President"
  from = 2025-01-20

[[person]]
name = "Joe Biden"
  [[person.role]]
  title = "Vice President"
  from = 2009-01-20
  until = 2017-01-20
  [[person.role]]
  title = "President"
  from = 2021-01-20
  until = 2025-01-20

[[person]]
name = "Marco Rubio"
  [[person.role]]
  title = "Senator"
  forms = ["Sen."]
  from = 2011-01-03
  until = 2025-01-20
  [[person.role]]
  title = "Secretary of State"
  forms = ["top diplomat"]
  from = 2025-01-21
  [[person.role]]
  title = "National Security Adviser"
  forms = ["national security advisor"]
  from = 2025-05-01

[[person]]
name = "Mike Waltz"
  [[person.role]]
  title = "National Security Adviser"
  from = 2025-01-20
  until = 2025-05-01

[[person]]
name = "Rustem Umerov"
  [[person.role]]
  title = "Defense Minister"
  from = 2023-09-06
  until = 2025-07-18
  [[person.role]]
  title = "Secretary of the National Security and Defense Council"
  forms = ["Secretary of Ukraine's National Security and Defense Council"]
  from = 2025-07-18

[[person]]
name = "Steve Witkoff"
  [[person.role]]
  title = "Special Envoy"
  forms = ["envoy"]
  from = 2025-01-20
  [[person.role]]
  title = "Special Envoy for Peace Missions"
  from = 2025-01-20
  unverified = true

[[title]]
title = "Prime Minister"
[[title]]
title = "Deputy Prime Minister"
[[title]]
title = "Chancellor"
[[title]]
title = "Secretary-General"
"#;

    fn at(date: &str) -> crate::Linter {
        linter(RULES, None, date)
    }

    #[test]
    fn former_president_while_in_office() {
        assert_diagnostics(
            &at("2025-12-20"),
            "wrong-title",
            "Jared Kushner, former President Donald Trump's son-in-law.",
            &[("President", Some(""))],
        );
        assert_diagnostics(
            &at("2023-06-01"),
            "wrong-title",
            "former President Donald Trump's son-in-law",
            &[],
        );
        assert_diagnostics(
            &at("2023-06-01"),
            "wrong-title",
            "President Donald Trump said",
            &[("President", Some("former "))],
        );
    }

    #[test]
    fn both_sides_of_a_handover() {
        // Trump's second term starts 2025-01-20: the day before he is a former president.
        let text = "President Donald Trump spoke.";
        assert_diagnostics(
            &at("2025-01-19"),
            "wrong-title",
            text,
            &[("President", Some("former "))],
        );
        assert_diagnostics(&at("2025-01-20"), "wrong-title", text, &[]);
        assert_diagnostics(&at("2025-01-21"), "wrong-title", text, &[]);
        // Waltz left on 2025-05-01: the handover day belongs to his successor.
        let text = "National Security Adviser Mike Waltz said.";
        assert_diagnostics(&at("2025-04-30"), "wrong-title", text, &[]);
        assert_diagnostics(
            &at("2025-05-01"),
            "wrong-title",
            text,
            &[("National Security Adviser", Some("former "))],
        );
        assert_diagnostics(
            &at("2025-05-02"),
            "wrong-title",
            text,
            &[("National Security Adviser", Some("former "))],
        );
        let text = "former National Security Adviser Mike Waltz said.";
        assert_diagnostics(
            &at("2025-04-30"),
            "wrong-title",
            text,
            &[("National Security Adviser", Some(""))],
        );
        assert_diagnostics(&at("2025-05-01"), "wrong-title", text, &[]);
        // Umerov moved to the NSDC on 2025-07-18.
        let text = "Defense Minister Rustem Umerov arrived.";
        assert_diagnostics(&at("2025-07-17"), "wrong-title", text, &[]);
        assert_diagnostics(
            &at("2025-07-18"),
            "wrong-title",
            text,
            &[("Defense Minister", Some("former "))],
        );
        assert_diagnostics(
            &at("2025-07-19"),
            "wrong-title",
            text,
            &[("Defense Minister", Some("former "))],
        );
    }

    #[test]
    fn senator_rubio_after_he_left() {
        let l = at("2025-12-20");
        assert_diagnostics(
            &l,
            "wrong-title",
            "Sen. Marco Rubio said.",
            &[("Sen.", Some("former "))],
        );
        assert_diagnostics(
            &at("2024-12-20"),
            "wrong-title",
            "Sen. Marco Rubio said.",
            &[],
        );
    }

    #[test]
    fn vice_president_is_never_president() {
        let l = at("2025-12-20");
        assert_diagnostics(
            &l,
            "wrong-title",
            "Vice President JD Vance and Vice\nPresident JD Vance.",
            &[],
        );
        // The whole phrase is the title: judged as "Deputy Prime Minister", never as "Prime Minister".
        assert_diagnostics(
            &l,
            "wrong-title",
            "Deputy Prime Minister JD Vance",
            &[("Deputy Prime Minister", Some("Vice President"))],
        );
    }

    #[test]
    fn then_late_and_elect() {
        let l = at("2025-12-20");
        assert_diagnostics(
            &l,
            "wrong-title",
            "then-President Donald Trump and then-President Joe Biden",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "President-elect Donald Trump; incoming President Joe Biden",
            &[],
        );
        assert_diagnostics(
            &at("2019-06-01"),
            "wrong-title",
            "former Vice President Joe Biden",
            &[],
        );
        assert_diagnostics(
            &at("2019-06-01"),
            "wrong-title",
            "Vice President Joe Biden",
            &[("Vice President", Some("former "))],
        );
        assert_diagnostics(&l, "wrong-title", "ex-President Joe Biden", &[]);
        assert_diagnostics(
            &l,
            "wrong-title",
            "ex-Vice President JD Vance",
            &[("Vice President", Some(""))],
        );
    }

    #[test]
    fn multibyte_text_around_titles() {
        let l = at("2025-12-20");
        assert_diagnostics(&l, "wrong-title", "Ça — Sen. Marco Rubio … é President Donald Trump é Marco Rubio, the secretary of state, née", &[(
            "Sen.",
            Some("former "),
        )]);
        assert_diagnostics(&l, "wrong-title", "é Marco Rubio, é", &[]);
    }

    #[test]
    fn quotations_and_past_contexts_are_not_judged() {
        let l = at("2024-04-15");
        assert_diagnostics(
            &l,
            "wrong-title",
            "\"President Trump is a man of his word,\" she said.",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "She said: “I agree with President Trump.”",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "One year after President Donald Trump withdrew from it in 2018, Iran stopped.",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "President Donald Trump, when he was in office, had to be persuaded.",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "President Donald Trump spoke on Monday.",
            &[("President", Some("former "))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "a re-elected President Donald Trump would act",
            &[],
        );
        // A year outside the role does not make it historical.
        assert_diagnostics(
            &l,
            "wrong-title",
            "In 2023, President Donald Trump spoke.",
            &[("President", Some("former "))],
        );
    }

    #[test]
    fn short_forms_of_held_titles_and_as_of() {
        let rules = format!("as-of = 2025-12-20\n{RULES}\n[[title]]\ntitle = \"Secretary\"\n[[title]]\ntitle = \"General Secretary\"");
        let l = crate::checks::test_support::linter(&rules, None, "2025-12-20");
        assert_diagnostics(&l, "wrong-title", "Secretary Marco Rubio said.", &[]);
        assert_diagnostics(
            &l,
            "wrong-title",
            "General Secretary Marco Rubio said.",
            &[("General Secretary", Some("Secretary of State"))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Sen. Marco Rubio",
            &[("Sen.", Some("former "))],
        );
        let later = crate::checks::test_support::linter(&rules, None, "2026-07-22");
        assert_diagnostics(
            &later,
            "wrong-title",
            "Sen. Marco Rubio and former Secretary of State Marco Rubio",
            &[],
        );
    }

    #[test]
    fn qualifiers_and_compounds() {
        let l = at("2025-12-20");
        assert_diagnostics(
            &l,
            "wrong-title",
            "U.S. President Donald Trump and Trump's envoy Steve Witkoff",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Secretary of State and National Security Advisor Marco Rubio",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Senator and Secretary of State Marco Rubio",
            &[("Senator", Some("former "))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "America's former President Joe Biden",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Ukraine's Defense Minister Rustem Umerov",
            &[("Defense Minister", Some("former "))],
        );
    }

    #[test]
    fn appositives() {
        let l = at("2025-12-20");
        assert_diagnostics(
            &l,
            "wrong-title",
            "Marco Rubio, the secretary of state, said",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Mike Waltz, Trump's national security adviser, said",
            &[("national security adviser", Some("former "))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Mike Waltz, Trump's former national security adviser, said",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Rustem Umerov, secretary of Ukraine's National Security and Defense Council, said",
            &[],
        );
        assert_diagnostics(&l, "wrong-title", "Joe Biden, the president's son", &[]);
    }

    #[test]
    fn surname_after_full_name_and_other_people() {
        let l = at("2025-12-20");
        // A surname with a title this person held is this person, even before the full name.
        assert_diagnostics(
            &l,
            "wrong-title",
            "Sen. Rubio spoke before Marco Rubio.",
            &[("Sen.", Some("former "))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Jared Kushner, former President Trump's son-in-law",
            &[("President", Some(""))],
        );
        // With a title this person never held, only after the full name.
        assert_diagnostics(
            &l,
            "wrong-title",
            "Chancellor Rubio spoke before Marco Rubio.",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Marco Rubio spoke. Chancellor Rubio left.",
            &[("Chancellor", Some("Secretary of State"))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Marco Rubio arrived. Sen. Rubio spoke.",
            &[("Sen.", Some("former "))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Marco Rubio arrived. Sen. Antonia Rubio spoke.",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Prime Minister Jane Doe and Sen. John Smith",
            &[],
        );
    }

    #[test]
    fn unverified_roles_and_never_held_titles() {
        let l = at("2025-12-20");
        assert_diagnostics(
            &l,
            "wrong-title",
            "Special Envoy for Peace Missions Steve Witkoff",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Chancellor Marco Rubio",
            &[("Chancellor", Some("Secretary of State"))],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "Secretary-General Marco Rubio",
            &[("Secretary-General", Some("Secretary of State"))],
        );
        // Unknown people are never judged.
        assert_diagnostics(&l, "wrong-title", "Chancellor Jane Doe", &[]);
    }
}
