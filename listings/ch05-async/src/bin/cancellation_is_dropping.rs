//! Cancelling a future is dropping it, at the `.await` where it waits: its
//! locals are dropped, and only their `Drop` can clean up. `abort` takes
//! effect at the task's next `.await`; a dropped `JoinHandle` detaches; a
//! started `spawn_blocking` closure cannot be aborted.

use ch05_async::log::Log;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task;
use tokio::time::{sleep, timeout};

// ANCHOR: drop
/// Logs when it is dropped: the only cleanup a cancelled future gets.
struct Guard(&'static str, Log);

impl Drop for Guard {
    fn drop(&mut self) {
        self.1.push(&format!("{}: guard dropped", self.0));
    }
}

async fn upload(log: Log) {
    let _guard = Guard("upload", log.clone());
    log.push("upload: started");
    sleep(Duration::from_secs(3600)).await; // cancelled here, if at all
    log.push("upload: finished"); // never reached below
}

/// A timeout drops the future it gave up on, at the `.await` it waits at.
async fn cancelled_by_timeout(log: Log) {
    assert!(timeout(Duration::from_secs(1), upload(log)).await.is_err());
}

/// `abort` does not stop a running poll: the task runs on to its next
/// `.await`, and is dropped there.
async fn aborted_at_next_await(log: Log) -> task::JoinError {
    let (handle_tx, handle_rx) = oneshot::channel();
    let task = tokio::spawn(async move {
        let _guard = Guard("task", log.clone());
        let me: task::AbortHandle = handle_rx.await.unwrap();
        me.abort(); // aborts this very task...
        log.push("task: still running after abort()"); // ...but not yet
        task::yield_now().await; // the next `.await`: dropped here
        log.push("task: after the .await"); // never
    });
    handle_tx.send(task.abort_handle()).unwrap();
    task.await.unwrap_err()
}
// ANCHOR_END: drop

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let log = Log::default();
    cancelled_by_timeout(log.clone()).await;
    assert_eq!(log.take(), ["upload: started", "upload: guard dropped"]);
    assert!(aborted_at_next_await(log.clone()).await.is_cancelled());
    assert_eq!(
        log.take(),
        ["task: still running after abort()", "task: guard dropped"]
    );
    println!("timeout and abort: dropped at the .await, guards dropped, no line after it");

    // Dropping a `JoinHandle` cancels nothing: the task is detached.
    let (done_tx, done_rx) = oneshot::channel();
    drop(tokio::spawn(async move {
        sleep(Duration::from_secs(1)).await;
        done_tx.send("detached task: finished").unwrap();
    }));
    println!("{}", done_rx.await.unwrap());

    // A `spawn_blocking` closure that has started cannot be aborted.
    let (started_tx, started_rx) = oneshot::channel();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let blocking = task::spawn_blocking(move || {
        started_tx.send(()).unwrap();
        go_rx.recv().unwrap(); // blocks its thread: no `.await` to stop at
        "blocking closure: ran to the end"
    });
    started_rx.await.unwrap();
    blocking.abort(); // no effect
    go_tx.send(()).unwrap();
    println!("{}", blocking.await.unwrap()); // Ok, not a cancelled JoinError
}
// ANCHOR_END: main
