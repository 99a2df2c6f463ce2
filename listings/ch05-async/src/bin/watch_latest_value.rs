//! `watch`: a channel that keeps one value, the latest. A sender overwrites
//! it; a receiver asks whether it has changed since it last looked. A slow
//! reader skips values, but never goes back in time and never misses the
//! last one.

use tokio::sync::watch;

// ANCHOR: one_slot
/// What a `watch` channel holds: one value, and for each receiver, whether
/// it has seen that value yet.
async fn one_slot() {
    let (tx, mut rx) = watch::channel(0_u64);
    assert!(!rx.has_changed().unwrap()); // the initial value counts as seen

    for version in 1..=3 {
        tx.send(version).unwrap(); // never waits: it overwrites the slot
    }
    assert_eq!(*rx.borrow(), 3); // 1 and 2 are gone for every receiver
    assert!(rx.has_changed().unwrap()); // `borrow` leaves 3 marked unseen,
    assert_eq!(*rx.borrow_and_update(), 3);
    assert!(!rx.has_changed().unwrap()); // `borrow_and_update` marks it seen

    // `changed` marks the version it woke for; a plain `borrow` afterwards
    // may read a newer one, which the next `changed` reports again.
    tx.send(4).unwrap();
    rx.changed().await.unwrap(); // 4 is now marked seen
    tx.send(5).unwrap(); // ...and the producer writes 5 before we look
    let first = *rx.borrow(); // 5, still marked unseen
    rx.changed().await.unwrap(); // returns at once, for the same 5
    let second = *rx.borrow();
    assert_eq!((first, second), (5, 5)); // one update handled twice

    tx.send(6).unwrap();
    drop(tx); // the last sender is gone...
    rx.changed().await.unwrap(); // ...but 6 is unseen, so this is still Ok
    assert_eq!(*rx.borrow_and_update(), 6);
    assert!(rx.changed().await.is_err()); // seen and closed: Err
    assert_eq!(*rx.borrow(), 6); // the last value stays readable
    println!("one slot: 1 and 2 overwritten unseen, 5 read twice with borrow()");
    println!("one slot: changed() = Ok for the unseen 6 after the drop, then Err");
}
// ANCHOR_END: one_slot

// ANCHOR: slow_reader
const FINAL: u64 = 1_000;

/// A producer publishes versions 1 to 1,000 as fast as it can; a reader
/// that is five times slower looks whenever it is ready.
async fn slow_reader() -> Vec<u64> {
    let (tx, mut rx) = watch::channel(0_u64);
    let producer = tokio::spawn(async move {
        for version in 1..=FINAL {
            tx.send(version).unwrap();
            tokio::task::yield_now().await;
        }
    }); // `tx` is dropped when the producer ends
    let mut seen = Vec::new();
    while rx.changed().await.is_ok() {
        // Copy the value out: the `Ref` is a read lock on the slot, and
        // holding it across an `.await` would block the producer.
        let version = *rx.borrow_and_update();
        seen.push(version);
        for _ in 0..5 {
            tokio::task::yield_now().await; // the reader's own slow work
        }
    }
    producer.await.unwrap();
    // What is certain, whatever the schedule:
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "went back: {seen:?}");
    assert!(seen.iter().all(|v| (1..=FINAL).contains(v)));
    assert_eq!(
        seen.last(),
        Some(&FINAL),
        "the final value is never skipped"
    );
    seen
}
// ANCHOR_END: slow_reader

#[tokio::main]
async fn main() {
    one_slot().await;
    let mut looks = Vec::new();
    for _ in 0..20 {
        looks.push(slow_reader().await.len());
    }
    println!("slow reader, 20 runs: every run saw a strictly increasing");
    println!("  subsequence of 1..={FINAL} that ends in {FINAL}");
    // How many values a run saw depends on the machine: stderr only.
    looks.sort();
    eprintln!("values seen per run: {looks:?}");
}
