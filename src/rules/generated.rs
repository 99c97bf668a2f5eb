//! Generated dictionaries (written by `copydesk rules import` or `rules update`, their first line
//! marked `@generated`) yield to hand-written ones.
//!
//! An imported person whose Wikidata id, or whose name, a hand-written entry already has (as its
//! name, a variant, a style form, an alias or a misspelling) is dropped; the hand-written entry
//! only gains the Wikidata id when it has none. Its roles are not merged: a hand-written entry's
//! dates were checked by a person, and an imported date of another precision or source would
//! contradict them on the days in between. Between generated files, a later file's entry replaces
//! an earlier one with the same Wikidata id (a newsroom's fresh import over the built-in roster).
//! Two imported people who share a name are both kept: copy must tell them apart.

use std::hash::Hasher;
use std::ops::Range;

use crate::hash::{FormHasher, FormMap};

use super::{Entity, EntityKind, FileSummary, FormRole, RuleProblems, RuleSet, RuleSource};

/// A dictionary file's entries as loaded, ready to be stored.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Compiled {
    /// [`text_hash`] of the TOML the entries were read from.
    hash: u64,
    summary: FileSummary,
    entities: Vec<Entity>,
    /// Each entity's forms and where they are written, for validation (not in [`Entity`]'s
    /// serialized form).
    spans: Vec<Vec<(FormRole, String, Range<usize>)>>,
}

/// A hash of a dictionary's text and length.
pub fn text_hash(text: &str) -> u64 {
    let mut h = FormHasher::default();
    h.write(text.as_bytes());
    h.write_usize(text.len());
    h.finish()
}

/// Compiles one dictionary file (which must load on its own) to the bytes of
/// [`super::BUILTIN_COMPILED`].
pub fn compile(source: &RuleSource) -> Result<Vec<u8>, RuleProblems> {
    // Under another path, so that the compiled bytes being replaced are not used.
    let fresh = RuleSource {
        path: format!("{} (compiling)", source.path),
        text: source.text.clone(),
    };
    let set = RuleSet::load(vec![fresh])?;
    let compiled = Compiled {
        hash: text_hash(&source.text),
        summary: set.files[0].clone(),
        spans: set.entities.iter().map(|e| e.form_spans.clone()).collect(),
        entities: set.entities,
    };
    postcard::to_stdvec(&compiled).map_err(|e| RuleProblems {
        problems: vec![super::RuleProblem::new(
            0,
            0..0,
            format!("cannot compile: {e}"),
            String::new(),
        )],
        sources: vec![source.clone()],
    })
}

/// Whether `source` is a built-in file whose compiled entries are up to date (and so are used).
pub fn compiled_matches(source: &RuleSource) -> bool {
    compiled_for(source).is_some()
}

/// Whether `source` names a built-in file that has compiled entries (which may still be stale).
pub(super) fn has_compiled(source: &RuleSource) -> bool {
    compiled_bytes(source).is_some()
}

/// The compiled entries of the built-in file `source` names, if it has some.
fn compiled_bytes(source: &RuleSource) -> Option<&'static [u8]> {
    super::BUILTIN_COMPILED
        .iter()
        .find(|(path, _)| *path == source.path)
        .map(|(_, bytes)| *bytes)
}

/// A built-in file's compiled entries, when `source` is exactly the text they were compiled from.
///
/// Unlike the cache of compiled dictionaries, these bytes are not checked field by field: they
/// are part of the binary (`include_bytes!`), as trusted as its code, and no one but a build can
/// change them; `tests/roster.rs` checks that they are exactly what compiling the TOML gives, and
/// they are used only for the exact TOML text they were compiled from. Whatever they hold then
/// goes through the same validation across entries as the TOML would.
pub(super) fn compiled_for(source: &RuleSource) -> Option<Compiled> {
    let compiled = postcard::from_bytes::<Compiled>(compiled_bytes(source)?).ok()?;
    (compiled.hash == text_hash(&source.text) && compiled.spans.len() == compiled.entities.len())
        .then_some(compiled)
}

/// Adds a built-in file's compiled entries to `set`.
pub(super) fn push_compiled(
    file: usize,
    source: &RuleSource,
    compiled: Compiled,
    set: &mut RuleSet,
) {
    for (mut e, spans) in compiled.entities.into_iter().zip(compiled.spans) {
        e.origin.file = file;
        e.form_spans = spans;
        set.entities.push(e);
    }
    let mut summary = compiled.summary;
    summary.path.clone_from(&source.path);
    set.files.push(summary);
}

/// Whether the file of a rule set is a generated dictionary.
pub fn is_generated(set: &RuleSet, file: usize) -> bool {
    set.sources
        .get(file)
        .is_some_and(|s| crate::import::write::is_generated(&s.text))
}

/// Whether two entries are imported people (who may share a name: homonyms).
pub(super) fn homonyms(set: &RuleSet, a: &super::Entity, b: &super::Entity) -> bool {
    a.kind == EntityKind::Person
        && b.kind == EntityKind::Person
        && is_generated(set, a.origin.file)
        && is_generated(set, b.origin.file)
}

pub(super) fn merge(set: &mut RuleSet) {
    let generated: Vec<bool> = (0..set.sources.len())
        .map(|f| is_generated(set, f))
        .collect();
    if !generated.contains(&true) {
        return;
    }
    let from_generated = |file: usize| generated.get(file).copied().unwrap_or(false);
    let mut hand_qid: FormMap<String, usize> = FormMap::default();
    let mut hand_form: FormMap<String, usize> = FormMap::default();
    for (i, e) in set.entities.iter().enumerate() {
        if from_generated(e.origin.file) {
            continue;
        }
        if let Some(q) = &e.wikidata {
            hand_qid.entry(q.clone()).or_insert(i);
        }
        for (_, form, _) in &e.form_spans {
            hand_form.entry(form.clone()).or_insert(i);
        }
        for form in e.recognised_forms().into_iter().chain(e.wrong_forms()) {
            hand_form.entry(form.to_string()).or_insert(i);
        }
    }
    let mut keep = vec![true; set.entities.len()];
    let mut latest: FormMap<String, usize> = FormMap::default();
    for (i, e) in set.entities.iter().enumerate() {
        if !from_generated(e.origin.file) || e.kind != EntityKind::Person {
            continue;
        }
        if let Some(q) = &e.wikidata {
            if let Some(earlier) = latest.insert(q.clone(), i) {
                keep[earlier] = false;
            }
        }
    }
    let mut gains: Vec<(usize, String)> = Vec::new();
    for (i, e) in set.entities.iter().enumerate() {
        if !keep[i] || !from_generated(e.origin.file) || e.kind != EntityKind::Person {
            continue;
        }
        let hand = e
            .wikidata
            .as_ref()
            .and_then(|q| hand_qid.get(q))
            .or_else(|| hand_form.get(&e.name))
            .copied();
        if let Some(h) = hand {
            keep[i] = false;
            if let Some(q) = &e.wikidata {
                if set.entities[h].wikidata.is_none() && !hand_qid.contains_key(q) {
                    gains.push((h, q.clone()));
                }
            }
        }
    }
    for (h, q) in gains {
        set.entities[h].wikidata.get_or_insert(q);
    }
    let mut k = 0;
    set.entities.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}
