//! The scoped-task trilemma, one corner at a time: the same sum computed
//! with concurrency + borrowing, parallelism + borrowing, and concurrency +
//! parallelism. No sound API gives all three at once.

use std::cell::Cell;
use std::sync::Arc;
use std::thread;

// ANCHOR: corners
/// Concurrency + borrowing: `join!` polls both futures inside the current
/// task. They may borrow `data`, and even share a `Cell` with no lock, but
/// they never run at the same time.
async fn concurrent_borrowing(data: &[u64]) -> u64 {
    let (left, right) = data.split_at(data.len() / 2);
    let total = Cell::new(0); // not `Sync`: no two threads may touch it
    tokio::join!(add_later(left, &total), add_later(right, &total));
    total.get()
}

async fn add_later(half: &[u64], total: &Cell<u64>) {
    tokio::task::yield_now().await; // suspends: the other future gets polled
    // Both borrows lived across the .await; the write needs no lock.
    total.set(total.get() + half.iter().sum::<u64>());
}

/// Parallelism + borrowing: scoped threads may borrow `data`, but the
/// function cannot go on or return until they have finished: it is blocked
/// in `scope`, and its own work there must stay inside the closure.
fn parallel_borrowing(data: &[u64]) -> u64 {
    let (left, right) = data.split_at(data.len() / 2);
    thread::scope(|s| {
        let left = s.spawn(|| left.iter().sum::<u64>());
        let right: u64 = right.iter().sum();
        left.join().unwrap() + right
    })
}

/// Concurrency + parallelism: a spawned task runs on any worker while the
/// parent goes on, but it may not borrow: it must own what it uses.
async fn concurrent_parallel(data: Arc<[u64]>) -> u64 {
    let half = data.len() / 2;
    let owned = Arc::clone(&data);
    let left = tokio::spawn(async move { owned[..half].iter().sum::<u64>() });
    let right: u64 = data[half..].iter().sum();
    left.await.unwrap() + right
}
// ANCHOR_END: corners

// ANCHOR: main
fn main() {
    let data: Vec<u64> = (1..=1000).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();

    let a = runtime.block_on(concurrent_borrowing(&data));
    let b = parallel_borrowing(&data);
    let c = runtime.block_on(concurrent_parallel(Arc::from(data)));
    println!("join! (concurrent, borrowing):        {a}");
    println!("thread::scope (parallel, borrowing):  {b}");
    println!("tokio::spawn (concurrent, parallel):  {c}");
    assert!(a == 500_500 && b == a && c == a);
}
// ANCHOR_END: main
