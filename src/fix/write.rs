//! Writing a fixed file back, as `--fix` does.
//!
//! - Only a regular file the user may write is written, and not a read-only one (no write bit, as
//!   a `444` file), even by root: a fix never replaces a file through its folder's permissions.
//! - The file is locked (an advisory `flock`) from the first check to the end of the write, and
//!   checked twice on the open file: before the fixed text is prepared and again immediately
//!   before it replaces the original. Its device, inode, size, modification time and content
//!   must still be those it had when it was read; otherwise it is not written.
//! - The fixed text goes to a temporary file in the same folder, which gets the original's owner
//!   and group (a run as root keeps a `nobody:nogroup` file theirs), mode, ACLs and other extended
//!   attributes, is flushed to disk and renamed over the original: a crash leaves the old file or
//!   the new one. If anything wrote to the original between the last check and the rename, that
//!   version is kept beside it and reported.
//! - A file with more than one link, whose owner, group or attributes cannot be given to a new
//!   file, or that cannot be renamed over (`EBUSY`: a bind-mounted file) is written in place
//!   instead, after a backup of the original has been written, flushed and read back; the backup
//!   is removed once the new text is on disk, and restored if writing fails.
//! - Temporary files are removed when the run is interrupted (see [`interrupted`]).

use std::fs::{File, Metadata};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: cannot write the fixed file: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: changed on disk while it was checked; not fixed (run again)")]
    Changed { path: String },
    #[error("{path}: not fixed: {why}")]
    Refused { path: String, why: String },
    #[error("{path}: changed while the fix was being written: the fixed version is in place, and the version with the other change is kept as {kept}; compare them")]
    ChangedWhileWriting { path: String, kept: String },
    #[error("{path}: the fix could not be written in place ({source}), nor the original restored; the original is kept as {backup}")]
    Lost {
        path: String,
        backup: String,
        source: std::io::Error,
    },
}

/// How a fixed file was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A new file renamed over the original, with its metadata.
    Replaced,
    /// Over the original's own bytes, after a backup; with why.
    InPlace(String),
}

/// What identifies a file's state when it was read: checked again before it is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        Stamp {
            dev,
            ino,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Temporary files being written, removed by [`interrupted`]. Its lock is also held while a
/// file is renamed or overwritten, so that an interruption waits for that to end.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files of writes under way, once no file is being renamed or
/// overwritten, and keeps any other write from starting: for a signal handler, which then ends
/// the process. Backups of files being written in place are not temporary: they stay.
pub fn interrupted() {
    let guard = temporary();
    for path in guard.iter() {
        let _ = std::fs::remove_file(path);
    }
    // Held until the process exits.
    std::mem::forget(guard);
}

/// A temporary file in `dir`, removed when dropped or when the run is interrupted.
struct Temporary {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temporary {
    fn new(dir: &Path, prefix: &str) -> std::io::Result<Temporary> {
        let mut list = temporary();
        let file = tempfile::Builder::new()
            .prefix(prefix)
            .suffix(".tmp")
            .tempfile_in(dir)?;
        let path = file.path().to_path_buf();
        list.push(path.clone());
        Ok(Temporary {
            file: Some(file),
            path,
        })
    }

    fn file(&mut self) -> std::io::Result<&mut tempfile::NamedTempFile> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("temporary file already used"))
    }

    /// Renames it to `target`; `list` is the held registry.
    fn rename(&mut self, target: &Path, list: &mut Vec<PathBuf>) -> std::io::Result<()> {
        std::fs::rename(&self.path, target)?;
        list.retain(|p| *p != self.path);
        if let Some(file) = self.file.take() {
            // Its name is gone: nothing to remove.
            let _ = file.into_temp_path().keep();
        }
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            temporary().retain(|p| *p != self.path);
        }
    }
}

/// Replaces the file at `path` (shown as `display`), whose content was `original` when it was
/// read in the state `stamp`, with `new`, as the module documentation says. A symbolic link
/// stays a link: the file it points to is written.
pub fn write_fixed(
    path: &Path,
    display: &str,
    stamp: &Stamp,
    original: &[u8],
    new: &[u8],
) -> Result<Written, WriteError> {
    let io = |source| WriteError::Io {
        path: display.to_string(),
        source,
    };
    let refuse = |why: String| WriteError::Refused {
        path: display.to_string(),
        why,
    };
    let target = std::fs::canonicalize(path).map_err(io)?;
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let (file, meta) = crate::files::open_regular_rw(&target).map_err(|e| match e.kind() {
        _ if crate::files::is_not_regular(&e) => refuse("it is not a regular file".into()),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            refuse(format!("you may not write it ({e})"))
        }
        _ => io(e),
    })?;
    if let Some(mode) = sys::read_only(&meta) {
        return Err(refuse(format!(
            "it is read-only (mode {mode:03o}); make it writable to fix it"
        )));
    }
    sys::lock(&file).map_err(|e| refuse(format!("another process holds its lock ({e})")))?;
    let changed = || WriteError::Changed {
        path: display.to_string(),
    };
    if !unchanged(&file, stamp, original).map_err(io)? {
        return Err(changed());
    }
    let links = sys::links(&meta);
    if links > 1 {
        let why = format!("it has {links} links, which must all see the fix");
        return in_place(&file, &dir, display, stamp, original, new, why);
    }
    let mut tmp = match prepare(&dir, &file, &meta, new) {
        Ok(tmp) => tmp,
        Err(Prepare::Metadata(why)) => {
            return in_place(&file, &dir, display, stamp, original, new, why)
        }
        Err(Prepare::Io(e)) => return Err(io(e)),
    };
    let renamed = {
        let mut list = temporary();
        if !unchanged(&file, stamp, original).map_err(io)? {
            return Err(changed());
        }
        tmp.rename(&target, &mut list)
    };
    match renamed {
        Ok(()) => {}
        Err(e) if sys::is_busy(&e) => {
            let why = format!("it cannot be renamed over ({e})");
            return in_place(&file, &dir, display, stamp, original, new, why);
        }
        Err(e) => return Err(io(e)),
    }
    sync_folder(&dir);
    // A write that reached the original after the last check is in the file just replaced.
    if file.metadata().map(|m| Stamp::of(&m)).ok() != Some(*stamp) {
        let kept = keep_replaced(&file, &target, &dir).map_err(io)?;
        return Err(WriteError::ChangedWhileWriting {
            path: display.to_string(),
            kept: crate::files::quote_path(&kept).into_owned(),
        });
    }
    Ok(Written::Replaced)
}

/// Whether the open file is still as it was read: same identity, size and time, same bytes.
fn unchanged(file: &File, stamp: &Stamp, original: &[u8]) -> std::io::Result<bool> {
    if Stamp::of(&file.metadata()?) != *stamp {
        return Ok(false);
    }
    Ok(sys::read_all_of(file, stamp.len)? == original)
}

enum Prepare {
    /// The original's metadata cannot be given to a new file: why.
    Metadata(String),
    Io(std::io::Error),
}

/// The fixed text in a temporary file beside the original, with its owner, group, mode and
/// extended attributes, flushed to disk.
fn prepare(dir: &Path, original: &File, meta: &Metadata, new: &[u8]) -> Result<Temporary, Prepare> {
    let mut tmp = Temporary::new(dir, ".copydesk-").map_err(Prepare::Io)?;
    let file = tmp.file().map_err(Prepare::Io)?;
    file.write_all(new).map_err(Prepare::Io)?;
    sys::copy_metadata(original, meta, file.as_file())?;
    file.as_file().sync_all().map_err(Prepare::Io)?;
    Ok(tmp)
}

/// Writes `new` over the original's own bytes, after a backup of `original` that is flushed and
/// read back; restores the original if writing fails.
fn in_place(
    file: &File,
    dir: &Path,
    display: &str,
    stamp: &Stamp,
    original: &[u8],
    new: &[u8],
    why: String,
) -> Result<Written, WriteError> {
    let io = |source| WriteError::Io {
        path: display.to_string(),
        source,
    };
    let mut backup = tempfile::Builder::new()
        .prefix(".copydesk-backup-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    backup.write_all(original).map_err(io)?;
    backup.as_file().sync_all().map_err(io)?;
    if sys::read_all(backup.as_file()).map_err(io)? != original {
        return Err(io(std::io::Error::other("the backup does not read back")));
    }
    let list = temporary();
    if !unchanged(file, stamp, original).map_err(io)? {
        return Err(WriteError::Changed {
            path: display.to_string(),
        });
    }
    let written = sys::overwrite(file, new).and_then(|()| {
        if sys::read_all(file)? == new {
            Ok(())
        } else {
            Err(std::io::Error::other("the fixed file does not read back"))
        }
    });
    if let Err(source) = written {
        if sys::overwrite(file, original).is_ok() {
            return Err(io(source));
        }
        let kept = backup.into_temp_path().keep().map_err(|e| io(e.error))?;
        return Err(WriteError::Lost {
            path: display.to_string(),
            backup: crate::files::quote_path(&kept).into_owned(),
            source,
        });
    }
    drop(list);
    Ok(Written::InPlace(why))
}

/// Saves what the replaced file (still open) holds beside the original, under a new name.
fn keep_replaced(file: &File, target: &Path, dir: &Path) -> std::io::Result<PathBuf> {
    let bytes = sys::read_all(file)?;
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut kept = tempfile::Builder::new()
        .prefix(&format!("{name}.copydesk-changed-"))
        .tempfile_in(dir)?;
    kept.write_all(&bytes)?;
    kept.as_file().sync_all()?;
    kept.into_temp_path().keep().map_err(|e| e.error)
}

/// Makes a rename durable; not every file system can sync a folder.
fn sync_folder(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

#[cfg(unix)]
mod sys {
    use std::fs::{File, Metadata};
    use std::os::unix::fs::{FileExt, MetadataExt};

    use rustix::fs::{FlockOperation, XattrFlags};

    use super::Prepare;

    /// The mode of a file no one may write (`444`), which is not fixed even by root.
    pub fn read_only(meta: &Metadata) -> Option<u32> {
        let mode = meta.mode() & 0o7777;
        (mode & 0o222 == 0).then_some(mode)
    }

    pub fn links(meta: &Metadata) -> u64 {
        meta.nlink()
    }

    pub fn is_busy(e: &std::io::Error) -> bool {
        e.raw_os_error() == Some(rustix::io::Errno::BUSY.raw_os_error())
    }

    /// An exclusive advisory lock, waited for up to ten seconds.
    pub fn lock(file: &File) -> std::io::Result<()> {
        for _ in 0..200 {
            match rustix::fs::flock(file, FlockOperation::NonBlockingLockExclusive) {
                // No lock on this file system: the checks on the open file remain.
                Ok(()) | Err(rustix::io::Errno::NOLCK | rustix::io::Errno::NOTSUP) => return Ok(()),
                Err(rustix::io::Errno::WOULDBLOCK) => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(std::io::Error::other("still locked after 10 s"))
    }

    /// The whole file, read from its start whatever its position.
    pub fn read_all(file: &File) -> std::io::Result<Vec<u8>> {
        read_all_of(file, file.metadata()?.len())
    }

    /// [`read_all`] for a file whose length is known to be `len` (it sizes the buffer).
    pub fn read_all_of(file: &File, len: u64) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        let mut buf = vec![0; 1 << 16];
        loop {
            let n = file.read_at(&mut buf, out.len() as u64)?;
            if n == 0 {
                return Ok(out);
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    /// Writes `bytes` over the file from its start, cuts it there and flushes it.
    pub fn overwrite(file: &File, bytes: &[u8]) -> std::io::Result<()> {
        file.write_all_at(bytes, 0)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()
    }

    /// Gives `to` the owner, group, mode and extended attributes (ACLs among them) of `from`.
    pub fn copy_metadata(from: &File, meta: &Metadata, to: &File) -> Result<(), Prepare> {
        let io = Prepare::Io;
        let now = to.metadata().map_err(io)?;
        let uid = (now.uid() != meta.uid()).then_some(meta.uid());
        let gid = (now.gid() != meta.gid()).then_some(meta.gid());
        if uid.is_some() || gid.is_some() {
            std::os::unix::fs::fchown(to, uid, gid).map_err(|e| {
                Prepare::Metadata(format!(
                    "its owner and group ({}:{}) cannot be given to a new file ({e})",
                    meta.uid(),
                    meta.gid()
                ))
            })?;
        }
        // After the owner: changing it clears the set-id bits.
        to.set_permissions(meta.permissions()).map_err(io)?;
        let names = |f: &File| -> std::io::Result<Vec<Vec<u8>>> {
            let size = match rustix::fs::flistxattr_query(f) {
                Ok(size) => size,
                Err(rustix::io::Errno::NOTSUP) => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            };
            let mut buf = vec![0; size];
            let n = rustix::fs::flistxattr(f, &mut buf[..])?;
            buf.truncate(n);
            Ok(buf
                .split(|&b| b == 0)
                .filter(|n| !n.is_empty())
                .map(<[u8]>::to_vec)
                .collect())
        };
        let cannot = |name: &[u8], e: rustix::io::Errno| {
            Prepare::Metadata(format!(
                "its extended attribute `{}` cannot be given to a new file ({e})",
                String::from_utf8_lossy(name)
            ))
        };
        let wanted = names(from).map_err(io)?;
        for name in names(to).map_err(io)? {
            if !wanted.contains(&name) {
                rustix::fs::fremovexattr(to, name.as_slice()).map_err(|e| cannot(&name, e))?;
            }
        }
        for name in &wanted {
            let size = rustix::fs::fgetxattr_query(from, name.as_slice())
                .map_err(|e| Prepare::Io(e.into()))?;
            let mut value = vec![0; size];
            let n = rustix::fs::fgetxattr(from, name.as_slice(), &mut value[..])
                .map_err(|e| Prepare::Io(e.into()))?;
            value.truncate(n);
            rustix::fs::fsetxattr(to, name.as_slice(), &value, XattrFlags::empty())
                .map_err(|e| cannot(name, e))?;
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod sys {
    use std::fs::{File, Metadata};
    use std::io::{Read, Seek, Write};

    use super::Prepare;

    pub fn read_only(meta: &Metadata) -> Option<u32> {
        meta.permissions().readonly().then_some(0o444)
    }

    pub fn links(_meta: &Metadata) -> u64 {
        1
    }

    pub fn is_busy(_e: &std::io::Error) -> bool {
        false
    }

    pub fn lock(_file: &File) -> std::io::Result<()> {
        Ok(())
    }

    pub fn read_all(mut file: &File) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        file.seek(std::io::SeekFrom::Start(0))?;
        file.read_to_end(&mut out)?;
        Ok(out)
    }

    pub fn read_all_of(file: &File, _len: u64) -> std::io::Result<Vec<u8>> {
        read_all(file)
    }

    pub fn overwrite(mut file: &File, bytes: &[u8]) -> std::io::Result<()> {
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(bytes)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()
    }

    pub fn copy_metadata(_from: &File, meta: &Metadata, to: &File) -> Result<(), Prepare> {
        to.set_permissions(meta.permissions()).map_err(Prepare::Io)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn stamp(path: &Path) -> Stamp {
        Stamp::of(&std::fs::metadata(path).expect("metadata"))
    }

    #[test]
    fn keeps_permissions_and_refuses_a_changed_file() {
        let dir = tempfile::tempdir().expect("folder");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let before = stamp(&path);
        let written = write_fixed(&path, "a.md", &before, b"old", b"new").expect("written");
        assert_eq!(written, Written::Replaced);
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o640));
        let err = write_fixed(&path, "a.md", &before, b"old", b"newer");
        assert!(matches!(err, Err(WriteError::Changed { .. })), "{err:?}");
        // Same bytes, but not the file that was read.
        let err = write_fixed(&path, "a.md", &before, b"new", b"newer");
        assert!(matches!(err, Err(WriteError::Changed { .. })), "{err:?}");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let leftovers = std::fs::read_dir(dir.path()).map(Iterator::count);
        assert_eq!(leftovers.ok(), Some(1), "the temporary file is removed");
        assert!(temporary().is_empty());
    }

    #[test]
    fn a_symlink_stays_a_link_and_a_hard_link_sees_the_fix() {
        let dir = tempfile::tempdir().expect("folder");
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write_fixed(&link, "link.md", &stamp(&real), b"old", b"new").expect("written");
        assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
        assert_eq!(std::fs::read(&real).expect("read"), b"new");

        let other = dir.path().join("other.md");
        std::fs::hard_link(&real, &other).expect("link");
        let written = write_fixed(&real, "real.md", &stamp(&real), b"new", b"newer");
        assert!(matches!(written, Ok(Written::InPlace(ref why)) if why.contains("2 links")));
        assert_eq!(std::fs::read(&other).expect("read"), b"newer");
        assert_eq!(
            std::fs::read_dir(dir.path()).map(Iterator::count).ok(),
            Some(3)
        );
    }

    #[test]
    fn a_read_only_file_is_refused() {
        let dir = tempfile::tempdir().expect("folder");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let err = write_fixed(&path, "a.md", &stamp(&path), b"old", b"new");
        assert!(
            matches!(err, Err(WriteError::Refused { ref why, .. }) if why.contains("read-only (mode 444)")),
            "{err:?}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
    }
}
