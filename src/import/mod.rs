//! Generated dictionaries: office-holders read from open data and written as a copydesk
//! dictionary with an `@generated` header.
//!
//! Three readers fill one [`Roster`]: [`sparql`] (SPARQL 1.1 JSON results of the shipped
//! Wikidata query), [`entities`] (Wikidata entity JSON: `Special:EntityData`, `wbgetentities`, or
//! a dump with one entity per line, plain, gzip or bzip2) and [`congress`] (the YAML or CSV files
//! of `unitedstates/congress-legislators`). [`write`] turns the roster into TOML whose bytes
//! depend only on the facts, not on the order of the input rows; [`changes`] compares a new
//! roster with the file it replaces; [`update`] runs the shipped queries against a SPARQL
//! endpoint.

pub mod changes;
pub mod congress;
pub mod entities;
pub mod positions;
pub mod sparql;
pub mod update;
pub mod write;

use std::fmt;
use std::path::Path;

pub use positions::Positions;

pub use crate::date::PartialDate;

/// A date of the precision its zero parts say (`month` 0: the year; `day` 0: the month), if it
/// exists in the calendar and has four digits.
pub fn partial_date(year: i32, month: u8, day: u8) -> Option<PartialDate> {
    if !(1..=9999).contains(&year) {
        return None;
    }
    match (month, day) {
        (0, 0) => Some(PartialDate::year(year)),
        (_, 0) => PartialDate::month(year, month),
        _ => crate::Date::new(year, month, day).map(PartialDate::day),
    }
}

/// Orders partial dates by the days they may mean.
fn date_key(d: PartialDate) -> (crate::Date, crate::Date) {
    (d.earliest(), d.latest())
}

/// A dated office held by an imported person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRole {
    /// The house title.
    pub title: String,
    /// Other ways copy writes it.
    pub forms: Vec<String>,
    pub from: PartialDate,
    /// The first day not held (the handover day), when the term has ended.
    pub until: Option<PartialDate>,
    pub acting: bool,
    /// A Wikidata statement id (`Q324546$...`) or a URL.
    pub source: Option<String>,
    /// USPS code of the state, for members of Congress.
    pub state: Option<String>,
    pub party: Option<String>,
    /// The position's Wikidata id, when it came from Wikidata: for single-seat checks.
    pub position: Option<String>,
    /// Where the row was read (not written to the dictionary).
    pub origin: Option<Place>,
}

impl ImportedRole {
    fn sort_key(&self) -> impl Ord + '_ {
        (
            date_key(self.from),
            &self.title,
            self.until.map(date_key),
            &self.source,
            &self.state,
            &self.party,
            self.acting,
            &self.forms,
        )
    }
}

/// A person of a generated dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPerson {
    /// The dictionary id: the lower-case Wikidata id, or a source-specific id.
    pub id: String,
    pub wikidata: Option<String>,
    pub name: String,
    /// The surname, when the source knows it and it has several words ("Van Hollen").
    pub surname: Option<String>,
    /// Other names the person is found by; never endorsed as correct spellings.
    pub aliases: Vec<String>,
    pub roles: Vec<ImportedRole>,
}

/// Where a problem was found: a file and a row, line or entry in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    /// "row 12", "line 3", "entry 5 (bioguide C000127), term 2".
    pub at: String,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.at)
    }
}

/// A row that was left out (an error) or is doubtful (a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub warning: bool,
    pub place: Place,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.warning { "warning" } else { "error" };
        write!(f, "{level}: {}: {}", self.place, self.message)
    }
}

/// Everything imported from a set of files.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub people: Vec<ImportedPerson>,
    pub problems: Vec<Problem>,
    /// What the data is: format and file names, for the header.
    pub source: String,
    /// The query the data answers, for the header.
    pub query: Option<String>,
    /// The date of the data, when it is known: the file-level `as-of`.
    pub as_of: Option<crate::Date>,
}

impl Roster {
    pub(crate) fn error(&mut self, place: Place, message: impl Into<String>) {
        self.problems.push(Problem {
            warning: false,
            place,
            message: message.into(),
        });
    }

    pub(crate) fn warning(&mut self, place: Place, message: impl Into<String>) {
        self.problems.push(Problem {
            warning: true,
            place,
            message: message.into(),
        });
    }

    /// Adds a role to the person with `id`, creating the person. Later rows of one person keep
    /// the first name seen in sorted order (the smallest), so that row order does not matter.
    pub(crate) fn add(&mut self, person: ImportedPerson) {
        if let Some(p) = self.people.iter_mut().find(|p| p.id == person.id) {
            if person.name < p.name {
                p.name.clone_from(&person.name);
                p.surname.clone_from(&person.surname);
            }
            p.aliases.extend(person.aliases);
            p.roles.extend(person.roles);
            if p.wikidata.is_none() {
                p.wikidata = person.wikidata;
            }
        } else {
            self.people.push(person);
        }
    }

    /// Sorts people by id and their roles by date, drops duplicate roles and aliases, and warns
    /// about overlapping holders of single-seat offices. Problems are sorted too.
    pub fn finish(&mut self, positions: &Positions) {
        self.people.sort_by(|a, b| a.id.cmp(&b.id));
        for p in &mut self.people {
            p.roles.sort_by(|a, b| {
                a.sort_key().cmp(&b.sort_key()).then_with(|| {
                    a.origin
                        .as_ref()
                        .map(|o| (&o.file, natural(&o.at)))
                        .cmp(&b.origin.as_ref().map(|o| (&o.file, natural(&o.at))))
                })
            });
            p.roles.dedup_by(|b, a| a.sort_key() == b.sort_key());
            p.aliases.retain(|a| *a != p.name);
            p.aliases.sort();
            p.aliases.dedup();
        }
        self.single_seat_overlaps(positions);
        self.problems.sort_by(|a, b| {
            (&a.place.file, natural(&a.place.at), &a.message).cmp(&(
                &b.place.file,
                natural(&b.place.at),
                &b.message,
            ))
        });
        self.problems.dedup();
    }

    fn single_seat_overlaps(&mut self, positions: &Positions) {
        let mut terms: Vec<(&str, &ImportedPerson, &ImportedRole)> = Vec::new();
        for p in &self.people {
            for r in &p.roles {
                if let Some(pos) = r.position.as_deref() {
                    if positions.single_seat(pos) && !r.acting {
                        terms.push((pos, p, r));
                    }
                }
            }
        }
        terms.sort_by(|a, b| (a.0, date_key(a.2.from)).cmp(&(b.0, date_key(b.2.from))));
        let mut warnings = Vec::new();
        for pair in terms.windows(2) {
            let [(pos_a, a, ra), (pos_b, b, rb)] = pair else {
                continue;
            };
            if pos_a != pos_b || a.id == b.id {
                continue;
            }
            // Overlap when the second starts before the first surely ended.
            let ended = ra.until.map(PartialDate::earliest);
            if ended.is_none_or(|end| rb.from.latest() < end) {
                let here = |r: &ImportedRole| {
                    r.origin
                        .as_ref()
                        .map_or_else(String::new, |o| format!(" ({o})"))
                };
                warnings.push((
                    rb.origin.clone().unwrap_or(Place {
                        file: "(all files)".into(),
                        at: (*pos_a).to_string(),
                    }),
                    format!(
                        "overlapping holders of the single-seat office `{}` ({pos_a}): {} ({}) from {}{} and {} ({}) from {}",
                        ra.title,
                        a.name,
                        a.wikidata.as_deref().unwrap_or(&a.id),
                        ra.from,
                        here(ra),
                        b.name,
                        b.wikidata.as_deref().unwrap_or(&b.id),
                        rb.from
                    ),
                ));
            }
        }
        for (place, message) in warnings {
            self.warning(place, message);
        }
    }

    /// Number of roles of every person.
    pub fn role_count(&self) -> usize {
        self.people.iter().map(|p| p.roles.len()).sum()
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| !p.warning).count()
    }
}

/// "row 12" sorts before "row 100".
fn natural(at: &str) -> Vec<Result<u64, &str>> {
    let mut out = Vec::new();
    let mut rest = at;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits > 0 {
            out.push(Ok(rest[..digits].parse().unwrap_or(u64::MAX)));
            rest = &rest[digits..];
        } else {
            let text = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            out.push(Err(&rest[..text]));
            rest = &rest[text..];
        }
    }
    out
}

/// The formats `rules import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    WikidataSparql,
    WikidataEntities,
    CongressLegislators,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::WikidataSparql => "wikidata-sparql",
            Format::WikidataEntities => "wikidata-entities",
            Format::CongressLegislators => "congress-legislators",
        }
    }
}

/// A file that could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read or write {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl ImportError {
    pub(crate) fn invalid(path: &str, message: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            path: path.to_string(),
            message: message.into(),
        }
    }
}

/// One input file: the name shown in messages and its bytes (already decompressed).
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    /// Reads a file, decompressing `.gz` and `.bz2`.
    pub fn read(path: &Path) -> Result<Input, ImportError> {
        let name = path.display().to_string();
        let raw = std::fs::read(path).map_err(|source| ImportError::Read {
            path: name.clone(),
            source,
        })?;
        let bytes = decompress(&name, raw)?;
        Ok(Input { name, bytes })
    }

    pub fn text(&self) -> Result<&str, ImportError> {
        std::str::from_utf8(&self.bytes).map_err(|e| {
            ImportError::invalid(&self.name, format!("not UTF-8 at byte {}", e.valid_up_to()))
        })
    }
}

/// Decompresses `.gz` and `.bz2` data (by name, or by magic bytes).
pub fn decompress(name: &str, raw: Vec<u8>) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let gz = ext.as_deref() == Some("gz") || raw.starts_with(&[0x1f, 0x8b]);
    let bz = ext.as_deref() == Some("bz2") || raw.starts_with(b"BZh");
    let mut out = Vec::new();
    let result = if gz {
        flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out)
    } else if bz {
        bzip2::read::MultiBzDecoder::new(raw.as_slice()).read_to_end(&mut out)
    } else {
        return Ok(raw);
    };
    result.map_err(|e| {
        let what = if gz { "gzip" } else { "bzip2" };
        ImportError::invalid(name, format!("cannot decompress ({what}): {e}"))
    })?;
    Ok(out)
}

/// Reads `files` in `format` into one roster, titles from `positions`.
pub fn import(
    format: Format,
    inputs: &[Input],
    positions: &Positions,
) -> Result<Roster, ImportError> {
    let mut roster = Roster::default();
    import_into(&mut roster, format, inputs, positions)?;
    Ok(roster)
}

/// As [`import`], into a roster whose `as_of` may already be set (terms of congress-legislators
/// that end after it are open-ended).
pub fn import_into(
    roster: &mut Roster,
    format: Format,
    inputs: &[Input],
    positions: &Positions,
) -> Result<(), ImportError> {
    for input in inputs {
        match format {
            Format::WikidataSparql => sparql::read(input, positions, roster)?,
            Format::WikidataEntities => entities::read(input, positions, roster)?,
            Format::CongressLegislators => congress::read(input, roster)?,
        }
    }
    let mut names: Vec<&str> = inputs
        .iter()
        .map(|i| {
            Path::new(&i.name)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(&i.name)
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    roster.source = format!("{}: {}", format.as_str(), names.join(", "));
    roster.finish(positions);
    Ok(())
}

/// `rw-r--r--`: a new temporary file is private to its owner.
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // `None` elsewhere than on Unix
fn readable_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new temporary file already has the usual permissions.
#[cfg(not(unix))]
#[allow(clippy::unnecessary_wraps)] // `None` elsewhere than on Unix
fn readable_permissions() -> Option<std::fs::Permissions> {
    None
}

/// What [`save`] did.
#[derive(Debug, Clone)]
pub struct Saved {
    /// Whether an earlier file was replaced (and compared with).
    pub replaced: bool,
    /// One line per change (see [`changes::report`]).
    pub report: String,
    pub counts: changes::Counts,
}

/// Writes `roster` to `path` (through a temporary file in the same folder, renamed over it) and
/// reports what changed from the file it replaces.
pub fn save(path: &Path, roster: &Roster) -> Result<Saved, ImportError> {
    use std::io::Write;
    let previous = std::fs::read_to_string(path).ok();
    let (report, counts) = changes::report(previous.as_deref(), roster);
    let text = write::to_toml(roster);
    let io = |source: std::io::Error| ImportError::Read {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    // A dictionary is read by others: keep the replaced file's permissions, else the usual ones.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => readable_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(Saved {
        replaced: previous.is_some(),
        report,
        counts,
    })
}

/// Whether `text` is only a Wikidata item id ("Q42"): what the label service returns when an
/// item has no label in the languages asked for.
pub fn is_qid(text: &str) -> bool {
    text.strip_prefix('Q').is_some_and(|n| {
        !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The item id at the end of an entity URI (`http://www.wikidata.org/entity/Q42`).
pub fn qid_of_uri(uri: &str) -> Option<&str> {
    let id = uri.rsplit('/').next()?;
    is_qid(id).then_some(id)
}

/// The positions table: the built-in one, or the file at `path`.
pub fn positions_from(path: Option<&Path>) -> Result<Positions, ImportError> {
    match path {
        None => Ok(Positions::builtin()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| ImportError::Read {
                path: p.display().to_string(),
                source,
            })?;
            Positions::parse(&p.display().to_string(), &text)
        }
    }
}

/// `rules import`: reads `files` as `format` into a roster (with `as_of` as the data's date).
pub fn run_import(
    format: Format,
    files: &[std::path::PathBuf],
    as_of: Option<crate::date::Date>,
    positions: Option<&Path>,
) -> Result<Roster, ImportError> {
    let positions = positions_from(positions)?;
    let inputs = files
        .iter()
        .map(|f| Input::read(f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut roster = Roster {
        as_of,
        ..Roster::default()
    };
    import_into(&mut roster, format, &inputs, &positions)?;
    if as_of.is_some() {
        roster.as_of = as_of;
    }
    Ok(roster)
}

/// Writes a generated dictionary; returns what to tell the user (the rows left out, the change
/// report against the file it replaces, and a summary line) and whether rows were left out.
pub fn save_and_report(output: &Path, roster: &Roster) -> Result<(String, bool), ImportError> {
    use std::fmt::Write as _;
    let saved = save(output, roster)?;
    let mut out = String::new();
    for p in &roster.problems {
        let _ = writeln!(out, "copydesk: {p}");
    }
    out.push_str(&saved.report);
    let c = saved.counts;
    let changes = if saved.replaced {
        format!(
            "; {} new, {} ended, {} changed, {} no longer in the data",
            c.new, c.ended, c.changed, c.removed
        )
    } else {
        String::new()
    };
    let errors = roster.errors();
    let left_out = if errors > 0 {
        format!(
            "; {errors} row{} left out",
            if errors == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "copydesk: wrote {}: {} people, {} roles{changes}{left_out}",
        output.display(),
        roster.people.len(),
        roster.role_count(),
    );
    Ok((out, errors > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_of_every_precision() {
        let d = |y, m, day| partial_date(y, m, day).map(|d| d.to_string());
        assert_eq!(d(2025, 1, 21).as_deref(), Some("2025-01-21"));
        assert_eq!(d(2019, 5, 0).as_deref(), Some("2019-05"));
        assert_eq!(d(1982, 0, 0).as_deref(), Some("1982"));
        assert_eq!(d(2019, 13, 0), None);
        assert_eq!(d(2019, 2, 30), None);
        assert_eq!(d(0, 0, 0), None);
    }

    #[test]
    fn qids() {
        assert!(is_qid("Q42"));
        assert!(!is_qid("Q"));
        assert!(!is_qid("Q042"));
        assert!(!is_qid("Douglas Adams"));
        assert_eq!(
            qid_of_uri("http://www.wikidata.org/entity/Q42"),
            Some("Q42")
        );
    }

    /// The SPARQL fixture's rows in any order, imported twice, give the same bytes.
    fn fixture_rows() -> (serde_json::Value, Vec<serde_json::Value>) {
        let text = include_str!("../../tests/fixtures/import/holders.sparql.json");
        let doc: serde_json::Value = serde_json::from_str(text).expect("the fixture");
        let rows = doc["results"]["bindings"]
            .as_array()
            .expect("bindings")
            .clone();
        (doc, rows)
    }

    fn import_rows(doc: &serde_json::Value, rows: Vec<serde_json::Value>) -> String {
        let mut doc = doc.clone();
        doc["results"]["bindings"] = serde_json::Value::Array(rows);
        let input = Input {
            name: "results.json".into(),
            bytes: serde_json::to_vec(&doc).expect("JSON"),
        };
        let roster = import(Format::WikidataSparql, &[input], &Positions::builtin())
            .expect("the fixture imports");
        write::to_toml(&roster)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn shuffled_rows_give_the_same_file(seed in proptest::prelude::any::<u64>()) {
            let (doc, rows) = fixture_rows();
            let mut shuffled = rows.clone();
            // A Fisher-Yates shuffle driven by the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
                shuffled.swap(i, j);
            }
            proptest::prop_assert_eq!(import_rows(&doc, rows), import_rows(&doc, shuffled));
        }
    }

    #[test]
    fn importing_twice_is_identical() {
        let (doc, rows) = fixture_rows();
        let once = import_rows(&doc, rows.clone());
        assert_eq!(once, import_rows(&doc, rows));
        assert!(once.contains("from = \"1982\""), "{once}");
        assert!(once.contains("acting = true"), "{once}");
        assert!(
            !once.contains("9C0D1E2F-0003"),
            "the deprecated row is dropped"
        );
    }

    #[test]
    fn gzip_and_bzip2_are_read_by_name_or_magic() {
        use std::io::Write;
        let text = b"{\"entities\":{}}".to_vec();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&text).expect("gzip");
        let gz = gz.finish().expect("gzip");
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        bz.write_all(&text).expect("bzip2");
        let bz = bz.finish().expect("bzip2");
        assert_eq!(decompress("a.json.gz", gz.clone()).expect("gz"), text);
        assert_eq!(decompress("a.json", gz).expect("gz by magic"), text);
        assert_eq!(decompress("a.json.bz2", bz).expect("bz2"), text);
        assert_eq!(decompress("a.json", text.clone()).expect("plain"), text);
        let err = decompress("a.json.gz", b"not gzip".to_vec()).expect_err("bad gzip");
        assert!(
            err.to_string().contains("cannot decompress (gzip)"),
            "{err}"
        );
    }
}
