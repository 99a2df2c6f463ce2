//! Unbounded vs bounded `mpsc`: an unbounded channel lets a fast producer
//! pile up messages without limit; a bounded one pushes back.

use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;

// ANCHOR: try_send
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Unbounded: send never waits, so nothing slows the producer down.
    let (tx, rx) = mpsc::unbounded_channel::<Vec<u8>>();
    for _ in 0..10_000 {
        tx.send(vec![0; 1024]).unwrap(); // 1 KiB each, nobody reading
    }
    println!(
        "unbounded: {} messages of 1 KiB queued; the sender never waited",
        rx.len()
    );
    assert_eq!(rx.len(), 10_000);
    drop(rx);

    // Bounded: at most 8 in the queue; try_send says when it is full.
    let (tx, mut rx) = mpsc::channel::<u32>(8);
    let mut accepted = 0;
    let full_at = loop {
        match tx.try_send(accepted) {
            Ok(()) => accepted += 1,
            Err(TrySendError::Full(rejected)) => break rejected,
            Err(TrySendError::Closed(_)) => unreachable!(),
        }
    };
    println!("bounded(8): try_send accepted {accepted}, then Full (message {full_at} handed back)");
    assert_eq!((accepted, full_at), (8, 8));

    // ANCHOR_END: try_send
    // ANCHOR: send_await
    // send().await waits for room instead: the producer runs at the consumer's pace.
    let producer = tokio::spawn(async move {
        for n in 8..100 {
            tx.send(n).await.unwrap(); // suspends while the queue is full
        }
    });
    let mut received = Vec::new();
    while let Some(n) = rx.recv().await {
        assert!(rx.len() <= 8);
        received.push(n);
    }
    producer.await.unwrap();
    println!(
        "bounded(8): received {} messages in order, never more than 8 queued",
        received.len()
    );
    assert_eq!(received, (0..100).collect::<Vec<_>>());
}
// ANCHOR_END: send_await
