use std::future;
use std::time::Duration;

use tokio::time::{self, Instant};

// ANCHOR: main
/// A stand-in for a server that never answers.
async fn silent_server() -> &'static str {
    future::pending().await
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let wall_clock = std::time::Instant::now();
    let tokio_clock = Instant::now(); // tokio's clock: stands still, then jumps
    let answer = time::timeout(Duration::from_secs(3600), silent_server()).await;

    assert!(answer.is_err(), "the server never answers");
    assert_eq!(tokio_clock.elapsed(), Duration::from_secs(3600));
    assert!(
        wall_clock.elapsed() < Duration::from_secs(5),
        "no real hour passed"
    );
    println!("the one-hour timeout fired; tokio's clock moved exactly one hour");
    println!("real time taken: {:.2?}", wall_clock.elapsed());
}
// ANCHOR_END: main
