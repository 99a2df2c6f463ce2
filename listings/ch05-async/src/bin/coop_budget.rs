//! tokio's cooperative budget: a task that only ever finds its channel
//! ready still gives way, because tokio's own futures answer `Pending` once
//! its budget is spent. A loop with no tokio operation in it never does,
//! unless it calls `yield_now`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc;

/// Spawns a task that raises a flag; on one thread it can run only when
/// the caller's task yields.
fn spawn_flag_raiser() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let raised = flag.clone();
    tokio::spawn(async move { raised.store(true, Ordering::SeqCst) });
    flag
}

// ANCHOR: main
const MESSAGES: usize = 10_000;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A channel that is always ready: every message is already in it.
    let (tx, mut rx) = mpsc::unbounded_channel();
    (0..MESSAGES).for_each(|i| tx.send(i).unwrap());
    drop(tx);

    let other_ran = spawn_flag_raiser();
    let mut received_before = 0;
    while rx.recv().await.is_some() {
        if !other_ran.load(Ordering::SeqCst) {
            received_before += 1;
        }
    }
    println!("recv loop: the other task ran after {received_before} of {MESSAGES} messages");
    assert!(received_before < MESSAGES); // the budget made a ready recv yield

    // A loop of plain computation, or of futures that are not tokio's,
    // has no budget to spend: the other task waits for all of it.
    let other_ran = spawn_flag_raiser();
    let mut sum = 0u64;
    for i in 0..1_000_000u64 {
        std::future::ready(()).await; // always ready, never yields
        sum = sum.wrapping_add(i);
        assert!(!other_ran.load(Ordering::SeqCst));
    }
    tokio::task::yield_now().await; // an explicit yield lets it run
    println!("CPU loop: the other task ran only at yield_now (sum {sum})");
    assert!(other_ran.load(Ordering::SeqCst));
}
// ANCHOR_END: main
