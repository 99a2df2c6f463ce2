//! Output shown in the book comes from a real run of the listing.
//!
//! A listing crate records the stdout of a binary in `output/<bin>.txt`; the
//! chapter includes that file in a ```` ```text ```` block. The listing crate's
//! test re-runs the binary and compares. Measured durations and the machine's
//! core count differ from run to run, so both are masked before comparing; the
//! book still shows the figures of the recorded run.
//!
//! `BOOK_BLESS=1 cargo test -p <crate> --test outputs` rewrites the files.
//!
//! These tests are the only run of such a listing (skeptic does not run it
//! again), so a failure or a hang names the chapter and line that show it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use wait_timeout::ChildExt;

/// How long one listing may run before it counts as hung. The slowest
/// listing takes about a second; a deadlock fails in seconds.
pub const LISTING_TIMEOUT: Duration = Duration::from_secs(15);

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

/// One `#[test]` per Python listing (`python/<name>.py`, its output in
/// `output/<name>.py.txt`): each is run with `python3` and compared.
#[macro_export]
macro_rules! recorded_python {
    ($($script:ident),+ $(,)?) => {
        mod python {
            $(
                #[test]
                fn $script() {
                    $crate::recorded::check_python(
                        env!("CARGO_MANIFEST_DIR"),
                        stringify!($script),
                    );
                }
            )+

            #[test]
            fn every_python_listing_has_a_test() {
                $crate::recorded::check_no_python_orphans(
                    env!("CARGO_MANIFEST_DIR"),
                    &[$(stringify!($script)),+],
                );
            }
        }
    };
}

/// Runs `exe`, then compares its stdout with `output/<bin>.txt` (or writes it
/// when `BOOK_BLESS` is set).
pub fn check(manifest_dir: &str, bin: &str, exe: &str) {
    check_within(manifest_dir, bin, exe, LISTING_TIMEOUT);
}

/// [`check`], with the time the listing may take.
pub fn check_within(manifest_dir: &str, bin: &str, exe: &str, timeout: Duration) {
    let listing = Listing::new(manifest_dir, bin, &format!("src/bin/{bin}.rs"));
    let fresh = run_listing(&listing, Command::new(exe), timeout);
    compare(manifest_dir, &listing, &format!("{bin}.txt"), &fresh);
}

/// Runs `python/<name>.py` with `python3` (3.11 or newer), then compares its
/// stdout with `output/<name>.py.txt`. Without python3 the test says it was
/// skipped, except under CI (`CI` set), where that is a failure.
pub fn check_python(manifest_dir: &str, name: &str) {
    let listing = Listing::new(manifest_dir, name, &format!("python/{name}.py"));
    let python = match python3() {
        Ok(python) => python,
        Err(why) => {
            assert!(std::env::var_os("CI").is_none(), "{listing}: {why}");
            let _ = writeln!(std::io::stderr(), "skipped: {listing}: {why}");
            return;
        }
    };
    // A directory of its own to run in: whatever the script leaves there
    // (a core file from an aborting worker) goes with it.
    let scratch = tempfile::TempDir::new().expect("a temporary directory");
    let mut command = Command::new(python);
    command
        .arg(Path::new(manifest_dir).join(&listing.relative))
        .current_dir(scratch.path())
        .env("PYTHONDONTWRITEBYTECODE", "1") // no __pycache__ beside the listing
        .env("PYTHONUNBUFFERED", "1");
    let fresh = run_listing(&listing, command, LISTING_TIMEOUT);
    compare(manifest_dir, &listing, &format!("{name}.py.txt"), &fresh);
}

/// The python3 interpreter itself (not a wrapper such as pyenv's shim,
/// which costs a tenth of a second a run), if it is 3.11 or newer.
fn python3() -> Result<PathBuf, String> {
    static FOUND: LazyLock<Result<PathBuf, String>> = LazyLock::new(|| {
        let probe = "import sys; print(sys.version_info >= (3, 11), sys.version.split()[0], sys.executable)";
        let version = Command::new("python3")
            .args(["-c", probe])
            .output()
            .map_err(|e| format!("python3 not found ({e})"))?;
        let said = String::from_utf8_lossy(&version.stdout);
        match said.trim_end().splitn(3, ' ').collect::<Vec<_>>()[..] {
            ["True", _, executable] => Ok(PathBuf::from(executable)),
            [_, version, _] => Err(format!(
                "python3 is {version}; the listings need 3.11 or newer"
            )),
            _ => Err(format!("python3 did not say its version: {said}")),
        }
    });
    FOUND.clone()
}

/// Compares a fresh run's stdout with `output/<file>` (or records it).
fn compare(manifest_dir: &str, listing: &Listing, file: &str, fresh: &str) {
    let path = Path::new(manifest_dir).join("output").join(file);
    if std::env::var_os("BOOK_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; record it with BOOK_BLESS=1", path.display()));
    let (want, got) = (normalize(&recorded), normalize(fresh));
    assert!(
        want == got,
        "{} no longer matches a fresh run of {listing} (after masking timings).\n\
         --- recorded\n{want}\n--- fresh run\n{got}\n\
         If the change is intended, re-record with BOOK_BLESS=1.",
        path.display()
    );
}

/// Fails when `output/` holds a binary's output that no test re-checks.
pub fn check_no_orphans(manifest_dir: &str, bins: &[&str]) {
    let dir = Path::new(manifest_dir).join("output");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".py.txt") {
            continue; // a Python listing's: `recorded_python!` checks those
        }
        let stem = name.strip_suffix(".txt").unwrap_or(&name);
        assert!(
            bins.contains(&stem),
            "{}: no `recorded_outputs!` entry re-runs `{stem}`",
            dir.join(&name).display()
        );
    }
}

/// Fails when a Python listing has no test, or `output/` a Python
/// listing's output that no test re-checks.
pub fn check_no_python_orphans(manifest_dir: &str, scripts: &[&str]) {
    let manifest = Path::new(manifest_dir);
    let names = |dir: &str, suffix: &str| -> Vec<(PathBuf, String)> {
        let Ok(entries) = std::fs::read_dir(manifest.join(dir)) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                Some((e.path(), name.strip_suffix(suffix)?.to_owned()))
            })
            .collect()
    };
    for (path, name) in names("python", ".py")
        .into_iter()
        .chain(names("output", ".py.txt"))
    {
        assert!(
            scripts.contains(&name.as_str()),
            "{}: no `recorded_python!` entry runs `{name}`",
            path.display()
        );
    }
}

/// A listing (a binary or a script), and where the book shows it.
struct Listing {
    name: String,
    /// The file relative to its crate (`src/bin/<bin>.rs`, `python/<n>.py`).
    relative: PathBuf,
    /// The file relative to the book (`listings/<crate>/…`).
    file: PathBuf,
    /// `src/ch01-threading.md:42` for every chapter line that includes it.
    shown_at: Vec<String>,
}

impl Listing {
    fn new(manifest_dir: &str, name: &str, relative: &str) -> Listing {
        let manifest = Path::new(manifest_dir);
        let book = manifest
            .ancestors()
            .find(|dir| dir.join("book.toml").is_file())
            .unwrap_or(manifest);
        let crate_dir = manifest.strip_prefix(book).unwrap_or(manifest);
        let file = crate_dir.join(relative);
        let shown_at = lines_naming(&book.join("src"), book, &file.to_string_lossy());
        Listing {
            name: name.to_owned(),
            relative: PathBuf::from(relative),
            file,
            shown_at,
        }
    }
}

impl std::fmt::Display for Listing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "listing `{}` ({}", self.name, self.file.display())?;
        match self.shown_at.as_slice() {
            [] => write!(f, ", not shown in the book)"),
            places => write!(f, ", shown at {})", places.join(", ")),
        }
    }
}

/// `path:line` (relative to `book`) of every line under `dir`'s Markdown
/// files that contains `needle`.
fn lines_naming(dir: &Path, book: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            found.extend(lines_naming(&path, book, needle));
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let shown = path
                .strip_prefix(book)
                .unwrap_or(&path)
                .display()
                .to_string();
            for (n, line) in text.lines().enumerate() {
                if line.contains(needle) {
                    found.push(format!("{shown}:{}", n + 1));
                }
            }
        }
    }
    found
}

/// Runs a listing to completion (or kills it after the timeout).
fn run_listing(listing: &Listing, mut command: Command, timeout: Duration) -> String {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {listing} ({command:?}): {e}"));
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = match child.wait_timeout(timeout).unwrap() {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{listing} was still running after {} and was stopped: \
                 a deadlock, or a wait that never ends?",
                crate::prepare::human(timeout)
            );
        }
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert!(
        status.success(),
        "{listing} failed ({status})\n--- stdout\n{out}\n--- stderr\n{err}"
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
