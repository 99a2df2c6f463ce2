use std::env;
use std::sync::atomic::AtomicUsize as Counter;
use std::time::Instant;

use ch06_testing::planted_bug::{planted_bug_verdict, report_first_panic};

// ANCHOR: mailbox
/// A one-value mailbox without a lock, written once against whatever
/// `sync` and `thread` name, and compiled below for loom and for shuttle.
macro_rules! mailbox {
    () => {
        use sync::Arc;
        use sync::atomic::{AtomicBool, AtomicUsize, Ordering, Ordering::*};

        #[derive(Default)] // a zero and a lowered flag
        struct Mailbox {
            value: AtomicUsize,
            full: AtomicBool,
        }

        /// One thread posts 42; main peeks, reading the flag with `read`.
        pub fn scenario(read: Ordering) {
            let mailbox = Arc::new(Mailbox::default());
            let poster = thread::spawn({
                let mailbox = Arc::clone(&mailbox);
                move || {
                    mailbox.value.store(42, Relaxed);
                    mailbox.full.store(true, Release); // publishes the value
                }
            });
            if mailbox.full.load(read) {
                let value = mailbox.value.load(Relaxed);
                assert_eq!(value, 42, "saw the flag, not the value");
            }
            poster.join().unwrap();
        }
    };
}

mod with_loom {
    use loom::{sync, thread};
    mailbox!();
}

mod with_shuttle {
    use shuttle::{sync, thread};
    mailbox!();
}
// ANCHOR_END: mailbox

static RUNS: Counter = Counter::new(0);

/// Every schedule and every value each load may return (loom's default
/// bound: no preemption limit); loom panics at the first failing one.
fn loom_check(read: Ordering) -> usize {
    loom::model::Builder::new().check(move || {
        RUNS.fetch_add(1, SeqCst);
        with_loom::scenario(read);
    });
    RUNS.load(SeqCst)
}

use std::sync::atomic::Ordering::{self, *};

// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some("relaxed") {
        return run_planted_bug(); // in a child process, see below
    }
    let start = Instant::now();
    let runs = loom_check(Acquire);
    println!(
        "loom, Acquire: passed, {runs} executions in {:.2?}",
        start.elapsed()
    );

    // Planted bug: the flag read Relaxed. A failed loom model can abort on
    // cleanup, so it runs in a child copy of this program (see lib.rs).
    let verdict = planted_bug_verdict("relaxed");
    assert!(verdict.contains("saw the flag, not the value"), "{verdict}");
    println!("loom, Relaxed: {verdict}");

    // shuttle runs every atomic as SeqCst: the same bug passes there.
    let start = Instant::now();
    shuttle::check_random(|| with_shuttle::scenario(Relaxed), 1000);
    println!(
        "shuttle, Relaxed: passed 1000 random schedules in {:.2?}",
        start.elapsed()
    );
}
// ANCHOR_END: main

/// The child: check the Relaxed read; report loom's first complaint.
fn run_planted_bug() {
    report_first_panic(&RUNS, "execution");
    let runs = loom_check(Relaxed);
    println!("loom: passed {runs} executions");
}
