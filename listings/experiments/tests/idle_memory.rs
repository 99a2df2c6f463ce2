//! `experiments idle-memory --tiny`: each kind of waiting unit has its row,
//! the child processes report exactly the N units asked for, and the thread
//! counts match. Memory figures are reported, never checked.

mod common;

/// (row label, N, threads in the child while they wait).
const ROWS: &[(&str, &str, &str)] = &[
    ("OS thread, default stack", "50", "51"),
    ("OS thread, 64 KiB stack", "50", "51"),
    ("tokio task, current_thread runtime", "500", "1"),
];

#[test]
fn every_kind_reports_the_units_it_was_asked_for() {
    let run = common::run_tiny("idle-memory");
    for (label, units, threads) in ROWS {
        let cells = common::row(&run.markdown, label);
        assert_eq!(cells.len(), 8, "{cells:?}");
        assert_eq!(cells[1], *units, "N of {label}");
        assert_eq!(cells[6], *threads, "threads of {label}");
        assert!(run.stdout.contains(label), "{label} not printed");
    }
    assert!(
        run.markdown
            .contains("https://doc.rust-lang.org/std/thread/#stack-size")
    );
    for bar in ["thread ×50", "thread 64K ×50", "task ×500"] {
        assert!(run.svg.contains(bar), "no bar {bar:?} in the chart");
    }
}
