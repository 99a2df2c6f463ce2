//! `blocking_send` and `blocking_recv` let plain threads use tokio's bounded
//! `mpsc` channels: a sync producer feeds an async stage, which feeds a sync
//! consumer. The bound holds across the boundary: a full channel makes the
//! producer's thread wait.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use tokio::sync::{mpsc, oneshot};

const CAPACITY: usize = 4;
const ITEMS: u64 = 20;

// ANCHOR: main
#[tokio::main]
async fn main() {
    let (jobs_tx, mut jobs_rx) = mpsc::channel::<u64>(CAPACITY);
    let (done_tx, mut done_rx) = mpsc::channel::<u64>(CAPACITY);
    let (full_tx, full_rx) = oneshot::channel();
    let sent = Arc::new(AtomicUsize::new(0));

    let producer = thread::spawn({
        let (sent, mut full_tx) = (sent.clone(), Some(full_tx));
        move || {
            for n in 1..=ITEMS {
                jobs_tx.blocking_send(n).unwrap(); // waits while all 4 slots are taken
                sent.fetch_add(1, Ordering::SeqCst);
                if n == CAPACITY as u64 {
                    full_tx.take().unwrap().send(()).unwrap(); // every slot is taken now
                }
            }
        } // jobs_tx dropped: the async stage's recv() will give None
    });
    let consumer = thread::spawn(move || {
        let mut sum = 0;
        while let Some(x) = done_rx.blocking_recv() {
            sum += x;
        }
        sum
    });

    full_rx.await.unwrap(); // start taking only once the channel is full
    let (mut received, mut most_ahead) = (0, 0);
    loop {
        let ahead = sent.load(Ordering::SeqCst).saturating_sub(received); // sent, not yet taken
        assert!(ahead <= CAPACITY, "the bound leaked: {ahead} ahead");
        most_ahead = most_ahead.max(ahead);
        let Some(n) = jobs_rx.recv().await else { break };
        received += 1;
        done_tx.send(n * 2).await.unwrap(); // async send: waits without blocking
    }
    drop(done_tx); // the consumer's blocking_recv() will give None
    producer.join().unwrap();
    let sum = consumer.join().unwrap();
    println!("{received} jobs crossed; the producer was at most {most_ahead} ahead");
    println!("the sync consumer summed the doubled jobs: {sum}");
    assert_eq!((received, most_ahead, sum), (20, CAPACITY, 420));
}
// ANCHOR_END: main
