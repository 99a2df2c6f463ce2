//! Checks the book's tests run on what the build script found.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

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
