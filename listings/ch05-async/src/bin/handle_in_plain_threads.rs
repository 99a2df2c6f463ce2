//! A `Handle` carries the runtime into plain threads: they can spawn tasks
//! onto it, and block on futures from outside it. On one of the runtime's
//! own threads, `Handle::block_on` panics instead.

use ch05_async::panic_text;
use std::thread;
use std::time::Duration;
use tokio::runtime::Handle;

/// The name of the thread that calls it.
fn thread_name() -> String {
    thread::current().name().unwrap_or("unnamed").to_string()
}

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let handle = Handle::current(); // cheap to clone, Send: a ticket back in
    let feeders: Vec<_> = (1..=3u64)
        .map(|id| {
            let handle = handle.clone();
            let name = format!("feeder-{id}");
            thread::Builder::new().name(name).spawn(move || {
                // spawn: the task runs on a worker; this thread carries on.
                let task = handle.spawn(async move { (id * 10, thread_name()) });
                // block_on: this thread polls the future itself, and waits.
                let (value, task_ran_on) = handle.block_on(task).unwrap();
                let block_on_ran_on = handle.block_on(async {
                    tokio::time::sleep(Duration::from_millis(1)).await; // the runtime's timer
                    thread_name()
                });
                (value, task_ran_on, block_on_ran_on)
            })
        })
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, feeder) in (1..=3u64).zip(feeders) {
        let (value, task_ran_on, block_on_ran_on) = feeder.join().unwrap();
        println!(
            "feeder-{id}: task gave {value} on {task_ran_on}, block_on ran on {block_on_ran_on}"
        );
        assert_eq!((value, task_ran_on.as_str()), (id * 10, "tokio-rt-worker"));
        assert_eq!(block_on_ran_on, format!("feeder-{id}"));
    }

    // The same call on a worker thread: the task panics, its JoinHandle says so.
    let inside = handle.clone();
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // keep the expected panic off stderr
    let failed = tokio::spawn(async move { inside.block_on(async { 1 }) }).await;
    std::panic::set_hook(quiet);
    let message = panic_text(&*failed.unwrap_err().into_panic());
    println!(
        "block_on on a worker: {}",
        message.split(". ").next().unwrap()
    );
    assert!(message.starts_with("Cannot start a runtime from within a runtime."));
}
// ANCHOR_END: main
