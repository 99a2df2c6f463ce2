//! A nursery built on `JoinSet`: the first error cancels the siblings and
//! reaches the parent, and no child outlives `wait`. Then, for contrast, a
//! detached `tokio::spawn` that outlives the function that started it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ch06_beyond_tokio::live::{LiveCount, LiveGuard};
use ch06_beyond_tokio::nursery::Nursery;
use tokio::time::{Instant, sleep};

type Log = Arc<Mutex<Vec<String>>>;

/// Logs "cancelled" if it is dropped while still armed: that happens when
/// the task holding it is aborted in the middle of its work.
struct CancelNote {
    name: &'static str,
    log: Log,
    start: Instant,
    armed: bool,
}

impl Drop for CancelNote {
    fn drop(&mut self) {
        if self.armed {
            let line = format!("{}: cancelled at {:?}", self.name, self.start.elapsed());
            self.log.lock().unwrap().push(line);
        }
    }
}

// ANCHOR: child
/// A child that works for `ms` milliseconds, then returns `outcome`.
async fn child(
    name: &'static str,
    ms: u64,
    outcome: Result<(), String>,
    log: Log,
    _alive: LiveGuard, // counts this task as live until it is dropped
) -> Result<(), String> {
    let start = Instant::now();
    let mut note = CancelNote {
        name,
        log: Arc::clone(&log),
        start,
        armed: true,
    };
    sleep(Duration::from_millis(ms)).await; // an aborted task stops here
    note.armed = false;
    let verb = if outcome.is_ok() { "done" } else { "failed" };
    log.lock()
        .unwrap()
        .push(format!("{name}: {verb} at {:?}", start.elapsed()));
    outcome
}
// ANCHOR_END: child

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (log, live) = (Log::default(), LiveCount::default());
    let start = Instant::now(); // paused clock: time jumps to the next timer

    let mut nursery = Nursery::new();
    nursery.spawn(child("fetch a", 10, Ok(()), log.clone(), live.guard()));
    nursery.spawn(child(
        "fetch b",
        30,
        Err("b: connection reset".into()),
        log.clone(),
        live.guard(),
    ));
    nursery.spawn(child(
        "slow c",
        3_600_000,
        Ok(()),
        log.clone(),
        live.guard(),
    ));
    println!("live children after spawning: {}", live.get());

    let result = nursery.wait().await;
    let elapsed = start.elapsed();
    for line in log.lock().unwrap().iter() {
        println!("  {line}");
    }
    println!("nursery.wait() returned {result:?} at {elapsed:?}");
    println!("live children when the scope ended: {}", live.get());
    assert_eq!(result, Err("b: connection reset".to_string()));
    assert_eq!(live.get(), 0);
    assert_eq!(elapsed, Duration::from_millis(30)); // not an hour: c was cancelled

    go_statement_contrast(&live);
}
// ANCHOR_END: main

// ANCHOR: go_statement
/// `asyncio.create_task` without keeping the task, or Go's `go`: the task
/// runs on after the function that started it has returned.
fn start_in_background(live: &LiveCount) {
    let alive = live.guard();
    tokio::spawn(async move {
        let _alive = alive;
        sleep(Duration::from_secs(3600)).await;
    }); // the JoinHandle is dropped here: that detaches the task, it does not stop it
}

fn go_statement_contrast(live: &LiveCount) {
    start_in_background(live);
    println!("start_in_background returned; live tasks: {}", live.get());
    assert_eq!(live.get(), 1); // it lives until the runtime shuts down
}
// ANCHOR_END: go_statement
