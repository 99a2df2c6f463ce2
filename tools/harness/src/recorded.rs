//! Output shown in the book comes from a real run of the listing.
//!
//! A listing crate records the stdout of a binary in `output/<bin>.txt`; the
//! chapter includes that file in a ```` ```text ```` block. The listing crate's
//! test re-runs the binary and compares. Measured durations and the machine's
//! core count differ from run to run, so both are masked before comparing; the
//! book still shows the figures of the recorded run.
//!
//! `BOOK_BLESS=1 cargo test -p <crate> --test outputs` rewrites the files.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use wait_timeout::ChildExt;

/// How long one listing may run before it counts as hung.
pub const LISTING_TIMEOUT: Duration = Duration::from_secs(60);

/// One `#[test]` per listing binary whose output the book shows.
#[macro_export]
macro_rules! recorded_outputs {
    ($($bin:ident),+ $(,)?) => {
        $(
            #[test]
            fn $bin() {
                $crate::recorded::check(
                    env!("CARGO_MANIFEST_DIR"),
                    stringify!($bin),
                    env!(concat!("CARGO_BIN_EXE_", stringify!($bin))),
                );
            }
        )+

        #[test]
        fn every_recorded_output_has_a_test() {
            $crate::recorded::check_no_orphans(
                env!("CARGO_MANIFEST_DIR"),
                &[$(stringify!($bin)),+],
            );
        }
    };
}

/// Runs `exe`, then compares its stdout with `output/<bin>.txt` (or writes it
/// when `BOOK_BLESS` is set).
pub fn check(manifest_dir: &str, bin: &str, exe: &str) {
    let fresh = run_listing(bin, exe);
    let path = Path::new(manifest_dir)
        .join("output")
        .join(format!("{bin}.txt"));
    if std::env::var_os("BOOK_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; record it with BOOK_BLESS=1", path.display()));
    let (want, got) = (normalize(&recorded), normalize(&fresh));
    assert!(
        want == got,
        "{} no longer matches a fresh run of `{bin}` (after masking timings).\n\
         --- recorded\n{want}\n--- fresh run\n{got}\n\
         If the change is intended, re-record with BOOK_BLESS=1.",
        path.display()
    );
}

/// Fails when `output/` holds a file that no test re-checks.
pub fn check_no_orphans(manifest_dir: &str, bins: &[&str]) {
    let dir = Path::new(manifest_dir).join("output");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let stem = name.strip_suffix(".txt").unwrap_or(&name);
        assert!(
            bins.contains(&stem),
            "{}: no `recorded_outputs!` entry re-runs `{stem}`",
            dir.join(&name).display()
        );
    }
}

/// Runs a listing binary to completion (or kills it after the timeout).
pub fn run_listing(bin: &str, exe: &str) -> String {
    let mut child = Command::new(exe)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start listing `{bin}` ({exe}): {e}"));
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = match child.wait_timeout(LISTING_TIMEOUT).unwrap() {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "listing `{bin}` still running after {LISTING_TIMEOUT:?}: killed (a hang or deadlock?)"
            );
        }
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert!(
        status.success(),
        "listing `{bin}` failed ({status})\n--- stdout\n{out}\n--- stderr\n{err}"
    );
    out
}

/// Masks what legitimately changes between runs: durations and core counts.
pub fn normalize(output: &str) -> String {
    static DURATION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d+(\.\d+)?\s?(ns|µs|us|ms|s)\b").unwrap());
    static CORES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"available_parallelism = \d+").unwrap());
    let masked = DURATION.replace_all(output, "<duration>");
    CORES
        .replace_all(&masked, "available_parallelism = <n>")
        .into_owned()
}
