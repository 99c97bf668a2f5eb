//! Reading files of copy: UTF-8 only, with clear errors for everything else.

use std::path::Path;

use crate::document::{Document, Format};

/// Why a file could not be read as copy.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not valid UTF-8 at byte {offset}{hint}")]
    NotUtf8 {
        path: String,
        offset: usize,
        hint: String,
    },
    #[error("{path}: binary file skipped")]
    Binary { path: String },
    #[error("{path}: not a regular file (a named pipe, device or socket); --fix writes regular files only")]
    NotRegular { path: String },
}

impl ReadError {
    /// A binary file is skipped with a note, not an error.
    pub fn is_note(&self) -> bool {
        matches!(self, ReadError::Binary { .. })
    }
}

/// Reads `path` and makes a document of it, reported under `display`.
pub fn read_document(path: &Path, display: &str) -> Result<Document, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: display.to_string(),
        source,
    })?;
    document_from_bytes(bytes, display)
}

/// Reads the regular file at `path` (a named pipe or a device is refused at once) and makes a
/// document of it, reported under `display`; with the file's metadata as it was read.
pub fn read_regular_document(
    path: &Path,
    display: &str,
) -> Result<(Document, std::fs::Metadata), ReadError> {
    let (bytes, meta) = crate::files::read_regular(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::InvalidInput {
            ReadError::NotRegular {
                path: display.to_string(),
            }
        } else {
            ReadError::Io {
                path: display.to_string(),
                source,
            }
        }
    })?;
    Ok((document_from_bytes(bytes, display)?, meta))
}

/// Makes a document of raw bytes: rejects binary data and text that is not UTF-8.
pub fn document_from_bytes(bytes: Vec<u8>, display: &str) -> Result<Document, ReadError> {
    if looks_binary(&bytes) {
        return Err(ReadError::Binary {
            path: display.to_string(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Document::new(display, text, format_of(display))),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            Err(ReadError::NotUtf8 {
                path: display.to_string(),
                offset,
                hint: encoding_hint(err.as_bytes()),
            })
        }
    }
}

/// The format of a file shown as `display` (which may be quoted: see
/// [`crate::files::quote_path`]), by its extension.
pub fn format_of(display: &str) -> Format {
    if display.starts_with('"') {
        Format::from_path(&String::from_utf8_lossy(&crate::files::unquote(display)))
    } else {
        Format::from_path(display)
    }
}

/// Binary, as ripgrep judges it: a NUL byte in text that is not UTF-8, or many NULs (UTF-16, images).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = bytecount_nul(head);
    if nuls == 0 || head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    nuls * 20 > head.len()
        || std::str::from_utf8(head).is_err()
            && std::str::from_utf8(&head[..head.len().saturating_sub(3)]).is_err()
}

fn bytecount_nul(bytes: &[u8]) -> usize {
    bytes.iter().fold(0, |n, &b| n + usize::from(b == 0))
}

fn encoding_hint(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return "; it starts with a UTF-16 little-endian byte-order mark: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)".into();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return "; it starts with a UTF-16 big-endian byte-order mark: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)".into();
    }
    "; it is probably Windows-1252 or Latin-1: convert it to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8)"
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_offset_and_encoding() {
        let err = document_from_bytes(b"caf\xe9 au lait".to_vec(), "a.txt")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("a.txt: not valid UTF-8 at byte 3; it is probably Windows-1252 or Latin-1: convert it to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8)")
        );
    }

    #[test]
    fn binary_and_text_with_a_nul() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec();
        assert!(matches!(
            document_from_bytes(png, "a.md"),
            Err(ReadError::Binary { .. })
        ));
        let text =
            b"Some copy with one \0 NUL byte in a long enough line of text to count as text."
                .to_vec();
        assert!(document_from_bytes(text, "a.md").is_ok());
        let utf16 = b"\xff\xfeK\0y\0i\0v\0".to_vec();
        assert!(matches!(
            document_from_bytes(utf16, "a.md"),
            Err(ReadError::NotUtf8 { .. })
        ));
    }
}
