//! A cache of compiled dictionaries, so that a large dictionary is parsed, validated and compiled
//! once, not at every run of a pre-commit hook or an editor.
//!
//! With 100,000 extra people, reading the TOML, validating it and building the index takes about
//! 2 s; loading the cached result takes a fraction of that. Only sets of dictionaries of at least
//! [`MIN_SOURCE_BYTES`] are cached: the built-in ones compile in a few milliseconds.
//!
//! A cached copy is keyed by copydesk's version, the cache format and the path and full text of
//! every dictionary file (a 128-bit hash), so any change to a dictionary, or a new copydesk, misses
//! the cache. The file holds a header, the [`RuleSet`] and [`Index`] in `postcard`'s binary
//! format, and a checksum of them; a file that is truncated, corrupt or written by another
//! version is ignored and replaced. Files are written to a temporary file and renamed, so
//! concurrent runs never read half a file, and only the few most recently used are kept.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

mod verify;

use crate::hash::FormHasher;
use crate::index::{Automaton, Index};
use crate::rules::{RuleSet, RuleSource};

/// Dictionary sets smaller than this (in bytes of TOML) are never cached.
pub const MIN_SOURCE_BYTES: usize = 256 * 1024;

/// How many cached dictionary sets a cache folder keeps.
pub const KEEP: usize = 4;

/// Changes whenever the layout of the cached data, or what compiling a dictionary gives, changes.
const FORMAT: u32 = 5;

const MAGIC: &[u8; 16] = b"copydesk-cache\0\x01";

/// A folder of cached compiled dictionaries.
#[derive(Debug, Clone)]
pub struct DictionaryCache {
    dir: PathBuf,
}

impl DictionaryCache {
    pub fn new(dir: impl Into<PathBuf>) -> DictionaryCache {
        DictionaryCache { dir: dir.into() }
    }

    /// `$COPYDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/copydesk`, else `~/.cache/copydesk`. As the
    /// XDG specification says, a relative `XDG_CACHE_HOME` is ignored (as is a relative `HOME`).
    pub fn default_dir() -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(dir) = var("COPYDESK_CACHE_DIR") {
            return Some(PathBuf::from(dir));
        }
        let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
        if let Some(dir) = absolute("XDG_CACHE_HOME") {
            return Some(dir.join("copydesk"));
        }
        absolute("HOME").map(|home| home.join(".cache").join("copydesk"))
    }

    /// Whether a set of dictionary files is large enough to be worth caching.
    /// The built-in dictionaries do not count: they load fast (the large roster is compiled
    /// ahead), and a run with only them should not write a cache.
    pub fn worth_caching(sources: &[RuleSource]) -> bool {
        let builtin = |s: &RuleSource| {
            crate::rules::BUILTIN
                .iter()
                .any(|(path, text)| s.path == *path && s.text == *text)
        };
        sources
            .iter()
            .filter(|s| !builtin(s))
            .map(|s| s.text.len())
            .sum::<usize>()
            >= MIN_SOURCE_BYTES
    }

    /// The file that holds the compiled form of `sources`.
    pub fn path_for(&self, sources: &[RuleSource]) -> PathBuf {
        self.dir.join(format!("dictionaries-{}.bin", key(sources)))
    }

    /// The compiled dictionaries for `sources`, if a valid cached copy exists: one whose every
    /// index and length is in bounds and that says nothing the dictionaries do not (see
    /// [`verify`]). The returned rule set holds `sources` as its files' text.
    pub fn load(&self, sources: Vec<RuleSource>) -> Result<(RuleSet, Index), Vec<RuleSource>> {
        let path = self.path_for(&sources);
        let bytes = crate::files::read_regular(&path).map(|(bytes, _)| bytes);
        let Some((mut rules, index)) = bytes.ok().and_then(|bytes| decode(&bytes)) else {
            return Err(sources);
        };
        rules.sources = sources;
        if !verify::is_sound(&rules, &index) {
            return Err(rules.sources);
        }
        // Mark it used, so that pruning keeps it.
        if let Ok(file) = fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        Ok((rules, index))
    }

    /// Stores the compiled form of `rules` (whose `sources` are the key), then removes all but
    /// the [`KEEP`] most recently used cached sets.
    pub fn store(&self, rules: &RuleSet, index: &Index) -> std::io::Result<()> {
        let bytes = encode(rules, index)?;
        fs::create_dir_all(&self.dir)?;
        let path = self.path_for(&rules.sources);
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        tmp.write_all(&bytes)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        self.prune(&path);
        Ok(())
    }

    fn prune(&self, keep: &Path) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.as_path() != keep
                    && p.extension().is_some_and(|e| e == "bin")
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("dictionaries-"))
            })
            .filter_map(|p| Some((fs::metadata(&p).ok()?.modified().ok()?, p)))
            .collect();
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        for (_, path) in files.into_iter().skip(KEEP - 1) {
            let _ = fs::remove_file(path);
        }
    }
}

/// A 128-bit hash of copydesk's version, the format and every source, as 32 hex digits.
fn key(sources: &[RuleSource]) -> String {
    let half = |seed: u8| {
        #[allow(deprecated)] // SipHasher is deprecated only in favour of an unkeyed DefaultHasher
        let mut h = std::hash::SipHasher::new_with_keys(u64::from(seed), 0x636f_7079_6465_736b);
        env!("CARGO_PKG_VERSION").hash(&mut h);
        FORMAT.hash(&mut h);
        sources.len().hash(&mut h);
        for s in sources {
            s.path.hash(&mut h);
            s.text.hash(&mut h);
        }
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FormHasher::default();
    h.write(bytes);
    h.finish()
}

fn header() -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT.to_le_bytes());
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    out.push(u8::try_from(version.len()).unwrap_or(u8::MAX));
    out.extend_from_slice(version);
    out
}

fn encode(rules: &RuleSet, index: &Index) -> std::io::Result<Vec<u8>> {
    let to_bytes = |e: postcard::Error| std::io::Error::other(e.to_string());
    let rules = postcard::to_stdvec(rules).map_err(to_bytes)?;
    let index = postcard::to_stdvec(index).map_err(to_bytes)?;
    let mut payload = (rules.len() as u64).to_le_bytes().to_vec();
    payload.extend_from_slice(&rules);
    payload.extend_from_slice(&index);
    let mut out = header();
    out.extend_from_slice(&payload);
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    Ok(out)
}

/// The rule set and the index (its automaton rebuilt), decoded side by side.
fn decode(bytes: &[u8]) -> Option<(RuleSet, Index)> {
    let rest = bytes.strip_prefix(header().as_slice())?;
    let (payload, sum) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    if checksum(payload).to_le_bytes() != sum {
        return None;
    }
    let (len, payload) = payload.split_first_chunk::<8>()?;
    let (rules, index) =
        payload.split_at_checked(usize::try_from(u64::from_le_bytes(*len)).ok()?)?;
    let (rules, index) = rayon::join(
        || postcard::from_bytes::<RuleSet>(rules).ok(),
        || {
            let mut index = postcard::from_bytes::<Index>(index).ok()?;
            index.automaton = Automaton::build(index.patterns.iter().map(|p| p.text.as_str()));
            Some(index)
        },
    );
    Some((rules?, index?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(extra: &str) -> Vec<RuleSource> {
        let mut sources = RuleSet::builtin_sources();
        sources.push(RuleSource {
            path: "people.toml".into(),
            text: format!(
                "[[person]]\nname = \"Alexandra Quillfeather\"\nmisspellings = [\"Alexandra Quilfeather\"]\n{extra}"
            ),
        });
        sources
    }

    fn compile(sources: Vec<RuleSource>) -> (RuleSet, Index) {
        let rules = RuleSet::load(sources).expect("the dictionaries load");
        let index = Index::build(&rules);
        (rules, index)
    }

    #[test]
    fn a_cached_set_loads_as_it_was_built() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DictionaryCache::new(dir.path());
        let (rules, index) = compile(sources(""));
        assert!(cache.load(sources("")).is_err(), "an empty cache misses");
        cache.store(&rules, &index).expect("the cache is written");
        let (cached_rules, cached_index) = cache.load(sources("")).expect("the cache hits");
        // Everything but the forms' spans, which only validation needs.
        let mut validated = rules.clone();
        for e in &mut validated.entities {
            e.form_spans.clear();
        }
        for e in &mut validated.events {
            e.form_spans.clear();
        }
        assert!(rules.entities.iter().all(|e| !e.form_spans.is_empty()));
        assert_eq!(format!("{validated:?}"), format!("{cached_rules:?}"));
        let without_automaton = |i: &Index| {
            format!(
                "{:?}",
                (
                    &i.patterns,
                    &i.forms,
                    &i.near,
                    &i.title_keys,
                    &i.title_roles,
                    &i.title_generic
                )
            )
        };
        assert_eq!(without_automaton(&index), without_automaton(&cached_index));
        let text = "Alexandra Quilfeather met Volodymyr Zelenskyy in Kyiv.";
        assert_eq!(
            format!("{:?}", index.automaton.find_whole(text)),
            format!("{:?}", cached_index.automaton.find_whole(text))
        );
    }

    #[test]
    fn any_change_to_a_dictionary_misses() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DictionaryCache::new(dir.path());
        let (rules, index) = compile(sources(""));
        cache.store(&rules, &index).expect("the cache is written");
        assert!(cache.load(sources("note = \"x\"\n")).is_err());
        let mut renamed = sources("");
        renamed[0].path = "rules/elsewhere.toml".into();
        assert!(cache.load(renamed).is_err());
        assert!(cache.load(sources("")).is_ok());
    }

    #[test]
    fn a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DictionaryCache::new(dir.path());
        let (rules, index) = compile(sources(""));
        cache.store(&rules, &index).expect("the cache is written");
        let path = cache.path_for(&rules.sources);
        let good = fs::read(&path).expect("the cache file");
        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x20;
        for bad in [&good[..good.len() / 3], &flipped[..], &[][..], &good[1..]] {
            fs::write(&path, bad).expect("the cache file is replaced");
            assert!(cache.load(sources("")).is_err());
        }
        fs::write(&path, &good).expect("the cache file is restored");
        assert!(cache.load(sources("")).is_ok());
    }

    /// Stores `rules` and `index` as edited by `edit`, with a correct checksum, as anyone who can
    /// write the cache folder can; returns whether the edited file is used.
    fn edited_cache_is_used(edit: impl FnOnce(&mut RuleSet, &mut Index)) -> bool {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DictionaryCache::new(dir.path());
        let (mut rules, mut index) = compile(sources(""));
        cache.store(&rules, &index).expect("the cache is written");
        assert!(
            cache.load(sources("")).is_ok(),
            "the file as stored is used"
        );
        edit(&mut rules, &mut index);
        let bytes = encode(&rules, &index).expect("encoded");
        fs::write(cache.path_for(&rules.sources), bytes).expect("the cache file is replaced");
        cache.load(sources("")).is_ok()
    }

    fn meaning_of<'a>(index: &'a mut Index, form: &str) -> &'a mut crate::index::Meaning {
        index
            .patterns
            .iter_mut()
            .flat_map(|p| p.meanings.iter_mut())
            .find(|(text, _)| text == form)
            .map(|(_, m)| m)
            .expect("the form is compiled")
    }

    #[test]
    fn an_edited_cache_with_a_valid_checksum_is_not_trusted() {
        use crate::index::Meaning;
        // An index far out of bounds: every run panicked.
        assert!(!edited_cache_is_used(|_, index| {
            *meaning_of(index, "Kyiv") = Meaning::Name {
                entity: 1_000_000,
                form: 0,
            };
        }));
        assert!(!edited_cache_is_used(|_, index| {
            index.forms.pop();
        }));
        // An entity without forms, while a misspelling still points at it.
        assert!(!edited_cache_is_used(|rules, index| {
            let kyiv = rules.entities.iter().position(|e| e.name == "Kyiv");
            let kyiv = kyiv.expect("Kyiv is an entity");
            index.forms[kyiv].clear();
            for p in &mut index.patterns {
                p.meanings
                    .retain(|(_, m)| !matches!(m, Meaning::Name { entity, .. } if *entity == kyiv));
            }
            index.patterns.retain(|p| !p.meanings.is_empty());
        }));
        // A replacement the dictionaries do not contain: --fix wrote it.
        assert!(!edited_cache_is_used(|_, index| {
            let mut edited = 0;
            for (text, meaning) in index
                .patterns
                .iter_mut()
                .flat_map(|p| p.meanings.iter_mut())
            {
                if let (true, Meaning::Misspelling { replacement, .. }) = (text == "Kiev", meaning)
                {
                    *replacement = "Moscow".into();
                    edited += 1;
                }
            }
            assert!(edited > 0);
        }));
        assert!(!edited_cache_is_used(|rules, _| {
            let kyiv = rules.entities.iter_mut().find(|e| e.name == "Kyiv");
            if let Some(kyiv) = kyiv {
                kyiv.misspellings.push("the".into());
            }
        }));
        // Forms swapped inside their own entry: still not what the dictionary says.
        assert!(!edited_cache_is_used(|rules, index| {
            let kyiv = rules.entities.iter_mut().find(|e| e.name == "Kyiv");
            if let Some(kyiv) = kyiv {
                kyiv.name = "Kiev".into();
                kyiv.misspellings = vec!["Kyiv".into()];
            }
            *index = Index::build(rules);
        }));
        assert!(!edited_cache_is_used(|_, index| {
            if let Some(p) = index.patterns.iter_mut().find(|p| p.text == "advisor") {
                for (_, m) in &mut p.meanings {
                    if let Meaning::Phrase { replacement, .. } = m {
                        *replacement = "spy".into();
                    }
                }
            }
        }));
        // Nothing edited: used.
        assert!(edited_cache_is_used(|_, _| {}));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_as_the_cache_file_is_not_waited_on() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DictionaryCache::new(dir.path());
        let (rules, index) = compile(sources(""));
        let path = cache.path_for(&rules.sources);
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        assert!(cache.load(sources("")).is_err());
        cache.store(&rules, &index).expect("the pipe is replaced");
        assert!(cache.load(sources("")).is_ok());
    }

    #[test]
    fn a_relative_cache_home_is_ignored() {
        // Only the variables' values are read: set for this process's children, not for the
        // other tests, through a child process of the test binary itself.
        if std::env::var_os("COPYDESK_CACHE_HOME_TEST").is_some() {
            return;
        }
        let exe = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(exe)
            .args([
                "cache::tests::relative_cache_home_child",
                "--exact",
                "--nocapture",
            ])
            .env("COPYDESK_CACHE_HOME_TEST", "1")
            .env_remove("COPYDESK_CACHE_DIR")
            .env("XDG_CACHE_HOME", "relative/cache")
            .env("HOME", "/home/desk")
            .output()
            .expect("run the test binary");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("1 passed"), "{stdout}");
    }

    #[test]
    fn relative_cache_home_child() {
        if std::env::var_os("COPYDESK_CACHE_HOME_TEST").is_none() {
            return;
        }
        assert_eq!(
            DictionaryCache::default_dir(),
            Some(PathBuf::from("/home/desk/.cache/copydesk"))
        );
    }

    #[test]
    fn only_the_most_recently_used_sets_are_kept() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DictionaryCache::new(dir.path());
        fs::write(dir.path().join("unrelated.txt"), "kept").expect("a file");
        for n in 0..KEEP + 2 {
            let (rules, index) = compile(sources(&format!("note = \"{n}\"\n")));
            cache.store(&rules, &index).expect("the cache is written");
        }
        let names: Vec<String> = fs::read_dir(dir.path())
            .expect("the folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("dictionaries-"))
                .count(),
            KEEP
        );
        assert!(names.contains(&"unrelated.txt".to_string()));
        let newest = sources(&format!("note = \"{}\"\n", KEEP + 1));
        assert!(cache.load(newest).is_ok());
    }
}
