//! Blocking the runtime's thread: on a current-thread runtime, a task that
//! calls `std::thread::sleep` stops every other task, here a ticker. The
//! fix moves the blocking call to `spawn_blocking`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::time::interval;

/// Waits (blocking the calling thread) until `ticks` has grown by
/// `wanted`, or until `limit` has passed; returns how many ticks it saw.
fn block_and_watch(ticks: &AtomicU64, wanted: u64, limit: Duration) -> u64 {
    // Relaxed: a tick count; nothing else is read because of it.
    let (before, start) = (ticks.load(Ordering::Relaxed), Instant::now());
    loop {
        let seen = ticks.load(Ordering::Relaxed) - before;
        if seen >= wanted || start.elapsed() >= limit {
            return seen;
        }
        std::thread::sleep(Duration::from_millis(1)); // blocking!
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let ticks = Arc::new(AtomicU64::new(0));
    let ticker = tokio::spawn({
        let ticks = ticks.clone();
        async move {
            let mut every = interval(Duration::from_millis(1));
            loop {
                every.tick().await;
                ticks.fetch_add(1, Ordering::Relaxed); // a tally
            }
        }
    });
    tokio::task::yield_now().await; // let the ticker start

    // Wrong: block the runtime's only thread for 100 ms.
    let seen = block_and_watch(&ticks, 5, Duration::from_millis(100));
    println!("blocking inside a task: the ticker ticked {seen} times in 100 ms");
    assert_eq!(seen, 0); // it cannot: it needs the thread we are blocking

    // Right: the same blocking code on tokio's blocking pool.
    let watcher = ticks.clone();
    let seen =
        tokio::task::spawn_blocking(move || block_and_watch(&watcher, 5, Duration::from_secs(30)))
            .await
            .unwrap();
    assert!(seen >= 5);
    println!("inside spawn_blocking: the ticker went on ticking (5 ticks or more)");
    ticker.abort();
}
// ANCHOR_END: main
