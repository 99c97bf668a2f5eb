//! Files as copydesk opens them, and paths as it shows them.
//!
//! - Only regular files are read: a named pipe, a device or a socket is refused before anything
//!   waits on it (it is opened without blocking, then checked on the open file).
//! - A configuration or dictionary that copydesk finds by itself is used only when the user
//!   running copydesk (or root) owns it and no other user may write it, as git does with
//!   `safe.directory`: a file planted in a shared folder never takes over a run.
//! - Paths are shown as they are when they are plain UTF-8, and otherwise quoted as git quotes
//!   them (`"a\303.md"`, `"x\nb.md"`): control characters, bytes that are not UTF-8, quotes and
//!   backslashes are escaped, so a name can neither spoof a line of output nor be mistaken for
//!   another.

use std::borrow::Cow;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file is not read: it is not a regular file.
fn not_regular(meta: &Metadata) -> io::Error {
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file (a named pipe, device or socket)"
    };
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

/// Whether `err` is the error of [`open_regular`] or [`open_regular_rw`] for a path that is not a
/// regular file (and not an error of the system's).
pub fn is_not_regular(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::InvalidInput
        && err.raw_os_error().is_none()
        && err.get_ref().is_some()
}

/// What a file is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    ReadWrite,
}

/// Opens `path` for reading if it is a regular file (following symbolic links), without ever
/// blocking on a named pipe.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    open_regular_for(path, Access::Read)
}

/// Opens `path` for reading and writing if it is a regular file (following symbolic links),
/// without ever blocking on a named pipe.
pub fn open_regular_rw(path: &Path) -> io::Result<(File, Metadata)> {
    open_regular_for(path, Access::ReadWrite)
}

fn open_regular_for(path: &Path, access: Access) -> io::Result<(File, Metadata)> {
    let file = open_nonblocking(path, access)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok((file, meta))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path, access: Access) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let access = match access {
        Access::Read => OFlags::RDONLY,
        Access::ReadWrite => OFlags::RDWR,
    };
    let fd = rustix::fs::open(
        path,
        access | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    )?;
    Ok(File::from(fd))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path, access: Access) -> io::Result<File> {
    if access == Access::ReadWrite {
        // What it is is checked on the open file.
        return File::options().read(true).write(true).open(path);
    }
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    File::open(path)
}

/// The bytes of the regular file at `path`, with its metadata as opened.
pub fn read_regular(path: &Path) -> io::Result<(Vec<u8>, Metadata)> {
    let (mut file, meta) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, meta))
}

/// Whether `path` may name a dictionary: its name ends in `.toml` and so does the name of the file
/// it leads to through symbolic links (`x.toml` pointing to `/proc/self/environ` does not).
pub fn is_toml_name(path: &Path) -> bool {
    let toml = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    };
    toml(path) && std::fs::canonicalize(path).map_or(true, |real| toml(&real))
}

/// Whether a path is a regular file (following links), without opening it.
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Why a configuration or dictionary file found by copydesk itself must not be used: owned by
/// another user than the one running copydesk (root-owned files are fine), or writable by
/// other users. `None` when it may be used.
#[cfg(unix)]
pub fn distrust(meta: &Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me && meta.uid() != 0 {
        return Some(format!(
            "it is owned by another user (uid {}), not by you (uid {me}) or root",
            meta.uid()
        ));
    }
    if meta.mode() & 0o002 != 0 {
        return Some("any user may write it (mode o+w)".into());
    }
    None
}

#[cfg(not(unix))]
pub fn distrust(_meta: &Metadata) -> Option<String> {
    None
}

/// Whether a path holds anything that must be quoted to show it: bytes that are not UTF-8,
/// control characters, invisible direction marks, a double quote or a backslash.
fn needs_quoting(text: &str) -> bool {
    text.chars().any(|c| c == '"' || c == '\\' || is_unsafe(c))
}

/// Characters never shown raw: control characters (C0, DEL, C1) and the invisible direction
/// controls that reorder what a terminal shows.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || crate::text::is_direction_control(c)
}

/// `bytes` (a path's raw bytes) quoted as git quotes names: in double quotes, with `\"`, `\\`,
/// `\t`, `\n`, `\r` and every other byte of an unsafe character or of invalid UTF-8 as three
/// octal digits.
fn quote_bytes(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if is_unsafe(c) => {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        let _ = write!(out, "\\{b:03o}");
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\{b:03o}");
        }
    }
    out.push('"');
    out
}

/// A path as shown to users: as it is when it is plain UTF-8, else quoted (see the module
/// documentation). Quoting is lossless: [`unquote`] gives the bytes back.
pub fn quote_path(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(text) if !needs_quoting(text) => Cow::Borrowed(text),
        _ => Cow::Owned(quote_bytes(&path_bytes(path))),
    }
}

/// A name given as text (`--stdin-filename`) as shown to users: as [`quote_path`] does.
pub fn quote_name(name: &str) -> Cow<'_, str> {
    if needs_quoting(name) {
        Cow::Owned(quote_bytes(name.as_bytes()))
    } else {
        Cow::Borrowed(name)
    }
}

/// The raw bytes of a path.
#[cfg(unix)]
pub fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
pub fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    Cow::Owned(path.to_string_lossy().into_owned().into_bytes())
}

/// The bytes a shown path stands for: a quoted one unquoted, any other as it is.
pub fn unquote(shown: &str) -> Vec<u8> {
    let Some(inner) = shown
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| shown.len() >= 2)
    else {
        return shown.as_bytes().to_vec();
    };
    let mut out = Vec::with_capacity(inner.len());
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 >= bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let next = bytes[i + 1];
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)));
        if let Some(d) = octal {
            let value = d.iter().fold(0u32, |v, b| v * 8 + u32::from(b - b'0'));
            out.push(u8::try_from(value).unwrap_or(u8::MAX));
            i += 4;
            continue;
        }
        out.push(match next {
            b't' => b'\t',
            b'n' => b'\n',
            b'r' => b'\r',
            other => other,
        });
        i += 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn quoting_is_lossless_and_leaves_plain_names_alone() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let plain = Path::new("news/Київ é.md");
        assert_eq!(quote_path(plain), "news/Київ é.md");
        let cases: [&[u8]; 7] = [
            b"a\xff.md",
            b"a\xfe.md",
            b"a\\377.md",
            b"x\n::error file=a::spoofed.md",
            b"\x1b[2Jtitle\x1b]0;owned\x07.md",
            b"say \"hi\".md",
            "right\u{202E}dm.txt".as_bytes(),
        ];
        let mut shown = std::collections::BTreeSet::new();
        for bytes in cases {
            let path = Path::new(OsStr::from_bytes(bytes));
            let q = quote_path(path);
            assert!(q.starts_with('"') && q.ends_with('"'), "{q}");
            assert!(!q.chars().any(is_unsafe), "{q:?}");
            assert_eq!(unquote(&q), bytes, "{q}");
            shown.insert(q.into_owned());
        }
        assert_eq!(shown.len(), cases.len(), "every name is shown differently");
        assert_eq!(
            quote_path(Path::new(OsStr::from_bytes(b"a\xff.md"))),
            "\"a\\377.md\""
        );
        assert_eq!(quote_name("x\ny"), "\"x\\ny\"");
        assert_eq!(unquote("plain.md"), b"plain.md");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let fifo = dir.path().join("pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo (coreutils) makes a pipe"
        );
        // Opening a named pipe with no writer would block; this returns at once.
        let err = open_regular(&fifo).expect_err("a named pipe is refused");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(is_not_regular(&err));
        let err = open_regular_rw(&fifo).expect_err("a named pipe is refused for writing too");
        assert!(is_not_regular(&err));
        let err = open_regular_rw(dir.path()).expect_err("a folder cannot be opened to write");
        assert!(!is_not_regular(&err), "the system's error: {err}");
        assert!(open_regular(dir.path()).is_err());
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x = 1").expect("write");
        assert_eq!(read_regular(&file).expect("read").0, b"x = 1");
    }
}
