//! Runs the experiments binary in its tiny configuration, as a reader would
//! run it, and returns what it wrote. Tiny runs still measure; the tests check
//! that each experiment runs and reports, never what it measured.

// Each test file is a crate of its own and uses only some of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

pub struct TinyRun {
    pub stdout: String,
    pub markdown: String,
    pub svg: String,
}

pub fn run_tiny(name: &str) -> TinyRun {
    let out_dir = temp_dir(name);
    let output = Command::new(env!("CARGO_BIN_EXE_experiments"))
        .args([name, "--tiny", "--out"])
        .arg(&out_dir)
        .output()
        .expect("the experiments binary starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "experiments {name} --tiny failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |ext: &str| {
        let path = out_dir.join(format!("{name}.{ext}"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let run = TinyRun {
        stdout,
        markdown: read("md"),
        svg: read("svg"),
    };
    std::fs::remove_dir_all(&out_dir).unwrap();
    assert!(run.markdown.starts_with("Machine: "), "{}", run.markdown);
    assert!(
        run.markdown.contains("| --- |"),
        "no table in:\n{}",
        run.markdown
    );
    assert!(run.svg.starts_with("<svg"), "not an SVG chart");
    assert!(
        run.markdown
            .ends_with("Tiny configuration: a test run, not figures to read.\n"),
        "a tiny run's results must say so"
    );
    run
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("experiments-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The cells of a Markdown table line `| a | b |`, trimmed.
fn cells(line: &str) -> Vec<&str> {
    line.trim_matches('|').split('|').map(str::trim).collect()
}

/// The body rows of the Markdown table whose bold title starts with `title`
/// (give it without the `**`), as cells.
pub fn table_rows<'a>(markdown: &'a str, title: &str) -> Vec<Vec<&'a str>> {
    let start = markdown
        .find(&format!("**{title}"))
        .unwrap_or_else(|| panic!("no table titled {title}… in:\n{markdown}"));
    markdown[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // the header and the `| --- |` line
        .map(cells)
        .collect()
}

/// The cells of the first Markdown table row whose first cell is `label`.
pub fn row<'a>(markdown: &'a str, label: &str) -> Vec<&'a str> {
    markdown
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(cells)
        .find(|cells| cells[0] == label)
        .unwrap_or_else(|| panic!("no row {label:?} in:\n{markdown}"))
}
