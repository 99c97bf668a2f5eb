//! Synthetic news copy and dictionaries for the benchmarks.
//!
//! The articles are made from templates and the loaded dictionaries, so they mention real
//! dictionary names with titles, later references by surname, the odd misspelling, house-style
//! words, mojibake and hidden characters, at rates like those of wire copy. Everything is
//! deterministic (a fixed-seed generator), so runs compare like with like.

use std::fmt::Write as _;

use copydesk::rules::{EntityKind, RuleSet};

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        // The modulo bias is irrelevant for making text.
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "said in a statement",
    "wrote on social media",
    "told a news conference",
    "said in an interview",
    "told lawmakers",
];

const CLAUSES: &[&str] = &[
    "the talks would resume next week",
    "the government had no plans to raise taxes before the election",
    "negotiators were close to a deal on grain exports",
    "the ceasefire was holding in most areas along the front line",
    "the new budget would protect spending on hospitals and schools",
    "officials were still counting the damage after the overnight strikes",
    "the agreement left several questions about security guarantees open",
    "the country would not accept any deal that rewarded aggression",
    "the central bank was expected to keep interest rates on hold",
    "aid convoys had reached the city for the first time in weeks",
    "the proposal needed the support of every member state",
    "investigators had found no evidence of foul play",
];

const FILLER: &[&str] = &[
    "The meeting, which lasted more than three hours, ended without a joint statement.",
    "Markets rose slightly after the announcement, with energy shares leading the gains.",
    "Local officials said power had been restored to most homes by the evening.",
    "The ministry did not respond to a request for comment on Sunday.",
    "Opposition parties called the plan a step in the wrong direction and promised to vote against it.",
    "Analysts said the outcome would depend on how quickly the two sides could agree on a timetable.",
    "Thousands of people gathered in the central square despite the rain.",
    "The figures, published on Thursday, showed inflation falling for a third month in a row.",
    "A spokesperson said the delegation would travel to the region later this month.",
    "Residents described hearing several loud explosions shortly after midnight.",
    "The report found that waiting times had grown in almost every region since last year.",
    "Police said two people had been detained and an investigation was under way.",
    "Diplomats said a draft of the text had been circulated among the delegations.",
    "The company said it expected the factory to reopen within weeks.",
];

const HEADLINES: &[&str] = &[
    "Talks resume as pressure grows for a deal",
    "Leaders meet amid warnings over the economy",
    "Strikes hit power grid ahead of winter",
    "Budget plan faces its first test in parliament",
    "Envoys trade proposals in marathon session",
];

/// Names, titles and places drawn from a rule set, to write copy with.
pub struct Cast {
    /// (full name, surname, a title the person has held, misspellings)
    people: Vec<(String, String, Option<String>, Vec<String>)>,
    /// (name, misspellings)
    places: Vec<(String, Vec<String>)>,
    titles: Vec<String>,
    /// House-style words to avoid.
    phrases: Vec<String>,
}

impl Cast {
    pub fn from_rules(rules: &RuleSet) -> Cast {
        let mut cast = Cast {
            people: Vec::new(),
            places: Vec::new(),
            titles: rules.titles.iter().map(|t| t.title.clone()).collect(),
            phrases: rules
                .phrases
                .iter()
                .flat_map(|p| p.instead_of.iter().cloned())
                .collect(),
        };
        for e in &rules.entities {
            match e.kind {
                EntityKind::Person => {
                    let surname = e.surname.clone().unwrap_or_else(|| {
                        e.name
                            .rsplit(' ')
                            .next()
                            .unwrap_or(e.name.as_str())
                            .to_string()
                    });
                    let title = e.roles.last().map(|r| r.title.clone());
                    cast.people
                        .push((e.name.clone(), surname, title, e.misspellings.clone()));
                }
                EntityKind::Place | EntityKind::Organization => {
                    cast.places.push((e.name.clone(), e.misspellings.clone()));
                }
            }
        }
        if cast.people.is_empty() {
            cast.people
                .push(("Maria Example".into(), "Example".into(), None, Vec::new()));
        }
        if cast.places.is_empty() {
            cast.places.push(("Exampleton".into(), Vec::new()));
        }
        if cast.titles.is_empty() {
            cast.titles.push("Minister".into());
        }
        cast
    }

    /// One Markdown article with YAML front matter, about `target` bytes long.
    ///
    /// `error_rate`: about one name in `error_rate` is written in a known wrong form.
    pub fn article(&self, rng: &mut Rng, target: usize, error_rate: usize) -> String {
        let mut out = String::with_capacity(target + 512);
        let year = 2022 + rng.below(4);
        let _ = write!(
            out,
            "---\ntitle: \"{}\"\ndate: {year}-{:02}-{:02}\noutlet: \"Synthetic Wire\"\n---\n\n",
            rng.pick(HEADLINES),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let lead = self.people.len().clamp(1, 6);
        let first = rng.below(self.people.len());
        let cast: Vec<usize> = (0..lead)
            .map(|i| (first + i * 7) % self.people.len())
            .collect();
        let mut introduced = vec![false; cast.len()];
        while out.len() < target {
            let mut paragraph = String::new();
            for _ in 0..(2 + rng.below(3)) {
                let k = rng.below(cast.len());
                let (name, surname, title, wrong) = &self.people[cast[k]];
                let who = if !wrong.is_empty() && rng.one_in(error_rate) {
                    rng.pick(wrong).clone()
                } else if introduced[k] {
                    surname.clone()
                } else {
                    introduced[k] = true;
                    match title {
                        Some(t) if rng.one_in(2) => format!("{t} {name}"),
                        _ => name.clone(),
                    }
                };
                let (place, place_wrong) = rng.pick(&self.places);
                let place = if !place_wrong.is_empty() && rng.one_in(error_rate) {
                    rng.pick(place_wrong).as_str()
                } else {
                    place.as_str()
                };
                match rng.below(6) {
                    0 => {
                        let _ = write!(
                            paragraph,
                            "{who} {} that {}. ",
                            rng.pick(VERBS),
                            rng.pick(CLAUSES)
                        );
                    }
                    1 => {
                        let _ = write!(
                            paragraph,
                            "Speaking in {place}, {who} {} that {}. ",
                            rng.pick(VERBS),
                            rng.pick(CLAUSES)
                        );
                    }
                    2 => {
                        let _ = write!(
                            paragraph,
                            "\u{201c}We will not stop until the job is done,\u{201d} {who} said, \
                             adding that the {} had been briefed. ",
                            rng.pick(&self.titles).to_lowercase()
                        );
                    }
                    3 => {
                        let word = if self.phrases.is_empty() || !rng.one_in(3) {
                            "aide"
                        } else {
                            rng.pick(&self.phrases).as_str()
                        };
                        let _ = write!(
                            paragraph,
                            "A senior {word} to {who} said the visit to {place} had been planned for months. "
                        );
                    }
                    _ => {
                        paragraph.push_str(rng.pick::<&str>(FILLER));
                        paragraph.push(' ');
                    }
                }
                if rng.one_in(40) {
                    // Copy pasted through a misconfigured pipeline.
                    paragraph.push_str(
                        "The minister\u{e2}\u{20ac}\u{2122}s office declined to comment. ",
                    );
                }
                if rng.one_in(60) {
                    paragraph.push_str("Officials met in the\u{200b}capital on Monday. ");
                }
            }
            if rng.one_in(8) {
                let _ = write!(out, "## {}\n\n", rng.pick(HEADLINES));
            }
            out.push_str(paragraph.trim_end());
            out.push_str("\n\n");
        }
        out
    }
}

/// Syllables that make plausible names not found in any dictionary.
const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st",
    "tr", "sh",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ei", "ou"];

fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick::<&str>(ONSETS));
        w.push_str(rng.pick::<&str>(VOWELS));
    }
    if rng.one_in(2) {
        w.push_str(rng.pick::<&str>(&["n", "r", "s", "v", "k"]));
    }
    let mut chars = w.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// A dictionary of `n` synthetic people, each with one misspelling: names that are unique and
/// appear in no built-in dictionary (they are made of invented syllables, at least eight letters).
pub fn people_dictionary(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(n * 80);
    let mut made = 0;
    while made < n {
        let given = word(&mut rng, 2);
        let surname = word(&mut rng, 3);
        let name = format!("{given} {surname}");
        // The misspelling doubles a consonant of the surname: a typical typing slip.
        let pos = surname
            .char_indices()
            .skip(1)
            .find(|(_, c)| !"aeiou".contains(*c))
            .map_or(1, |(i, _)| i);
        let wrong = format!("{}{}", &surname[..=pos], &surname[pos..]);
        let wrong = format!("{given} {wrong}");
        if name.len() < 8 || !seen.insert(name.clone()) || !seen.insert(wrong.clone()) {
            continue;
        }
        let _ = write!(
            out,
            "[[person]]\nid = \"synthetic-{made}\"\nname = \"{name}\"\nmisspellings = [\"{wrong}\"]\n\n"
        );
        made += 1;
    }
    out
}
