//! The fix for `load_then_store_race`: one indivisible read-modify-write.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: main
fn main() {
    const PER_THREAD: u64 = 100_000;
    let counter = AtomicU64::new(0);
    let start_line = Barrier::new(2);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start_line.wait();
                for _ in 0..PER_THREAD {
                    // Read, add and write as one step: nothing can slip in,
                    // whatever the ordering, so `Relaxed` is enough.
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let total = counter.into_inner();
    assert_eq!(total, 2 * PER_THREAD);
    println!(
        "fetch_add: {total} of {} increments survived",
        2 * PER_THREAD
    );
}
// ANCHOR_END: main
