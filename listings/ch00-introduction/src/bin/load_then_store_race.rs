//! A race condition without a data race. Every access is atomic, so the
//! program is free of undefined behaviour, yet increments can be lost.

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
                    let seen = counter.load(Ordering::Relaxed);
                    // The other thread may store between these two lines;
                    // this store then overwrites its work, at any ordering.
                    counter.store(seen + 1, Ordering::Relaxed);
                }
            });
        }
    });
    let total = counter.into_inner();
    let expected = 2 * PER_THREAD;
    // All that always holds: no more than `expected` (a store only adds one
    // to a value it read), and at least 2 (a thread's later loads can no
    // longer see the initial 0, so its last store writes at least 2).
    assert!((2..=expected).contains(&total));
    println!("load-then-store: {total} of {expected} increments survived");
}
// ANCHOR_END: main
