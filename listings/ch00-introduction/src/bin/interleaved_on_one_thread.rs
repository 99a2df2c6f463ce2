//! Concurrency without parallelism: three tokio tasks take turns on one thread.
//!
//! The runtime starts with tokio's clock paused. When every task is waiting,
//! the clock jumps straight to the next timer, so the interleaving below and
//! the virtual durations are the same on every run and every machine.

use std::thread;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::{Duration, Instant, sleep};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (log, mut steps) = mpsc::unbounded_channel();

    // Three tasks; each waits three times (think: three slow network reads).
    let mut tasks = JoinSet::new();
    for (task, wait_ms) in [("a", 20), ("b", 35), ("c", 50)] {
        let log = log.clone();
        tasks.spawn(async move {
            for step in 1..=3 {
                sleep(Duration::from_millis(wait_ms)).await; // hand the thread over
                let entry = (start.elapsed(), task, step, thread::current().id());
                log.send(entry).unwrap();
            }
        });
    }
    drop(log);
    tasks.join_all().await;
    let total = start.elapsed();

    let main_thread = thread::current().id();
    let mut order = Vec::new();
    while let Some((at, task, step, thread)) = steps.recv().await {
        assert_eq!(thread, main_thread, "no step ran on any other thread");
        println!("{at:>6?}  task {task} step {step}  on the main thread");
        order.push(format!("{task}{step}"));
    }
    // The steps of different tasks alternate: their lifetimes overlap.
    assert_eq!(
        order,
        ["a1", "b1", "a2", "c1", "a3", "b2", "c2", "b3", "c3"]
    );
    // The waits overlapped too: the run lasts as long as the slowest task.
    let sum_of_waits = Duration::from_millis(3 * (20 + 35 + 50));
    assert_eq!(total, Duration::from_millis(3 * 50));
    println!("total (virtual) {total:?}; the waits add up to {sum_of_waits:?}");
}
// ANCHOR_END: main
