use std::env;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use ch06_testing::planted_bug::{planted_bug_verdict, report_first_panic};

static RUNS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: swap
/// What chapter 5's slot and executor find at `crate::sync`: loom's types.
/// (The executor keeps std's `Arc`: `Wake` works with no other.)
mod sync {
    pub use loom::sync::{Arc, Mutex, mpsc};
}

/// Chapter 5's slot, the very file, on loom's lock.
#[allow(dead_code)]
#[path = "../../../ch05-async/src/oneshot.rs"]
mod oneshot;

/// One round trip through chapter 5's slot on an executor from `tiny_executor.rs`:
/// a loom thread sends 40, the executor's `block_on` awaits it and adds 2.
macro_rules! round_trip {
    () => {
        pub fn round_trip() {
            let executor = Executor::new();
            let (sender, receive) = crate::oneshot::channel();
            let sending = loom::thread::spawn(move || sender.send(40));
            assert_eq!(executor.block_on(async move { receive.await + 2 }), 42);
            sending.join().unwrap();
        }
    };
}

/// Chapter 5's executor, the very file (copied by `build.rs`), inside a
/// module so that the model can reach its private `Executor`.
#[allow(dead_code, unused_imports)]
mod executor {
    include!(concat!(env!("OUT_DIR"), "/tiny_executor.rs"));
    round_trip!();
}

/// The same file with one planted bug: `run` does not sleep until a wake.
#[allow(dead_code, unused_imports)]
mod executor_mutant {
    include!(concat!(env!("OUT_DIR"), "/tiny_executor_mutant.rs"));
    round_trip!();
}
// ANCHOR_END: swap

/// Every schedule of `round_trip`, within `bound` preemptions.
fn check(bound: Option<usize>, round_trip: fn()) -> usize {
    RUNS.store(0, Relaxed);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    builder.check(move || {
        RUNS.fetch_add(1, Relaxed);
        round_trip();
    });
    RUNS.load(Relaxed)
}

// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some("planted-bug") {
        return run_planted_bug(); // the child process, see below
    }
    for bound in [Some(2), None] {
        let start = Instant::now();
        let runs = check(bound, executor::round_trip);
        let bound = bound.map_or("no bound".into(), |n| format!("bound {n}"));
        let took = start.elapsed();
        println!("chapter 5's executor, {bound}: passed {runs} schedules in {took:.2?}");
    }
    // The mutant runs in a child copy of this program (see lib.rs).
    let verdict = planted_bug_verdict("planted-bug");
    assert!(
        verdict.ends_with("Empty"),
        "not an executor that failed to sleep: {verdict}"
    );
    println!("an executor that never sleeps: {verdict}");
}
// ANCHOR_END: main

/// The child: check the mutant; report loom's first complaint.
fn run_planted_bug() {
    report_first_panic(&RUNS, "schedule");
    let runs = check(Some(2), executor_mutant::round_trip);
    println!("loom: passed {runs} schedules");
}
