//! The timeline experiment runs, reports the three modes and draws their panels.

mod common;

const MODES: [&str; 3] = [
    "sequential",
    "interleaved on one thread (concurrency)",
    "four threads (parallelism)",
];

#[test]
fn timeline_reports_and_charts_three_modes() {
    let run = common::run_tiny("timeline");
    for mode in MODES {
        let row = format!("| {mode} |");
        assert!(
            run.markdown.contains(&row),
            "row {mode:?} missing:\n{}",
            run.markdown
        );
        assert!(
            run.stdout.contains(mode),
            "{mode:?} missing from the terminal table"
        );
        assert!(
            run.svg.contains(mode),
            "panel {mode:?} missing from the chart"
        );
    }
    assert!(
        run.svg.contains("job 4"),
        "lane label \"job 4\" missing from the chart"
    );
    // The experiment itself fails unless every run computed this same checksum.
    assert!(run.markdown.contains("same checksum"), "{}", run.markdown);
}
