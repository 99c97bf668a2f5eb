//! Edits of the newsroom's TOML files that keep their comments and layout (`toml_edit`): a form
//! accepted as a variant of a dictionary entry, a word added to a configuration's `allow`.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use crate::rules::slug;

/// Why a file could not be edited.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("{path} is not valid TOML: {message}")]
    Syntax { path: String, message: String },
    #[error("{path} has no entry with id `{id}`")]
    NoEntry { path: String, id: String },
    #[error("`{key}` in {path} is not a list")]
    NotAList { path: String, key: String },
}

fn parse(path: &str, text: &str) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>().map_err(|e| EditError::Syntax {
        path: path.to_string(),
        message: e.message().to_string(),
    })
}

/// Accepts `form` as a variant of the entry with id `id` in the dictionary `text` (of the file
/// `path`): adds it to the entry's `variants`, and removes it and `also` (the text as written,
/// when `form` completes it) from the entry's `misspellings`.
pub fn add_variant(
    path: &str,
    text: &str,
    id: &str,
    form: &str,
    also: &str,
) -> Result<String, EditError> {
    let mut doc = parse(path, text)?;
    let entry = doc
        .as_table_mut()
        .iter_mut()
        .filter(|(kind, _)| ["person", "place", "organization"].contains(&kind.get()))
        .filter_map(|(_, item)| item.as_array_of_tables_mut())
        .flat_map(|tables| tables.iter_mut())
        .find(|t| entry_id(t).as_deref() == Some(id))
        .ok_or_else(|| EditError::NoEntry {
            path: path.to_string(),
            id: id.to_string(),
        })?;
    let not_a_list = |key: &str| EditError::NotAList {
        path: path.to_string(),
        key: key.to_string(),
    };
    if let Some(item) = entry.get_mut("misspellings") {
        let list = item
            .as_array_mut()
            .ok_or_else(|| not_a_list("misspellings"))?;
        list.retain(|v| v.as_str() != Some(form) && v.as_str() != Some(also));
        if list.is_empty() {
            entry.remove("misspellings");
        }
    }
    let variants = list_of(entry, "variants").ok_or_else(|| not_a_list("variants"))?;
    push(variants, form);
    Ok(doc.to_string())
}

/// Adds `word` to the `allow` list of the configuration `text`.
pub fn allow(path: &str, text: &str, word: &str) -> Result<String, EditError> {
    let mut doc = parse(path, text)?;
    let list = list_of(doc.as_table_mut(), "allow").ok_or_else(|| EditError::NotAList {
        path: path.to_string(),
        key: "allow".to_string(),
    })?;
    push(list, word);
    Ok(doc.to_string())
}

/// The id an entry gets: its `id`, else its name made into one.
fn entry_id(table: &Table) -> Option<String> {
    match table.get("id").and_then(Item::as_str) {
        Some(id) => Some(id.to_string()),
        None => table.get("name").and_then(Item::as_str).map(slug),
    }
}

/// The list under `key` in `table`, made when missing; `None` when it is something else.
fn list_of<'t>(table: &'t mut Table, key: &str) -> Option<&'t mut Array> {
    if !table.contains_key(key) {
        table.insert(key, Item::Value(Value::Array(Array::new())));
    }
    table.get_mut(key)?.as_array_mut()
}

/// Appends `s` to `list` (unless there), laid out as the last item is: on its own line in a list
/// written one item a line, after a space in a list written on one line.
fn push(list: &mut Array, s: &str) {
    if list.iter().any(|v| v.as_str() == Some(s)) {
        return;
    }
    let prefix = list
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .map(str::to_string);
    let mut value = Value::from(s);
    match prefix {
        Some(p) if !p.is_empty() => value.decor_mut().set_prefix(p),
        Some(_) => value.decor_mut().set_prefix(" "),
        None => {}
    }
    list.push_formatted(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICTIONARY: &str = r#"# Our desk's people.

[[person]]
name = "Steve Witkoff"   # the envoy
misspellings = ["Steve Witzoff", "Witzoff"]

  [[person.role]]
  title = "Special Envoy"
  from = 2025-01-20

[[person]]
id = "kd"
name = "Kirill Dmitriev"
variants = [
  "Kirill A. Dmitriev",
]
"#;

    #[test]
    fn a_variant_is_added_and_no_longer_a_misspelling_and_the_rest_is_kept() {
        let out = add_variant(
            "desk.toml",
            DICTIONARY,
            "steve-witkoff",
            "Witzoff",
            "Witzoff",
        )
        .expect("edited");
        assert_eq!(
            out,
            DICTIONARY.replace(
                "misspellings = [\"Steve Witzoff\", \"Witzoff\"]\n",
                "misspellings = [\"Steve Witzoff\"]\nvariants = [\"Witzoff\"]\n"
            )
        );
        let out = add_variant(
            "desk.toml",
            DICTIONARY,
            "kd",
            "Kirill Dmitrijev",
            "Dmitrijev",
        )
        .expect("edited");
        assert!(
            out.contains("variants = [\n  \"Kirill A. Dmitriev\",\n  \"Kirill Dmitrijev\",\n]\n")
        );
        // The last misspelling gone, the key goes too.
        let out = add_variant(
            "desk.toml",
            &out,
            "steve-witkoff",
            "Steve Witzoff",
            "Witzoff",
        )
        .expect("edited");
        assert!(!out.contains("misspellings"));
        assert!(out.contains("variants = [\"Steve Witzoff\"]\n"));
        assert!(out.contains("# the envoy") && out.contains("  [[person.role]]"));
    }

    #[test]
    fn an_unknown_entry_or_broken_file_is_an_error() {
        assert_eq!(
            add_variant("desk.toml", DICTIONARY, "nobody", "X", "X"),
            Err(EditError::NoEntry {
                path: "desk.toml".into(),
                id: "nobody".into()
            })
        );
        assert!(matches!(
            add_variant("desk.toml", "[[person]\n", "x", "X", "X"),
            Err(EditError::Syntax { .. })
        ));
    }

    #[test]
    fn a_word_is_allowed_once_before_the_tables() {
        let config = "style = \"ap\" # house style\n\n[severity]\nhouse-style = \"off\"\n";
        let out = allow("copydesk.toml", config, "Witzoff").expect("edited");
        assert_eq!(
            out,
            "style = \"ap\" # house style\nallow = [\"Witzoff\"]\n\n[severity]\nhouse-style = \"off\"\n"
        );
        let again = allow("copydesk.toml", &out, "Witzoff").expect("edited");
        assert_eq!(again, out);
        assert_eq!(
            allow("copydesk.toml", "", "Kiev").expect("edited"),
            "allow = [\"Kiev\"]\n"
        );
        assert!(allow("copydesk.toml", "allow = 3\n", "Kiev").is_err());
    }
}
