//! Checks the book's tests run on what the build script found.

use std::collections::BTreeMap;

/// Runs one snippet with skeptic, retrying when the kernel refused to start
/// its freshly cached binary with ETXTBSY ("Text file busy"). skeptic's
/// workers copy binaries into the cache while other workers fork; a forked
/// child briefly holds the copy's write descriptor until it execs, and an exec
/// of the copy in that window fails. The retry finds the finished copy.
pub fn run_snippet(root: &str, out_dir: &str, target: &str, text: &str) {
    const ATTEMPTS: usize = 3;
    for attempt in 1..=ATTEMPTS {
        let run = std::panic::catch_unwind(|| skeptic::rt::run_test(root, out_dir, target, text));
        let Err(panic) = run else { return };
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if attempt == ATTEMPTS || !message.contains("Text file busy") {
            std::panic::resume_unwind(panic);
        }
        eprintln!(
            "book: ETXTBSY starting a cached snippet binary; retrying ({attempt}/{ATTEMPTS})"
        );
    }
}

/// Fails with every problem, one per line, each naming a file and line.
pub fn assert_no_problems(problems: &[&str]) {
    assert!(
        problems.is_empty(),
        "the book has {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Counts blocks by how they are checked, e.g. for `book check`.
pub fn tally<'a>(blocks: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for kind in blocks {
        *counts.entry(kind).or_default() += 1;
    }
    counts
}

/// Listing binaries (`listings/*/src/bin/*.rs`) that their crate does not
/// declare as `[[bin]]` with `test = false`. Listings have no unit tests; an
/// undeclared one gets an empty test harness, one more "running 0 tests".
pub fn listing_bins_with_a_test_harness(root: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(crates) = std::fs::read_dir(root.join("listings")) else {
        return found;
    };
    for krate in crates.flatten().map(|e| e.path()) {
        let manifest = krate.join("Cargo.toml");
        let declared: toml::Table = std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or_default();
        let without_tests: Vec<&str> = declared
            .get("bin")
            .and_then(|bins| bins.as_array())
            .into_iter()
            .flatten()
            .filter(|bin| bin.get("test").and_then(|t| t.as_bool()) == Some(false))
            .filter_map(|bin| bin.get("name")?.as_str())
            .collect();
        let Ok(bins) = std::fs::read_dir(krate.join("src/bin")) else {
            continue;
        };
        for bin in bins.flatten().map(|e| e.path()) {
            let name = bin.file_stem().unwrap_or_default().to_string_lossy();
            if !without_tests.contains(&name.as_ref()) {
                found.push(format!(
                    "{}: add [[bin]] name = \"{name}\" with test = false",
                    manifest.strip_prefix(root).unwrap_or(&manifest).display()
                ));
            }
        }
    }
    found.sort();
    found
}
