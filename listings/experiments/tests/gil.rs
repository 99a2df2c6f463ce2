//! The `gil` experiment runs in its tiny configuration, reports every
//! variant, and every Rust variant found the same number of primes. Timings
//! are never checked.

mod common;

const RUST_ROWS: [&str; 5] = [
    "sequential",
    "GIL-sim threads",
    "threads",
    "rayon",
    "processes",
];
const PYTHON_ROWS: [&str; 3] = ["sequential", "ThreadPoolExecutor", "ProcessPoolExecutor"];

#[test]
fn every_variant_reports_the_same_prime_count() {
    let run = common::run_tiny("gil");
    assert!(
        run.stdout.contains("GIL-sim threads"),
        "the terminal shows no table:\n{}",
        run.stdout
    );
    let rust = table_rows(&run.markdown, "**Rust:");
    for variant in RUST_ROWS {
        assert!(
            rust.iter().any(|row| row[0] == variant),
            "no Rust row {variant:?}:\n{}",
            run.markdown
        );
    }
    let counts: Vec<&str> = rust.iter().map(|row| row[4].as_str()).collect();
    assert!(
        counts.iter().all(|count| *count == counts[0]),
        "the Rust rows disagree on the prime count: {counts:?}"
    );
    if experiments::procfs::python3().is_some() {
        let python = table_rows(&run.markdown, "**Python:");
        for variant in PYTHON_ROWS {
            assert!(
                python.iter().any(|row| row[0] == variant),
                "no Python row {variant:?}:\n{}",
                run.markdown
            );
        }
    } else {
        assert!(
            run.markdown.contains("Python rows were skipped"),
            "{}",
            run.markdown
        );
    }
}

/// The body rows of the Markdown table whose title starts with `title`, as
/// cells.
fn table_rows(markdown: &str, title: &str) -> Vec<Vec<String>> {
    let start = markdown
        .find(title)
        .unwrap_or_else(|| panic!("no table titled {title}… in:\n{markdown}"));
    markdown[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // the header and the `| --- |` line
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}
