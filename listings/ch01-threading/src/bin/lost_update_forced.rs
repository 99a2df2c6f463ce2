use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: main
/// Two threads each add 1 by reading, then writing. The barrier forces the
/// unlucky interleaving: both read before either writes.
fn load_then_store() -> u64 {
    let counter = AtomicU64::new(0);
    let both_have_read = Barrier::new(2);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let seen = counter.load(Ordering::Relaxed);
                both_have_read.wait();
                counter.store(seen + 1, Ordering::Relaxed); // may overwrite the other +1
            });
        }
    });
    counter.into_inner()
}

/// The same schedule, but the read and the write are one atomic step.
fn fetch_add() -> u64 {
    let counter = AtomicU64::new(0);
    let both_ready = Barrier::new(2);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                both_ready.wait();
                counter.fetch_add(1, Ordering::Relaxed); // one step at any ordering
            });
        }
    });
    counter.into_inner()
}

fn main() {
    let racy = load_then_store();
    println!("load + store: 2 increments gave {racy}");
    assert_eq!(racy, 1, "both threads read 0, so both wrote 1");
    let atomic = fetch_add();
    println!("fetch_add:    2 increments gave {atomic}");
    assert_eq!(atomic, 2);
}
// ANCHOR_END: main
