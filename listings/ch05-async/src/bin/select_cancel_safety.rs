//! `select!` drops the branches that lose. A branch whose future had already
//! taken data out of a channel loses that data with it.

use tokio::sync::{mpsc, oneshot};

/// A record is two messages, a header and a body. NOT cancel-safe: if the
/// future is dropped between the two `recv`s, the header is lost.
async fn read_record(rx: &mut mpsc::UnboundedReceiver<String>) -> Option<(String, String)> {
    let header = rx.recv().await?;
    let body = rx.recv().await?;
    Some((header, body))
}

/// Sends the header, then a tick, and the body only once the tick is handled.
fn producer(
    data: mpsc::UnboundedSender<String>,
    ticks: mpsc::UnboundedSender<oneshot::Sender<()>>,
) {
    tokio::spawn(async move {
        data.send("header".into()).unwrap();
        let (handled, wait) = oneshot::channel();
        ticks.send(handled).unwrap();
        wait.await.unwrap();
        data.send("body".into()).unwrap();
    });
}

// ANCHOR: broken
async fn broken() -> Vec<(String, String)> {
    let (data_tx, mut data) = mpsc::unbounded_channel();
    let (tick_tx, mut ticks) = mpsc::unbounded_channel::<oneshot::Sender<()>>();
    producer(data_tx, tick_tx);
    let mut records = Vec::new();
    loop {
        tokio::select! {
            biased;
            // A NEW read_record future on every turn of the loop.
            record = read_record(&mut data) => match record {
                Some(record) => records.push(record),
                None => break,
            },
            Some(handled) = ticks.recv() => handled.send(()).unwrap(),
        }
    }
    records
}
// ANCHOR_END: broken

// ANCHOR: fixed
async fn fixed() -> Vec<(String, String)> {
    let (data_tx, mut data) = mpsc::unbounded_channel();
    let (tick_tx, mut ticks) = mpsc::unbounded_channel::<oneshot::Sender<()>>();
    producer(data_tx, tick_tx);
    let mut records = Vec::new();
    let mut header = None; // the half-read record lives OUTSIDE select!
    loop {
        tokio::select! {
            biased;
            // mpsc's recv is cancel-safe: if it loses, it has taken nothing.
            message = data.recv() => match (message, header.take()) {
                (Some(body), Some(header)) => records.push((header, body)),
                (Some(first), None) => header = Some(first),
                (None, _) => break,
            },
            Some(handled) = ticks.recv() => handled.send(()).unwrap(),
        }
    }
    records
}
// ANCHOR_END: fixed

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let lost = broken().await;
    println!("new future each turn:  {lost:?}");
    assert!(lost.is_empty()); // the header went down with the dropped future

    let kept = fixed().await;
    println!("state outside select!: {kept:?}");
    assert_eq!(kept, [("header".to_string(), "body".to_string())]);
}
