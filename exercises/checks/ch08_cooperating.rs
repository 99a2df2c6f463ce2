use std::sync::mpsc;

use tokio::task::JoinSet;

/// One thread runs every task, as asyncio's event loop does.
fn one_thread<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime")
        .block_on(future)
}

/// Runs four jobs of ten slices as tasks on one thread: their totals, and
/// the log.
fn four_tasks() -> (Vec<usize>, Vec<Entry>) {
    let (log, entries) = mpsc::channel();
    let totals = one_thread(async move {
        let mut tasks = JoinSet::new();
        for job in 0..4 {
            tasks.spawn(count_primes_cooperatively(job, 0..10_000, 10, log.clone()));
        }
        let mut totals = tasks.join_all().await;
        totals.sort();
        totals
    });
    (totals, entries.into_iter().collect())
}

exercises::checks! {
    /// Every way of cutting a range into slices gives the plain count.
    fn the_slices_add_up_to_the_count() {
        for (numbers, expected) in [(0..100, 25), (0..1000, 168), (90..100, 1), (5..5, 0)] {
            for slices in 1..=12 {
                let (log, _entries) = mpsc::channel();
                let got = one_thread(count_primes_cooperatively(0, numbers.clone(), slices, log));
                assert_eq!(got, expected, "{numbers:?} in {slices} slices");
            }
        }
    }

    /// Each task yields after its first slice, so the thread runs the next
    /// task: all four start before any ends. Without the yields the log is
    /// four `start j`, `end j` pairs, one task at a time.
    fn the_tasks_take_turns() {
        let (totals, log) = four_tasks();
        assert_eq!(totals, [1229; 4], "primes below 10 000");
        assert_eq!(log.len(), 8, "a start and an end for each: {log:?}");
        for job in 0..4 {
            let at = |what| log.iter().position(|&entry| entry == (what, job));
            assert!(at("start") < at("end") && at("start").is_some(), "job {job}'s start before its end: {log:?}");
        }
        let last_start = log.iter().rposition(|&(what, _)| what == "start").unwrap();
        let first_end = log.iter().position(|&(what, _)| what == "end").unwrap();
        assert!(last_start < first_end, "every start before any end: {log:?}");
    }
}
