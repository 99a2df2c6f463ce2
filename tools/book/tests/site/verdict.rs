//! The browser suite's verdict, remembered. A pass is recorded under a key
//! that covers every file of the built site, the `book` binary that built
//! it (and would build the sub-path site from the same sources), the
//! browser, axe-core and this test binary (its checks and allowlist
//! included; a binary counts by its size and modification time); the same
//! key again means the same run would see the same bytes, so it is not
//! repeated. A failure is never recorded.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub struct Verdict {
    marker: PathBuf,
    key: String,
}

impl Verdict {
    /// The key for the files under `sites` and the `other` inputs.
    pub fn new(sites: &[&Path], other: &[&[u8]]) -> Verdict {
        // SipHash with fixed keys: stable within one build of this test,
        // and the test binary itself is part of the key.
        #[allow(deprecated)]
        let mut hasher = std::hash::SipHasher::new();
        for site in sites {
            hash_tree(&mut hasher, site, site);
        }
        for input in other {
            hash_bytes(&mut hasher, input);
        }
        let exe = std::env::current_exe().unwrap();
        hash_bytes(&mut hasher, fingerprint(&exe).as_bytes());
        Verdict {
            marker: crate::target_dir().join("site-tests/browser-suite-passed"),
            key: format!("{:016x}", hasher.finish()),
        }
    }

    /// When a run with this key passed, if one did.
    pub fn passed_at(&self) -> Option<String> {
        let recorded = std::fs::read_to_string(&self.marker).ok()?;
        let (key, seconds) = recorded.trim().split_once(' ')?;
        (key == self.key).then(|| utc(seconds.parse().ok()?))?
    }

    pub fn record_pass(&self) {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        std::fs::create_dir_all(self.marker.parent().unwrap()).unwrap();
        std::fs::write(&self.marker, format!("{} {}\n", self.key, now.as_secs())).unwrap();
    }
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

fn hash_bytes(hasher: &mut impl Hasher, bytes: &[u8]) {
    hasher.write_usize(bytes.len());
    hasher.write(bytes);
}

/// Every file under `dir`, in a fixed order, with its path below `root`.
fn hash_tree(hasher: &mut impl Hasher, root: &Path, dir: &Path) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        hash_bytes(
            hasher,
            path.strip_prefix(root)
                .unwrap()
                .as_os_str()
                .as_encoded_bytes(),
        );
        if path.is_dir() {
            hash_tree(hasher, root, &path);
        } else {
            hash_bytes(hasher, &std::fs::read(&path).unwrap());
        }
    }
}

/// `2026-12-02 17:04 UTC` for a time in seconds since 1970 (GNU date),
/// or the seconds themselves.
fn utc(seconds: u64) -> Option<String> {
    let formatted = std::process::Command::new("date")
        .args(["-u", "-d", &format!("@{seconds}"), "+%F %R UTC"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    Some(formatted.unwrap_or_else(|| format!("{seconds} s after 1970")))
}
