//! Where the browser tests find headless Chromium, and how they say they
//! were skipped.

use std::io::Write;
use std::process::Command;

/// Headless Chromium, when installed. CI installs it; elsewhere a test
/// without it says it was skipped. `None` when there is no browser.
pub fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        skipped("no chromium on this machine (Debian: apt-get install chromium)");
    }
    found
}

/// Says that a check did not run. Under CI (`CI` set) that is a failure.
pub fn skipped(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must not skip the browser tests: {why}"
    );
    say(&format!("skipped: {why}"));
}

/// A line on the terminal even when the test passes: libtest captures
/// `println!` and `eprintln!`, not writes to the stderr handle itself.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
