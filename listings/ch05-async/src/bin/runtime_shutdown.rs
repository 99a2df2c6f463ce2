//! What dropping a runtime does: its tasks are dropped at their `.await`s,
//! and the drop waits for every blocking closure to return.
//! `shutdown_background` returns at once and leaves them running.

use ch05_async::log::Log;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use tokio::runtime::{Builder, Runtime};

/// Logs when it is dropped, then says so on a channel.
struct Guard(Log, Sender<()>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.push("task: dropped");
        self.1.send(()).unwrap();
    }
}

/// A runtime with a task parked forever at an `.await`, holding a guard, and
/// a blocking closure that has started and waits for `release`. Also returns
/// the channels on which the guard says it was dropped and the closure says
/// it has returned.
fn busy_runtime(log: &Log) -> (Runtime, Sender<()>, Receiver<()>, Receiver<()>) {
    let runtime = Builder::new_current_thread().build().unwrap();
    let (dropped_tx, dropped_rx) = mpsc::channel();
    let guard = Guard(log.clone(), dropped_tx);
    runtime.spawn(async move {
        let _guard = guard;
        std::future::pending::<()>().await
    });
    let (started_tx, started_rx) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let (returned_tx, returned_rx) = mpsc::channel();
    let blocking_log = log.clone();
    runtime.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        release_rx.recv().unwrap(); // blocks until the listing releases it
        blocking_log.push("blocking closure: returned");
        let _ = returned_tx.send(()); // nobody listens in the first half
    });
    started_rx.recv().unwrap();
    (runtime, release, dropped_rx, returned_rx)
}

// ANCHOR: main
fn main() {
    let log = Log::default();

    // Dropping the runtime drops the task, then waits for the closure.
    let (runtime, release, task_dropped, _) = busy_runtime(&log);
    let dropper_log = log.clone();
    let dropper = thread::spawn(move || {
        drop(runtime);
        dropper_log.push("drop(runtime): returned");
    });
    task_dropped.recv().unwrap(); // the drop has begun...
    release.send(()).unwrap(); // ...and cannot end before the closure does
    dropper.join().unwrap();
    let lines = log.take();
    println!("drop:                {lines:?}");
    assert_eq!(
        lines,
        [
            "task: dropped",
            "blocking closure: returned",
            "drop(runtime): returned"
        ]
    );

    // `shutdown_background` drops the task too, but does not wait.
    let (runtime, release, task_dropped, returned) = busy_runtime(&log);
    runtime.shutdown_background();
    log.push("shutdown_background: returned");
    task_dropped.recv().unwrap();
    release.send(()).unwrap(); // the closure is still waiting: only now can it return
    returned.recv().unwrap(); // the leaked closure has logged its line
    let lines = log.take();
    println!("shutdown_background: {lines:?}");
    assert_eq!(lines[2], "blocking closure: returned"); // after shutdown returned
    assert!(lines[..2].contains(&"shutdown_background: returned".to_string()));
}
// ANCHOR_END: main
