//! Checks the book's tests run on what the build script found.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

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

/// Syntax-checks each Python block with `python3`, when there is one.
/// Returns how many were checked (0 without python3).
pub fn check_python(blocks: &[(&str, &str)]) -> usize {
    if blocks.is_empty() {
        return 0;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!(
            "python3 not found: {} Python block(s) not syntax-checked",
            blocks.len()
        );
        return 0;
    }
    for (place, code) in blocks {
        let mut child = Command::new("python3")
            .args([
                "-c",
                "import ast, sys; ast.parse(sys.stdin.read(), sys.argv[1])",
                place,
            ])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(code.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{place}: the Python block does not parse:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    blocks.len()
}
