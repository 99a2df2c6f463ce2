//! `block_in_place` on a multi-thread runtime with a single worker: the
//! worker hands its other tasks to a new thread before it blocks, so a task
//! that the blocking code waits for still runs. On a current-thread runtime
//! there is nobody to hand them to, and it panics.

use ch05_async::panic_text;
use std::panic;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tokio::runtime::Builder;
use tokio::task::{block_in_place, yield_now};

// ANCHOR: handoff
/// Spawns a helper that sends 0, 1, 2 on a std channel, then blocks this
/// worker until all three have come, or `limit` has passed.
async fn wait_for_helper(hand_off: bool, limit: Duration) -> Vec<i32> {
    let (tx, rx) = mpsc::channel();
    let helper = tokio::spawn(async move {
        for i in 0..3 {
            yield_now().await;
            let _ = tx.send(i);
        }
    });
    let wait = move || {
        let deadline = Instant::now() + limit;
        let left = || deadline.saturating_duration_since(Instant::now());
        (0..3).map_while(|_| rx.recv_timeout(left()).ok()).collect()
    };
    let seen = if hand_off {
        block_in_place(wait)
    } else {
        wait()
    };
    helper.await.unwrap();
    seen
}

fn handoff() {
    // One worker: blocking it the plain way stops every other task.
    let runtime = Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let (plain, handed_off) = runtime.block_on(async {
        let plain = tokio::spawn(wait_for_helper(false, Duration::from_millis(200)));
        let plain = plain.await.unwrap(); // one at a time, on the one worker
        let handed_off = tokio::spawn(wait_for_helper(true, Duration::from_secs(10)));
        (plain, handed_off.await.unwrap())
    });
    println!("1 worker, blocked plainly: the helper sent {plain:?} in 200 ms");
    println!("1 worker, inside block_in_place: the helper sent {handed_off:?}");
    assert_eq!((plain, handed_off), (vec![], vec![0, 1, 2]));
}
// ANCHOR_END: handoff

// ANCHOR: current_thread
/// A current-thread runtime has no other worker to hand tasks to.
fn current_thread_refuses() {
    let current = Builder::new_current_thread().build().unwrap();
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {})); // keep the expected panic off stderr
    let caught = current.block_on(async { panic::catch_unwind(|| block_in_place(|| 1)) });
    panic::set_hook(quiet);
    let message = panic_text(&*caught.unwrap_err());
    println!("current-thread: block_in_place panicked: {message}");
    assert!(message.starts_with("can call blocking only when running on the multi-threaded"));
}
// ANCHOR_END: current_thread

fn main() {
    handoff();
    current_thread_refuses();
}
