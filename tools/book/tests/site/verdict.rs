//! The browser suite's verdicts, remembered, one per check: a page in a
//! theme, or one of the site-wide checks. A pass is recorded under a key
//! made of everything the check saw: the bytes of its page and of the
//! site's other files, the `book` binary that built them, the browser,
//! axe-core and this test binary (its checks and allowlist included; a
//! binary counts by its size and modification time). The same key again
//! means the same check would see the same bytes, so it is not repeated.
//! A failure is never recorded.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many passes the file keeps: a few hundred edits' worth.
const KEPT: usize = 2000;

/// The checks that passed, by key, with when (seconds since 1970).
pub struct Verdicts {
    file: PathBuf,
    passed: BTreeMap<String, u64>,
}

impl Verdicts {
    pub fn load() -> Verdicts {
        let file = crate::target_dir().join("site-tests/browser-suite-passed");
        let passed = std::fs::read_to_string(&file)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let (key, when) = line.split_once(' ')?;
                Some((key.to_owned(), when.parse().ok()?))
            })
            .collect();
        Verdicts { file, passed }
    }

    /// The same store with nothing remembered: every check runs, and the
    /// passes are recorded as usual.
    pub fn forget(verdicts: Verdicts) -> Verdicts {
        Verdicts {
            passed: BTreeMap::new(),
            ..verdicts
        }
    }

    /// Whether a check with this key passed before.
    pub fn passed(&self, key: &str) -> bool {
        self.passed.contains_key(key)
    }

    /// When the latest of these keys passed, for messages.
    pub fn latest<'a>(&self, keys: impl IntoIterator<Item = &'a String>) -> Option<String> {
        keys.into_iter()
            .filter_map(|key| self.passed.get(key))
            .max()
            .map(|&seconds| utc(seconds))
    }

    /// Remembers that these checks passed, now.
    pub fn record(&mut self, keys: impl IntoIterator<Item = String>) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        self.passed.extend(keys.into_iter().map(|key| (key, now)));
        let mut newest: Vec<(&String, &u64)> = self.passed.iter().collect();
        newest.sort_by_key(|(_, when)| std::cmp::Reverse(**when));
        let lines: String = newest
            .iter()
            .take(KEPT)
            .map(|(key, when)| format!("{key} {when}\n"))
            .collect();
        std::fs::create_dir_all(self.file.parent().unwrap()).unwrap();
        std::fs::write(&self.file, lines).unwrap();
    }
}

/// A key under construction: a hash of labelled parts.
#[derive(Clone)]
pub struct Key(
    #[allow(deprecated)] std::hash::SipHasher, // fixed keys: stable across runs
);

impl Key {
    #[allow(deprecated)]
    pub fn new() -> Key {
        Key(std::hash::SipHasher::new())
    }

    pub fn with(mut self, part: &[u8]) -> Key {
        self.0.write_usize(part.len());
        self.0.write(part);
        self
    }

    /// Every file under `dir` that `include` accepts, in a fixed order,
    /// with its path below `dir`, as `read` reads it.
    pub fn with_files(
        mut self,
        dir: &Path,
        include: &dyn Fn(&Path) -> bool,
        read: &dyn Fn(&Path) -> Vec<u8>,
    ) -> Key {
        for file in files_under(dir) {
            if include(&file) {
                let name = file
                    .strip_prefix(dir)
                    .unwrap()
                    .as_os_str()
                    .as_encoded_bytes();
                self = self.with(name).with(&read(&file));
            }
        }
        self
    }

    pub fn finish(&self) -> String {
        format!("{:016x}", self.0.finish())
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// A binary's size and modification time: cargo writes a new file whenever
/// it rebuilds one, and reading tens of megabytes on every run would cost
/// more than the rest of the check.
pub fn fingerprint(binary: &Path) -> String {
    let meta = std::fs::metadata(binary).unwrap();
    let modified = meta.modified().unwrap().duration_since(UNIX_EPOCH).unwrap();
    format!(
        "{} {} {}",
        binary.display(),
        meta.len(),
        modified.as_nanos()
    )
}

/// `2026-12-02 17:04 UTC` for a time in seconds since 1970 (GNU date),
/// or the seconds themselves.
fn utc(seconds: u64) -> String {
    std::process::Command::new("date")
        .args(["-u", "-d", &format!("@{seconds}"), "+%F %R UTC"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| format!("{seconds} s after 1970"))
}
