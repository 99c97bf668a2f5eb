use std::ops::Range;

use super::{CheckMeta, Ctx, Findings, FixAvailability};
use crate::date::Date;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};
use crate::index::Meaning;
use crate::rules::{Entity, EntityKind, Held, Role};
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
and not on it; `then-`: held at some time; `late`, `incoming`, `outgoing`, `-elect`, `sacked` and
others: not judged. The article's date is `--date`, else the front matter (`date`, `published`,
`pubDate`, `publishDate`), else the configuration's `date`, else today. Only people in the
dictionaries are judged, and roles marked `unverified` never are.

## Dates
Role dates may be known to the day, the month or the year. A title is wrong only when the
article's date lies outside every reading of them; the first and the last day of a role are
handover days, when copy may speak of either holder.

Each dictionary (or entry) says how far its facts were checked (`as-of`). A role that had ended by
then stays ended: \"Sen. Marco Rubio\" is wrong in copy of any later year. A role still held then
may have ended since: in copy dated after `as-of` the plain title passes, and \"former\" before it
is a warning that names the facts' date. Offices the person never held are not judged after it.

## What is not a claim
Titles in the speakers' words and around the story are not judged: quotations, block quotes,
embedded posts, transcripts' speaker lines, captions and photo galleries, teasers (\"MORE: ...\"),
\"Story highlights\" and hover cards. Nor are titles that do not speak of the article's day:
- a title the person holds later, used of what they would or might do (\"a President Trump\",
  \"Would President Donald Trump ...\", \"if President Biden wins\"), or of the office they were
  elected to during the transition (\"President Trump will ...\" while he was President-elect);
- an \"-elect\" title after the term began, which looks back on the transition;
- a sentence about a year when the title was held (\"In December 2008, Vice President-elect Joe
  Biden ...\") or about the past (\"during the Obama administration\"), and a paragraph that
  names a year later than the article's (a caption updated afterwards).

Two titles joined by \"and\" after \"the\" name two people (\"the president and Vice President
Joe Biden\"); \"State Sen.\", \"shadow\" and the like make another office; a surname followed by a
capitalised word is someone else's given name (\"State Sen. Harris McDowell\"); an office the
person never held is judged only when written as a formal, capitalised title, and honorifics
(King, Prince, First Lady) never are.

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
    /// `late`, `incoming`, `outgoing`, `-elect`, `sacked`...: not judged.
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
        | "self-proclaimed" | "sacked" | "ousted" | "fired" | "deposed" | "toppled"
        | "dismissed" | "exiled" | "departing" | "retiring" | "defeated" | "disgraced"
        | "resigned" | "retired" | "longtime" | "long-time" | "erstwhile" | "lame-duck"
        | "hypothetical" | "potential" => Some(Modifier::NoJudgment),
        _ => None,
    }
}

/// Words that make a title into another one when they stand right before it ("Deputy Prime
/// Minister", "State Sen.", "shadow foreign secretary").
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
    "state",
    "shadow",
    "county",
    "city",
    "provincial",
    "regional",
    "municipal",
    "tribal",
];

/// A title found next to a mention, with its modifier and where to fix it.
struct TitleUse {
    hit: usize,
    modifier: Modifier,
    /// The modifier's word range in the source, when there is one.
    modifier_span: Option<Range<usize>>,
    /// An indefinite article stands before the title ("a President Trump"): a hypothetical.
    indefinite: bool,
}

pub fn run(ctx: &Ctx<'_>, out: &mut Findings) {
    let mut full_name_seen: Vec<usize> = Vec::new();
    for m in &ctx.scan.mentions {
        let entity = &ctx.rules.entities[m.entity];
        if entity.kind != EntityKind::Person {
            continue;
        }
        // Homonyms the copy does not tell apart (see `Mention::shared`) are not judged.
        if m.shared {
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
            // Quotations are the speakers' words, and captions, teasers, embedded posts and the
            // like are not the article's claims about its own day.
            if ctx.not_copy().contains(hit.span.start) {
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
    (first_upper || word.ends_with("'s")) && !sentence_end && !glued_sentences(word)
}

/// Two words run together across a full stop, where copy lost the space after a sentence:
/// "units.Texas". Abbreviations have a letter or none on one side ("U.S.", "Ph.D.").
fn glued_sentences(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.windows(2).any(|w| {
        let next = w[1];
        w[0].chars().filter(|c| c.is_alphabetic()).count() >= 2
            && next.starts_with(char::is_uppercase)
            && next.chars().skip(1).any(char::is_lowercase)
    })
}

/// Titles standing right before the mention, the last one first, following "and" for compounds:
/// "Secretary of State and National Security Adviser Marco Rubio" gives the person both titles.
/// A modifier before the first part qualifies that part ("former Russian president and deputy
/// chairman of the Security Council Dmitry Medvedev"); the parts after it are not judged. After
/// a determiner ("the president and Vice President Joe Biden"), the parts name two people: only
/// the last is this person's.
fn titles_before(ctx: &Ctx<'_>, m: &Mention) -> Vec<TitleUse> {
    let text = &ctx.scan.text.text;
    let mut uses = Vec::new();
    if !text[..m.norm.start].ends_with(' ') {
        return uses;
    }
    let mut end = m.norm.start - 1;
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
    let back = scan_back(ctx, ctx.scan.hits[first].norm.start);
    if chain.len() > 1 && back.determiner {
        chain.truncate(1);
        let last = ctx.scan.hits[chain[0]].norm.start;
        let own = scan_back(ctx, last);
        uses.push(TitleUse {
            hit: chain[0],
            modifier: own.modifier,
            modifier_span: own.span,
            indefinite: false,
        });
        return uses;
    }
    let n = chain.len();
    for (i, h) in chain.into_iter().enumerate() {
        let is_first = i + 1 == n;
        let modifier = if is_first || back.modifier == Modifier::Current {
            back.modifier
        } else {
            Modifier::NoJudgment
        };
        uses.push(TitleUse {
            hit: h,
            modifier,
            modifier_span: back.span.clone(),
            indefinite: back.indefinite,
        });
    }
    uses
}

/// What reading back from a title's start found.
struct Back {
    modifier: Modifier,
    span: Option<Range<usize>>,
    /// "the" or another determiner before the title and its qualifiers.
    determiner: bool,
    /// "a" or "an" before the title and its qualifiers.
    indefinite: bool,
}

/// Reads back from a title's start over qualifiers to a modifier or a determiner.
fn scan_back(ctx: &Ctx<'_>, title_start: usize) -> Back {
    let text = &ctx.scan.text.text;
    let source = &ctx.doc.source;
    let plain = |modifier| Back {
        modifier,
        span: None,
        determiner: false,
        indefinite: false,
    };
    // Attached: "ex-President", "then-Secretary", "President-elect"; also "then- Sen." with a
    // space after the hyphen, as a line break in print leaves it.
    let attached = text[..title_start]
        .strip_suffix('-')
        .or_else(|| text[..title_start].strip_suffix("- "))
        .map(str::len);
    if let Some(hyphen) = attached {
        let Some(w) = word_before(text, hyphen) else {
            return plain(Modifier::NoJudgment);
        };
        return match modifier_of(&text[w.clone()]) {
            Some(modifier) => Back {
                span: Some(ctx.scan.text.span(source, &(w.start..title_start))),
                ..plain(modifier)
            },
            None => plain(Modifier::NoJudgment),
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
        let lower = word.to_lowercase();
        if step == 0 && TITLE_EXTENDERS.contains(&lower.as_str()) {
            return plain(Modifier::NoJudgment);
        }
        if let Some(modifier) = modifier_of(word) {
            let span = ctx.scan.text.span(source, &(w.start..title_start));
            return Back {
                span: Some(span),
                ..plain(modifier)
            };
        }
        if matches!(lower.as_str(), "a" | "an") {
            return Back {
                indefinite: true,
                ..plain(Modifier::Current)
            };
        }
        if matches!(
            lower.as_str(),
            "the" | "his" | "her" | "their" | "its" | "our"
        ) {
            return Back {
                determiner: true,
                ..plain(Modifier::Current)
            };
        }
        // Another title or a name of the dictionaries ends the phrase ("Rubio's deputy").
        if ctx.scan.hit_ending_at(e).is_some() || !is_qualifier(word) {
            return plain(Modifier::Current);
        }
        pos = w.start;
    }
    plain(Modifier::Current)
}

/// An appositive title right after the mention: "Marco Rubio, the secretary of state, said". A
/// title followed by another name is that person's ("Trump, the treasury secretary, Steven
/// Mnuchin, said").
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
            let names_another = after
                .strip_prefix(", ")
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase);
            return (ends_phrase && !names_another).then_some(TitleUse {
                hit,
                modifier,
                modifier_span,
                indefinite: false,
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
    if matches!(u.modifier, Modifier::NoJudgment | Modifier::Then) {
        return None;
    }
    // An imported person's dictionary holds the offices of its source, not a career, and copy
    // names office-holders by the title of the time it speaks of: only "former" before an office
    // the person holds (or held when last checked) is judged. See `Mention::imported`.
    if m.imported && u.modifier != Modifier::Former {
        return None;
    }
    // A title joined to a following word by a hyphen is another title ("Secretary-General").
    let text = &ctx.scan.text.text;
    if text[hit.norm.end..].starts_with('-') {
        return None;
    }
    let date = ctx.date;
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
        .filter(|r| !r.unverified && status(r, date, entity.as_of) == Status::Yes)
        .collect();
    let name = &entity.name;
    let after_facts = entity.as_of.filter(|&as_of| date > as_of);
    // After the facts' date, what the person still held then.
    let held_then: Vec<&Role> = entity
        .roles
        .iter()
        .filter(|r| !r.unverified && status(r, date, entity.as_of) == Status::Stale)
        .collect();
    let now = match after_facts {
        Some(as_of) if held_now.is_empty() && !held_then.is_empty() => {
            format!(
                "{} (as of {as_of}, when the facts were checked)",
                describe_current(&held_then)
            )
        }
        _ => describe_current(&held_now),
    };

    if roles.is_empty() {
        // Never held, as far as the dictionaries know: judged only for offices anyone may hold,
        // only when the dictionaries know what the person was on the date, and not after the
        // date the facts were checked (a new office may have come since).
        if !ctx.index.title_generic[key]
            || held_now.is_empty()
            || after_facts.is_some()
            || u.indefinite
            || !written.starts_with(char::is_uppercase)
            || hypothetical(ctx, hit)
            || m.imported
        {
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

    let statuses: Vec<Status> = roles
        .iter()
        .map(|r| status(r, date, entity.as_of))
        .collect();
    let any = |s: Status| statuses.contains(&s);
    let maybe_before = roles.iter().any(|r| r.maybe_held_before(date));
    let last_before = roles
        .iter()
        .filter(|r| r.held_before(date) && r.held_on(date) == Held::No)
        .max_by_key(|r| r.from.earliest());
    match u.modifier {
        Modifier::Then | Modifier::NoJudgment => None,
        Modifier::Current if !statuses.iter().all(|&s| s == Status::No) => None,
        // "former President Trump confidante": "former" qualifies the noun after the name.
        Modifier::Former if attributive(ctx, m) => None,
        Modifier::Former if any(Status::Yes) => {
            let role = roles
                .iter()
                .zip(&statuses)
                .find(|(_, &s)| s == Status::Yes)
                .map(|(r, _)| r)?;
            let message = format!(
                "{name} was still {} on {date} ({}): \"former\" is wrong",
                a_title(written),
                role.period()
            );
            let d = drop_former(base(m, hit, message, "held on this date"), u);
            Some(add_role_notes(d, entity))
        }
        Modifier::Former if any(Status::Stale) => {
            let as_of = after_facts?;
            let role = roles
                .iter()
                .zip(&statuses)
                .find(|(_, &s)| s == Status::Stale)
                .map(|(r, _)| r)?;
            let message = format!(
                "{name} was still {} on {as_of}, the date the dictionaries' facts were checked \
                 ({}); \"former\" may be wrong on {date}",
                a_title(written),
                role.period()
            );
            let mut d = drop_former(base(m, hit, message, "still held when last checked"), u);
            d.severity = Severity::Warning;
            d = d.with_note(format!(
                "the dictionaries' facts for {name} stop on {as_of}: update them (`copydesk rules update`) or check the title by hand"
            ));
            Some(add_role_notes(d, entity))
        }
        Modifier::Former if maybe_before || m.imported => None,
        Modifier::Former => {
            let first = roles.iter().min_by_key(|r| r.from.earliest())?;
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
            if !is_claim(ctx, entity, hit, &roles, u) {
                return None;
            }
            let why = if let Some(r) = last_before {
                r.until.map_or_else(
                    || format!("held it from {}", r.from),
                    |until| match until.exact() {
                        Some(day) => format!("held it until {}", day.pred()),
                        None => format!("held it until {until}"),
                    },
                )
            } else {
                let next = roles
                    .iter()
                    .filter(|r| r.from.earliest() > date)
                    .min_by_key(|r| r.from.earliest())?;
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
            if let Some(current) = held_now.first().or(held_then.first()) {
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
    }
}

/// Whether a plain title the person did not hold on the date is a claim about that date, as
/// opposed to:
/// - an "-elect" title after the term began: copy looks back on the transition ("briefed
///   President-elect Donald Trump");
/// - a title the person held only later, used of what they would or might do ("a President
///   Trump", "if President Biden wins"), or while they were its "-elect" holder;
/// - a sentence about a time when the title was held ("In December 2008, Vice President-elect Joe
///   Biden ...", "during the Obama administration").
fn is_claim(ctx: &Ctx<'_>, entity: &Entity, hit: &Hit, roles: &[&Role], u: &TitleUse) -> bool {
    let date = ctx.date;
    if roles.iter().all(|r| is_elect(&r.title)) && roles.iter().any(|r| r.ended_by(date)) {
        return false;
    }
    // A paragraph that names a later year was written, or updated, after the article's date
    // (a caption of a later gallery, an update).
    if crate::context::later_year_in_paragraph(&ctx.doc.source, hit.span.start, date) {
        return false;
    }
    // The person will hold the title (again) after the date.
    let future = roles.iter().any(|r| r.from.earliest() > date);
    if future {
        if u.indefinite || hypothetical(ctx, hit) {
            return false;
        }
        // "President Trump will ..." while he was President-elect.
        let elect_now = entity.roles.iter().any(|r| {
            is_elect(&r.title)
                && r.held_on(date) != Held::No
                && roles.iter().any(|t| elect_of(&r.title, &t.title))
        });
        if elect_now {
            return false;
        }
    }
    !historical(ctx, hit, roles)
}

/// Nouns that a name with its title can qualify: "former President Trump aide" is a former aide.
const ATTRIBUTIVE_HEADS: &[&str] = &[
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "confidant",
    "confidante",
    "ally",
    "allies",
    "associate",
    "associates",
    "official",
    "officials",
    "appointee",
    "appointees",
    "nominee",
    "nominees",
    "pick",
    "administration",
    "campaign",
    "lawyer",
    "lawyers",
    "attorney",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "supporter",
    "supporters",
    "donor",
    "donors",
    "loyalist",
    "loyalists",
    "staffer",
    "staffers",
    "strategist",
    "strategists",
    "surrogate",
    "surrogates",
    "envoy",
    "era",
    "cabinet",
];

/// Whether the mention qualifies a noun right after it ("Trump confidante").
fn attributive(ctx: &Ctx<'_>, m: &Mention) -> bool {
    let rest = &ctx.scan.text.text[m.norm.end..];
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    ATTRIBUTIVE_HEADS.contains(&word.as_str())
}

/// "President-elect", "Vice President-elect", "Prime Minister-designate".
fn is_elect(title: &str) -> bool {
    let lower = title.to_lowercase();
    ["-elect", " elect", "-designate", " designate"]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// Whether `elect` is the "-elect" title of `office`.
fn elect_of(elect: &str, office: &str) -> bool {
    let lower = elect.to_lowercase();
    let base = ["-elect", " elect", "-designate", " designate"]
        .iter()
        .find_map(|s| lower.strip_suffix(s));
    base.is_some_and(|b| b == office.to_lowercase())
}

/// Whether the sentence around `hit` is hypothetical, conditional or about the future.
fn hypothetical(ctx: &Ctx<'_>, hit: &Hit) -> bool {
    crate::context::hypothetical(crate::context::sentence(
        &ctx.scan.text.text,
        hit.norm.start,
    ))
}

/// What the dictionaries say of a role on the article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Yes,
    No,
    Unknown,
    /// Still held on the date the facts were checked, which is before the article's date: it
    /// may have ended since.
    Stale,
}

fn status(role: &Role, date: Date, as_of: Option<Date>) -> Status {
    if let Some(as_of) = as_of.filter(|&a| date > a) {
        // Held then, and no end the dictionaries know of has come by the article's date.
        if role.held_on(as_of) == Held::Yes && role.until.is_none_or(|u| date < u.earliest()) {
            return Status::Stale;
        }
    }
    match role.held_on(date) {
        Held::Yes => Status::Yes,
        Held::No => Status::No,
        Held::Unknown => Status::Unknown,
    }
}

/// Points at "former" and offers to drop it.
fn drop_former(mut d: Diagnostic, u: &TitleUse) -> Diagnostic {
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
    d
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
    "during ",
    "at the time",
    "at that time",
    "in office",
    "first term",
    "first administration",
    "his first",
    "her first",
    "previous administration",
    "back then",
    "back in ",
    "years ago",
    "-administration",
    "-era ",
];

/// Whether the sentence around `hit` is about a time when one of `roles` was held: it names a year
/// inside one of them, or says it is about the past.
fn historical(ctx: &Ctx<'_>, hit: &Hit, roles: &[&Role]) -> bool {
    let sentence = crate::context::sentence(&ctx.scan.text.text, hit.norm.start);
    let years_held = |y: i32| {
        roles.iter().any(|r| {
            r.from.earliest().year() <= y && r.until.is_none_or(|u| y <= u.latest().pred().year())
        })
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
    roles.sort_by_key(|r| r.from.earliest());
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
    use crate::Severity;

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
        // Trump's second term starts 2025-01-20: the day before he is a former president, and on
        // the handover day copy may speak of either president.
        let text = "President Donald Trump spoke.";
        assert_diagnostics(
            &at("2025-01-19"),
            "wrong-title",
            text,
            &[("President", Some("former "))],
        );
        assert_diagnostics(&at("2025-01-20"), "wrong-title", text, &[]);
        assert_diagnostics(&at("2025-01-21"), "wrong-title", text, &[]);
        assert_diagnostics(
            &at("2025-01-20"),
            "wrong-title",
            "President Joe Biden and former President Joe Biden",
            &[],
        );
        // Waltz left on 2025-05-01 (the successor's first day).
        let text = "National Security Adviser Mike Waltz said.";
        assert_diagnostics(&at("2025-04-30"), "wrong-title", text, &[]);
        assert_diagnostics(&at("2025-05-01"), "wrong-title", text, &[]);
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
        assert_diagnostics(&at("2025-07-18"), "wrong-title", text, &[]);
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
    fn a_modifier_does_not_reach_across_a_sentence_without_its_space() {
        // The space after a full stop lost in the copy: "former" is in the sentence before.
        assert_diagnostics(
            &at("2020-06-01"),
            "wrong-title",
            "He met two former Army rangers.Florida Sen. Marco Rubio said so.",
            &[],
        );
        assert_diagnostics(
            &at("2020-06-01"),
            "wrong-title",
            "He met the former U.S. Sen. Marco Rubio.",
            &[("Sen.", Some(""))],
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
        // After the facts' date: a role that had ended stays ended; one still held then may
        // have ended since, so "former" is only a warning and the plain title passes.
        let later = crate::checks::test_support::linter(&rules, None, "2026-07-22");
        assert_diagnostics(
            &later,
            "wrong-title",
            "Sen. Marco Rubio and former Secretary of State Marco Rubio",
            &[("Sen.", Some("former ")), ("Secretary of State", Some(""))],
        );
        let found = crate::checks::test_support::diagnostics_full(
            &later,
            "Secretary of State Marco Rubio, then former Secretary of State Marco Rubio",
        );
        let found: Vec<_> = found.iter().filter(|d| d.code == "wrong-title").collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, crate::Severity::Warning);
        assert!(
            found[0].message.contains("2025-12-20"),
            "{}",
            found[0].message
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

    const DATED: &str = r#"
as-of = 2026-06-15

[[person]]
name = "Ann Example"
as-of = 2026-02-05
  [[person.role]]
  title = "Senator"
  forms = ["Sen."]
  from = "2011"
  until = "2019-05"
  [[person.role]]
  title = "Governor"
  from = 2019-05-14

[[person]]
name = "Bob Sample"
  [[person.role]]
  title = "President-elect"
  from = 2016-11-09
  until = 2017-01-20
  [[person.role]]
  title = "President"
  from = 2017-01-20
  until = 2021-01-20

[[person]]
name = "Carl Future"
  [[person.role]]
  title = "Vice President"
  from = 2025-01-20

[[title]]
title = "Chancellor"
[[title]]
title = "King"
honorific = true
"#;

    fn dated(date: &str) -> crate::Linter {
        linter(DATED, None, date)
    }

    #[test]
    fn partial_dates_judge_only_outside_every_reading() {
        let text = "Sen. Ann Example spoke.";
        assert_diagnostics(&dated("2010-12-31"), "wrong-title", text, &[("Sen.", None)]);
        // Somewhere in 2011 she took office, somewhere in May 2019 she left: unknown.
        assert_diagnostics(&dated("2011-06-01"), "wrong-title", text, &[]);
        assert_diagnostics(&dated("2019-05-20"), "wrong-title", text, &[]);
        assert_diagnostics(&dated("2015-01-01"), "wrong-title", text, &[]);
        assert_diagnostics(
            &dated("2019-06-01"),
            "wrong-title",
            text,
            &[("Sen.", Some("former "))],
        );
        // "former" is wrong only where she surely held it.
        let text = "former Sen. Ann Example spoke.";
        assert_diagnostics(
            &dated("2012-03-01"),
            "wrong-title",
            text,
            &[("Sen.", Some(""))],
        );
        assert_diagnostics(&dated("2019-05-02"), "wrong-title", text, &[]);
    }

    #[test]
    fn freshness_on_both_sides_of_the_facts_date() {
        let text = "former Governor Ann Example and Sen. Ann Example";
        // Before the entry's own as-of (2026-02-05): the governorship is held, "former" is wrong.
        let found = crate::checks::test_support::diagnostics_full(&dated("2026-02-04"), text);
        let titles: Vec<_> = found
            .iter()
            .filter(|d| d.code == "wrong-title")
            .map(|d| (d.severity, d.message.contains("2026-02-05")))
            .collect();
        assert_eq!(
            titles,
            [(Severity::Error, false), (Severity::Error, false)],
            "{found:?}"
        );
        // After it: the governorship may have ended since (a warning naming the facts' date),
        // the Senate seat had ended before it and stays ended (an error).
        let found = crate::checks::test_support::diagnostics_full(&dated("2026-02-06"), text);
        let titles: Vec<_> = found
            .iter()
            .filter(|d| d.code == "wrong-title")
            .map(|d| (d.severity, d.message.contains("2026-02-05")))
            .collect();
        assert_eq!(
            titles,
            [(Severity::Warning, true), (Severity::Error, true)],
            "{found:?}"
        );
        // A plain title still held on the facts' date passes after it.
        assert_diagnostics(
            &dated("2026-12-01"),
            "wrong-title",
            "Governor Ann Example",
            &[],
        );
        // Never-held offices are not judged after the facts' date: a new office may have come.
        assert_diagnostics(
            &dated("2026-01-01"),
            "wrong-title",
            "Chancellor Ann Example",
            &[("Chancellor", Some("Governor"))],
        );
        assert_diagnostics(
            &dated("2026-12-01"),
            "wrong-title",
            "Chancellor Ann Example",
            &[],
        );
    }

    #[test]
    fn elect_titles_look_back_and_forward() {
        // Before the race was called: an error.
        assert_diagnostics(
            &dated("2016-10-01"),
            "wrong-title",
            "President-elect Bob Sample spoke.",
            &[("President-elect", None)],
        );
        // After the transition, copy looks back on it.
        assert_diagnostics(
            &dated("2019-06-01"),
            "wrong-title",
            "The FBI briefed President-elect Bob Sample.",
            &[],
        );
        // During the transition, the office he was elected to is used ahead of time.
        assert_diagnostics(
            &dated("2016-12-12"),
            "wrong-title",
            "That is a call President Bob Sample will get to make.",
            &[],
        );
        assert_diagnostics(
            &dated("2016-12-12"),
            "wrong-title",
            "It is a call President Bob Sample makes.",
            &[],
        );
    }

    #[test]
    fn hypotheticals_and_anchored_sentences_are_not_claims() {
        let l = dated("2016-05-01");
        for text in [
            "What would a President Bob Sample do about it?",
            "Would President Bob Sample raise taxes?",
            "If President Bob Sample wins, the court changes.",
            "It is possible that President Bob Sample could act.",
        ] {
            assert_diagnostics(&l, "wrong-title", text, &[]);
        }
        assert_diagnostics(
            &l,
            "wrong-title",
            "President Bob Sample signed the bill.",
            &[("President", None)],
        );
        // A sentence about a year in the role, or about the past.
        let l = dated("2023-03-01");
        for text in [
            "In 2018, President Bob Sample withdrew from the deal.",
            "During his term, President Bob Sample withdrew from the deal.",
            "An adviser in the Sample-administration era said President Bob Sample agreed.",
        ] {
            assert_diagnostics(&l, "wrong-title", text, &[]);
        }
        // A paragraph that names a later year was written after the article's date.
        assert_diagnostics(
            &dated("2015-10-08"),
            "wrong-title",
            "Skies erupt on April 14, 2018. President Bob Sample announced strikes.",
            &[],
        );
        assert_diagnostics(
            &l,
            "wrong-title",
            "President Bob Sample withdrew from the deal.",
            &[("President", Some("former "))],
        );
    }

    #[test]
    fn parsing_pairs_chains_and_given_names() {
        let l = dated("2018-06-01");
        // "then-" with a space after the hyphen, as a line break leaves it.
        assert_diagnostics(
            &l,
            "wrong-title",
            "A startled then- Sen. Ann Example said.",
            &[],
        );
        // "State Sen." is another office; "Sen. Example Lee" is someone whose given name is Example.
        assert_diagnostics(
            &dated("2022-01-01"),
            "wrong-title",
            "State Sen. Ann Example said.",
            &[],
        );
        assert_diagnostics(
            &dated("2022-01-01"),
            "wrong-title",
            "Ann Example left. Sen. Example Lee spoke.",
            &[],
        );
        // After "the", two titles joined by "and" belong to two people.
        assert_diagnostics(
            &dated("2026-01-01"),
            "wrong-title",
            "hosted by the Senator and Governor Ann Example",
            &[],
        );
        // A modifier qualifies the first part of a chain; the parts after it are not judged.
        assert_diagnostics(
            &dated("2026-01-01"),
            "wrong-title",
            "former Sen. and Governor Ann Example",
            &[],
        );
        // "former President Sample aide": a former aide.
        assert_diagnostics(
            &dated("2018-01-01"),
            "wrong-title",
            "Fallen former President Bob Sample confidante Ann Other spoke.",
            &[],
        );
        assert_diagnostics(
            &dated("2018-01-01"),
            "wrong-title",
            "Fallen former President Bob Sample spoke.",
            &[("President", Some(""))],
        );
        // A title followed by another name is that person's.
        assert_diagnostics(
            &dated("2026-01-01"),
            "wrong-title",
            "Standing with Ann Example, the senator, Jo Smith, said.",
            &[],
        );
        assert_diagnostics(
            &dated("2026-01-01"),
            "wrong-title",
            "Standing with Ann Example, the senator, said.",
            &[("senator", Some("former "))],
        );
    }

    #[test]
    fn never_held_titles_need_a_formal_capitalised_office() {
        let l = dated("2026-01-01");
        assert_diagnostics(&l, "wrong-title", "King Ann Example", &[]);
        assert_diagnostics(&l, "wrong-title", "chancellor Ann Example", &[]);
        assert_diagnostics(
            &l,
            "wrong-title",
            "Chancellor Ann Example",
            &[("Chancellor", Some("Governor"))],
        );
    }

    #[test]
    fn page_furniture_and_quotations_are_not_claims() {
        // He left office in 2021: in running copy the plain title is an error.
        let l = dated("2022-06-01");
        assert_diagnostics(
            &l,
            "wrong-title",
            "President Bob Sample waves to the crowd at the rally.",
            &[("President", Some("former "))],
        );
        for text in [
            "Photos: The rise Hide Caption 3 of 9 President Bob Sample at a rally.",
            "MORE: President Bob Sample signs the bill",
            "> President Bob Sample wrote to the committee.",
            "The vote is today. #vote — President Bob Sample (@bobsample) June 1, 2018",
            "PRESIDENT BOB SAMPLE: Well, we will see.",
            "\"President Bob Sample is a friend,\" she said.",
        ] {
            assert_diagnostics(&l, "wrong-title", text, &[]);
        }
        // A paragraph said twice is a caption and its alt text.
        assert_diagnostics(
            &l,
            "wrong-title",
            "President Bob Sample waves to the crowd at the rally.\n\nPresident Bob Sample waves to the crowd at the rally.\n",
            &[],
        );
    }
}
