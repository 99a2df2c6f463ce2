//! The scoped-task trilemma, one corner at a time: the same sum computed
//! with concurrency + borrowing, parallelism + borrowing, and concurrency +
//! parallelism. No sound API gives all three at once.

use std::sync::Arc;
use std::thread::{self, ThreadId};

// ANCHOR: corners
/// Concurrency + borrowing: `join!` polls both futures inside the current
/// task. They may borrow `data`, but they never run in parallel.
async fn concurrent_borrowing(data: &[u64]) -> u64 {
    let (left, right) = data.split_at(data.len() / 2);
    let caller = thread::current().id();
    let (a, b) = tokio::join!(sum_later(left, caller), sum_later(right, caller));
    a + b
}

async fn sum_later(half: &[u64], caller: ThreadId) -> u64 {
    tokio::task::yield_now().await; // suspends: the other future gets polled
    assert_eq!(thread::current().id(), caller); // still on the caller's thread
    half.iter().sum() // the borrow of the parent's data lives across .await
}

/// Parallelism + borrowing: scoped threads may borrow `data`, but the parent
/// does nothing else until they have finished (it is blocked in `scope`).
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
