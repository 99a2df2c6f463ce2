//! `experiments contention --tiny`: every way of counting has a row for
//! each thread count, and every row counted exactly the total it was given.
//! Timings are reported, never checked.

mod common;

use experiments::contention::{VARIANTS, thread_counts};

#[test]
fn every_variant_counts_exactly_on_every_thread_count() {
    let run = common::run_tiny("contention");
    let rows = common::table_rows(&run.markdown, "Counting to 40,000 with T threads");
    let parallelism = std::thread::available_parallelism().map_or(1, |n| n.get());
    let counts = thread_counts(parallelism);
    let expected: Vec<(String, String)> = VARIANTS
        .iter()
        .flat_map(|v| counts.iter().map(|t| (v.name.to_string(), t.to_string())))
        .collect();
    let found: Vec<(String, String)> = rows
        .iter()
        .map(|row| (row[0].to_string(), row[1].to_string()))
        .collect();
    assert_eq!(found, expected, "one row per (variant, threads), in order");
    for row in &rows {
        assert_eq!(row.len(), 7, "{row:?}");
        for cell in &row[2..5] {
            assert!(cell.ends_with(" ns"), "{row:?}");
        }
        assert_eq!(row[6], "40,000", "{row:?}: the total it counted");
        assert!(run.stdout.contains(row[0]), "{} not printed", row[0]);
    }
    for bar in [
        "std Mutex, 1 thread",
        "parking_lot",
        "adjacent slots",
        "padded slots",
        "local sums",
    ] {
        assert!(run.svg.contains(bar), "no bar {bar:?} in the chart");
    }
}
