//! `--fix` is crash-safe: killed (SIGKILL) at any point, it leaves on disk either the complete
//! old file or the complete new one.

#![cfg(unix)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn fix(path: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--format", "short"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run copydesk")
}

#[test]
fn killed_fix_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("archive.md");
    let mut old = String::from("---\ndate: 2025-12-20\n---\n");
    for i in 0..4_000 {
        let _ = write!(
            old,
            "Paragraph {i}: officials in Kiev met envoy Steve Witzoff and Kirill Dmitriev.\r\n"
        );
    }
    std::fs::write(&path, &old).expect("write");

    // The complete new version, and how long a whole run takes.
    let started = Instant::now();
    let status = fix(&path).wait().expect("wait");
    let full = started.elapsed();
    assert!(status.success() || status.code() == Some(1));
    let new = std::fs::read_to_string(&path).expect("read");
    assert_ne!(new, old);
    assert_eq!(
        new,
        old.replace("Kiev", "Kyiv").replace("Witzoff", "Witkoff")
    );

    let points = 30;
    let (mut saw_old, mut saw_new) = (0, 0);
    for i in 0..=points {
        std::fs::write(&path, &old).expect("restore");
        let mut child = fix(&path);
        std::thread::sleep(full.mul_f64(1.2 * f64::from(i) / f64::from(points)));
        if i < points {
            let _ = child.kill(); // SIGKILL; the run may already be over.
        }
        let _ = child.wait();
        let now = std::fs::read(&path).expect("read after kill");
        if now == old.as_bytes() {
            saw_old += 1;
        } else if now == new.as_bytes() {
            saw_new += 1;
        } else {
            panic!(
                "kill {i} of {points} ({:?} into a {full:?} run) left {} bytes that are neither version",
                full.mul_f64(1.2 * f64::from(i) / f64::from(points)),
                now.len()
            );
        }
    }
    eprintln!(
        "{} kills: {saw_old} left the old file, {saw_new} the new one",
        points + 1
    );
    assert!(
        saw_old > 0 && saw_new > 0,
        "kills landed both before and after the rename"
    );
}
