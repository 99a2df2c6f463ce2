use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Instant;

use ch06_testing::first_line;
use ch06_testing::{oneshot, oneshot_mutant}; // chapter 5's slot, on shuttle's lock

static RUNS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: main
use shuttle::future::{block_on, spawn};

/// Two async tasks on shuttle's executor: one awaits the slot from `$slot`,
/// the other sends into it. Every `poll`, `wake` and lock is a point where
/// shuttle may switch tasks.
macro_rules! round_trip {
    ($slot:ident) => {
        || {
            RUNS.fetch_add(1, SeqCst);
            let (sender, receive) = $slot::channel();
            let waiting = spawn(async move { receive.await + 1 });
            let sending = spawn(async move { sender.send(41) });
            block_on(sending).unwrap();
            assert_eq!(block_on(waiting).unwrap(), 42);
        }
    };
}

fn main() {
    let start = Instant::now();
    shuttle::check_random(round_trip!(oneshot), 1000);
    shuttle::check_pct(round_trip!(oneshot), 1000, 3);
    println!(
        "chapter 5's slot: 2000 schedules passed in {:.2?}",
        start.elapsed()
    );

    RUNS.store(0, SeqCst);
    let caught = panic::catch_unwind(|| {
        shuttle::check_random_with_seed(round_trip!(oneshot_mutant), 2026, 1000);
    });
    let complaint = first_line(&*caught.expect_err("shuttle must catch the bug"));
    assert!(
        complaint.contains("deadlock"),
        "not a lost wake-up: {complaint}"
    );
    let runs = RUNS.load(SeqCst);
    println!("check, unlock, then register: caught at schedule {runs}: {complaint}");
}
// ANCHOR_END: main
