//! The `gil` experiment runs in its tiny configuration, reports every
//! variant, and all the variants of a language found the same number of
//! primes. Timings are never checked.

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
    check_table(&run.markdown, "Rust:", &RUST_ROWS);
    if experiments::children::python3().is_some() {
        check_table(&run.markdown, "Python:", &PYTHON_ROWS);
    } else {
        assert!(
            run.markdown.contains("Python rows were skipped"),
            "{}",
            run.markdown
        );
    }
    for bar in ["rust: GIL-sim threads", "rust: processes"] {
        assert!(run.svg.contains(bar), "no bar {bar:?} in the chart");
    }
}

/// The table titled `title…` has exactly `variants`, in order, the first
/// (sequential) at 1.00×, and one prime count in every row.
fn check_table(markdown: &str, title: &str, variants: &[&str]) {
    let rows = common::table_rows(markdown, title);
    let names: Vec<&str> = rows.iter().map(|row| row[0]).collect();
    assert_eq!(names, variants, "{title} rows");
    assert_eq!(rows[0][3], "1.00×", "{title} the baseline's speed-up");
    let counts: Vec<&str> = rows.iter().map(|row| row[4]).collect();
    assert!(
        counts.iter().all(|count| *count == counts[0]),
        "{title} the rows disagree on the prime count: {counts:?}"
    );
}
