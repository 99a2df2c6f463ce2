//! A future does nothing until it is polled. `tokio::spawn` is the
//! exception that proves the rule: the runtime polls the task for you.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

async fn visit(counter: Arc<AtomicU32>) {
    // Relaxed, here and in `main`: a tally on a one-thread runtime; nothing
    // else is read because of it.
    counter.fetch_add(1, Ordering::Relaxed);
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let counter = Arc::new(AtomicU32::new(0));

    let pending = visit(counter.clone()); // creates the future: runs nothing
    println!(
        "future created:     counter = {}",
        counter.load(Ordering::Relaxed)
    );
    assert_eq!(counter.load(Ordering::Relaxed), 0);

    drop(pending); // dropped without a poll: its body never runs
    assert_eq!(counter.load(Ordering::Relaxed), 0);

    visit(counter.clone()).await; // awaiting polls it to completion
    println!(
        "future awaited:     counter = {}",
        counter.load(Ordering::Relaxed)
    );
    assert_eq!(counter.load(Ordering::Relaxed), 1);

    let task = tokio::spawn(visit(counter.clone())); // a task: the runtime polls it
    task.await.unwrap(); // (awaiting the handle only waits; the task runs anyway)
    println!(
        "task spawned, done: counter = {}",
        counter.load(Ordering::Relaxed)
    );
    assert_eq!(counter.load(Ordering::Relaxed), 2);
}
// ANCHOR_END: main
