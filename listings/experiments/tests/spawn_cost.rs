//! `experiments spawn-cost --tiny`: every way of starting work has its row,
//! each with the number of runs the tiny configuration asks for. Timings are
//! reported, never checked.

mod common;

/// (row label, tiny runs), as `src/spawn_cost.rs` defines them.
const ROWS: &[(&str, &str)] = &[
    ("`tokio::spawn(..).await`, multi-thread runtime", "200"),
    ("`tokio::spawn(..).await`, current_thread runtime", "200"),
    ("`rayon` pool `spawn` + channel `recv`", "200"),
    ("`std::thread::spawn(..).join()`", "100"),
    ("`fork` + child `_exit` + `waitpid`", "20"),
    ("`Command::new(\"/bin/true\").status()`", "10"),
    ("`Command` running this executable (exits at once)", "10"),
];

#[test]
fn every_operation_reports_the_runs_it_was_asked_for() {
    let run = common::run_tiny("spawn-cost");
    for (label, runs) in ROWS {
        let cells = common::row(&run.markdown, label);
        assert_eq!(cells.len(), 6, "{cells:?}");
        assert_eq!(cells[1], *runs, "runs of {label}");
        assert!(cells[2].ends_with(" µs"), "median of {label}: {cells:?}");
        assert!(run.stdout.contains(label), "{label} not printed");
    }
    assert!(
        run.markdown
            .contains("https://man7.org/linux/man-pages/man2/fork.2.html")
    );
    for bar in ["task (multi)", "thread", "fork", "this exe"] {
        assert!(run.svg.contains(bar), "no bar {bar:?} in the chart");
    }
}
