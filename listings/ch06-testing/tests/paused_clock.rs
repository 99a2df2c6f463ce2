//! The paused clock in a test: `#[tokio::test(start_paused = true)]` starts
//! a current-thread runtime whose clock moves only when every task waits.

use std::time::Duration;

use tokio::time::{self, Instant};

/// Retries `attempt` with waits of 1, 2, 4, … seconds, at most `tries` times.
async fn with_backoff<T>(tries: u32, mut attempt: impl FnMut() -> Option<T>) -> Option<T> {
    let mut wait = Duration::from_secs(1);
    for _ in 0..tries {
        if let Some(value) = attempt() {
            return Some(value);
        }
        time::sleep(wait).await;
        wait *= 2;
    }
    None
}

#[tokio::test(start_paused = true)]
async fn backoff_waits_one_two_four_seconds() {
    let start = Instant::now();
    let mut calls = 0;
    let value = with_backoff(5, || {
        calls += 1;
        (calls == 4).then_some("ready")
    })
    .await;
    assert_eq!(value, Some("ready"));
    // Three failed tries waited 1 + 2 + 4 seconds of tokio time, instantly.
    assert_eq!(start.elapsed(), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn backoff_gives_up_after_its_tries() {
    let start = Instant::now();
    assert_eq!(with_backoff(3, || None::<()>).await, None);
    assert_eq!(start.elapsed(), Duration::from_secs(1 + 2 + 4));
}
