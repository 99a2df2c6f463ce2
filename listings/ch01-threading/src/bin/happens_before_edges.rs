use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use loom::sync::atomic::AtomicU32;
use loom::sync::{Arc, Mutex, mpsc};
use loom::thread;

// ANCHOR: main
/// Each model stores with `Relaxed`, then reads the value across one synchronising
/// operation, also with `Relaxed`. `edge` runs the model under loom.
fn main() {
    edge("spawn, then join", || {
        let data = Arc::new(AtomicU32::new(0));
        data.store(1, Relaxed);
        let d = Arc::clone(&data);
        let child = thread::spawn(move || {
            assert_eq!(d.load(Relaxed), 1); // what the parent did before spawn
            d.store(42, Relaxed);
        });
        child.join().unwrap();
        assert_eq!(data.load(Relaxed), 42); // what the child did before it ended
    });
    edge("unlock, then lock", || {
        let data = Arc::new(AtomicU32::new(0));
        let done = Arc::new(Mutex::new(false));
        let (d, flag) = (Arc::clone(&data), Arc::clone(&done));
        let writer = thread::spawn(move || {
            d.store(42, Relaxed);
            *flag.lock().unwrap() = true; // the guard unlocks at the `;`
        });
        while !*done.lock().unwrap() {
            thread::yield_now();
        }
        assert_eq!(data.load(Relaxed), 42);
        writer.join().unwrap();
    });
    edge("send, then recv", || {
        let data = Arc::new(AtomicU32::new(0));
        let (tx, rx) = mpsc::channel();
        let d = Arc::clone(&data);
        let writer = thread::spawn(move || {
            d.store(42, Relaxed);
            tx.send(()).unwrap();
        });
        rx.recv().unwrap();
        assert_eq!(data.load(Relaxed), 42);
        writer.join().unwrap();
    });
}
// ANCHOR_END: main

/// Runs one model under loom (a failed assertion would panic here) and
/// says how many executions it explored.
fn edge(name: &str, model: fn()) {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    RUNS.store(0, Relaxed); // loom runs every execution on this thread
    loom::model(move || {
        RUNS.fetch_add(1, Relaxed);
        model();
    });
    let runs = RUNS.load(Relaxed);
    assert!(runs >= 1);
    let plural = if runs == 1 { "" } else { "s" };
    println!("{name:>17}: {runs:>2} execution{plural}, every read saw the store");
}
