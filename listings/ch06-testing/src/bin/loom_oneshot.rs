use std::env;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use ch06_testing::planted_bug::{planted_bug_verdict, report_first_panic};
use loom::future::block_on;
use loom::thread;

// ANCHOR: swap
/// What chapter 5's `oneshot.rs` finds at `crate::sync`: loom's lock and `Arc`.
mod sync {
    pub use loom::sync::{Arc, Mutex};
}

/// Chapter 5's slot, the very file, compiled against `sync` above.
#[allow(dead_code)] // its `KeepsFirstWaker` is not used here
#[path = "../../../ch05-async/src/oneshot.rs"]
mod oneshot;

/// The same file with one planted bug: `poll` checks for the value under one
/// lock and stores its waker under another (the edit is made by `build.rs`).
#[allow(dead_code)]
mod oneshot_mutant {
    include!(concat!(env!("OUT_DIR"), "/oneshot_mutant.rs"));
}
// ANCHOR_END: swap

// ANCHOR: model
/// A loom thread sends 42 through a slot from `$slot`, while the model's main
/// thread awaits it on `loom::future::block_on`. That waker is real: `wake`
/// unparks the main thread, and a wake that never comes is a deadlock.
macro_rules! round_trip {
    ($slot:ident) => {{
        let (sender, receive) = $slot::channel();
        let sending = thread::spawn(move || sender.send(42));
        assert_eq!(block_on(receive), 42, "the value must arrive");
        sending.join().unwrap();
    }};
}

/// Every schedule of one round trip (`bound`: at most that many
/// preemptions), through the slot of chapter 5 or through the mutant.
fn check(bound: Option<usize>, planted_bug: bool) -> usize {
    RUNS.store(0, Relaxed);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    builder.check(move || {
        RUNS.fetch_add(1, Relaxed);
        if planted_bug {
            round_trip!(oneshot_mutant)
        } else {
            round_trip!(oneshot)
        }
    });
    RUNS.load(Relaxed)
}
// ANCHOR_END: model

static RUNS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some("planted-bug") {
        return run_planted_bug(); // the child process, see below
    }
    for bound in [Some(2), None] {
        let start = Instant::now();
        let runs = check(bound, false);
        let bound = bound.map_or("no bound".into(), |n| format!("bound {n}"));
        let took = start.elapsed();
        println!("chapter 5's slot, {bound}: passed {runs} schedules in {took:.2?}");
    }
    // The mutant runs in a child copy of this program (see lib.rs).
    let verdict = planted_bug_verdict("planted-bug");
    assert!(
        verdict.contains("deadlock"),
        "not a lost wake-up: {verdict}"
    );
    println!("check, unlock, then register: {verdict}");
}
// ANCHOR_END: main

/// The child: check the mutant; report loom's first complaint.
fn run_planted_bug() {
    report_first_panic(&RUNS, "schedule");
    let runs = check(Some(2), true);
    println!("loom: passed {runs} schedules");
}
