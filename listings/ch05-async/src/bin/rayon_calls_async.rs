//! Async code called from inside a rayon closure: each item calls
//! `Handle::block_on`, which parks that rayon worker until a service task
//! on the tokio runtime has answered. The result equals the sequential one.

use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};

/// A request to the price service, with the channel for its answer.
struct Request {
    item: u64,
    reply: oneshot::Sender<u64>,
}

/// Asks the service task for an item's price: only a runtime can run this.
async fn price(service: &mpsc::Sender<Request>, item: u64) -> u64 {
    let (reply, answer) = oneshot::channel();
    service.send(Request { item, reply }).await.unwrap();
    answer.await.unwrap()
}

/// The CPU-heavy part: a few thousand rounds of a multiply-add.
fn crunch(price: u64) -> u64 {
    (0..5_000u64).fold(price, |acc, i| {
        acc.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i)
    })
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let (service, mut requests) = mpsc::channel::<Request>(16);
    let server = tokio::spawn(async move {
        while let Some(Request { item, reply }) = requests.recv().await {
            let _ = reply.send(item * 3 + 1);
        }
    });

    let mut sequential = Vec::new();
    for item in 0..200 {
        sequential.push(crunch(price(&service, item).await));
    }

    let (handle, on_rayon) = (Handle::current(), AtomicUsize::new(0));
    let service_for_rayon = service.clone();
    let parallel = tokio::task::spawn_blocking(move || {
        let parallel: Vec<u64> = (0..200)
            .into_par_iter()
            .map(|item| {
                if rayon::current_thread_index().is_some() {
                    on_rayon.fetch_add(1, Ordering::Relaxed); // a tally
                }
                // Parks this rayon worker until the service has answered.
                let p = handle.block_on(price(&service_for_rayon, item));
                crunch(p)
            })
            .collect();
        (parallel, on_rayon.into_inner())
    });
    let (parallel, on_rayon) = parallel.await.unwrap();
    println!(
        "{} items: {on_rayon} priced from rayon workers; same as sequential: {}",
        parallel.len(),
        parallel == sequential
    );
    assert_eq!((on_rayon, &parallel), (200, &sequential));

    drop(service); // the last sender: the server's recv() gives None
    server.await.unwrap();
}
// ANCHOR_END: main
