//! Question 9: two coroutines running concurrently, with `join!` (one task)
//! and with `tokio::spawn` (two tasks). The paused clock makes the log exact.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, sleep};

// ANCHOR: worker
type Log = Mutex<Vec<String>>;

async fn worker(name: &'static str, steps: u32, pause: Duration, start: Instant, log: &Log) {
    for step in 1..=steps {
        sleep(pause).await; // an .await point: the other coroutine may run
        let at = start.elapsed().as_millis();
        log.lock()
            .unwrap()
            .push(format!("{at:>3} ms  {name} step {step}"));
    }
}
// ANCHOR_END: worker

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (a_pause, b_pause) = (Duration::from_millis(100), Duration::from_millis(250));

    // Like asyncio.gather(a(), b()): both futures inside ONE task.
    let start = Instant::now();
    let log = Log::default();
    tokio::join!(
        worker("a", 3, a_pause, start, &log), // both borrow main's `log`
        worker("b", 2, b_pause, start, &log),
    );
    let joined = start.elapsed();
    println!(
        "join!: finished after {} ms of virtual time",
        joined.as_millis()
    );
    for line in log.lock().unwrap().iter() {
        println!("  {line}");
    }

    // Like asyncio.create_task twice: two TASKS the runtime schedules.
    let start = Instant::now();
    // A task may outlive `main`'s frame: no borrowing, so share an Arc.
    let log2 = Arc::new(Log::default());
    let (log_a, log_b) = (Arc::clone(&log2), Arc::clone(&log2));
    let a = tokio::spawn(async move { worker("a", 3, a_pause, start, &log_a).await });
    let b = tokio::spawn(async move { worker("b", 2, b_pause, start, &log_b).await });
    a.await.unwrap();
    b.await.unwrap();
    println!(
        "spawn: finished after {} ms of virtual time",
        start.elapsed().as_millis()
    );
    // ANCHOR_END: main

    let expected = [
        "100 ms  a step 1",
        "200 ms  a step 2",
        "250 ms  b step 1",
        "300 ms  a step 3",
        "500 ms  b step 2",
    ];
    assert_eq!(*log.lock().unwrap(), expected);
    assert_eq!(*log2.lock().unwrap(), expected);
    // max(3 × 100, 2 × 250) = 500, not the sum 800.
    assert_eq!(joined, Duration::from_millis(500));
    assert_eq!(start.elapsed(), Duration::from_millis(500));
}
