use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

use rayon::{ThreadPool, ThreadPoolBuilder};

type Download = Box<dyn FnOnce() + Send>;

// ANCHOR: helpers
/// Starts two downloads with `spawn` and returns once both are blocked.
/// Each one waits until its "network reply" is sent on the returned senders.
fn start_two_downloads(mut spawn: impl FnMut(Download)) -> Vec<Sender<()>> {
    let (blocked_tx, blocked) = mpsc::channel();
    let mut replies = Vec::new();
    for _ in 0..2 {
        let (reply_tx, reply) = mpsc::channel::<()>();
        let blocked_tx = blocked_tx.clone();
        spawn(Box::new(move || {
            blocked_tx.send(()).unwrap();
            reply.recv().unwrap(); // blocking I/O: the thread sleeps here
        }));
        replies.push(reply_tx);
    }
    blocked.recv().unwrap();
    blocked.recv().unwrap();
    replies
}

/// Submits a small CPU-bound job to `pool`; its result arrives on the channel.
fn submit_cpu_job(pool: &ThreadPool, log: &Log) -> Receiver<u64> {
    let (result_tx, result) = mpsc::channel();
    let log = log.clone();
    pool.spawn(move || {
        log.push("cpu job: started");
        result_tx.send((1..=20u64).product()).unwrap();
    });
    result
}
// ANCHOR_END: helpers

// ANCHOR: scenarios
fn downloads_on_the_pool(log: &Log) {
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let replies = start_two_downloads(|download| pool.spawn(download));
    log.push("main: both pool threads are blocked in a download");
    let result = submit_cpu_job(&pool, log);
    log.push("main: the network replies");
    for reply in &replies {
        reply.send(()).unwrap();
    }
    result.recv().unwrap();
}

fn downloads_on_their_own_threads(log: &Log) {
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let mut threads = Vec::new();
    let replies = start_two_downloads(|download| threads.push(thread::spawn(download)));
    log.push("main: two std threads are blocked in a download");
    let result = submit_cpu_job(&pool, log);
    result.recv().unwrap(); // would wait forever if the CPU job were starved
    log.push("main: the network replies");
    for reply in &replies {
        reply.send(()).unwrap();
    }
    for thread in threads {
        thread.join().unwrap();
    }
}
// ANCHOR_END: scenarios

// ANCHOR: main
fn main() {
    let log = Log::default();
    downloads_on_the_pool(&log);
    println!("downloads on the rayon pool:\n{log}");
    // Starved: the CPU job could start only after a download let go of a thread.
    assert!(log.position("cpu job: started") > log.position("main: the network replies"));

    let log = Log::default();
    downloads_on_their_own_threads(&log);
    println!("downloads on their own threads:\n{log}");
    // Not starved: the CPU job ran while both downloads were still blocked.
    assert!(log.position("cpu job: started") < log.position("main: the network replies"));
}
// ANCHOR_END: main

/// An event log shared by every thread: the order of its entries is the proof.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, event: &str) {
        self.0.lock().unwrap().push(event.to_owned());
    }
    fn position(&self, event: &str) -> usize {
        let events = self.0.lock().unwrap();
        events
            .iter()
            .position(|e| e == event)
            .expect("event logged")
    }
}

impl std::fmt::Display for Log {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let events = self.0.lock().unwrap();
        let lines: Vec<String> = events.iter().map(|e| format!("  {e}")).collect();
        write!(f, "{}", lines.join("\n"))
    }
}
