use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};

use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, AtomicU32};
use loom::thread;

// ANCHOR: main
use Ordering::{Acquire, Relaxed, Release};

/// The writer fills `data`, then raises `ready`; the reader waits for the
/// flag, then reads the data. `loom::model` runs this closure once for every
/// execution the memory model allows, and `runs` counts them.
fn publish(raise: Ordering, check: Ordering, runs: &'static AtomicUsize) {
    loom::model(move || {
        runs.fetch_add(1, Relaxed); // a plain tally, read after the model ends
        let data = Arc::new(AtomicU32::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let (d, r) = (Arc::clone(&data), Arc::clone(&ready));
        let writer = thread::spawn(move || {
            d.store(42, Relaxed); // ordered by the flag's store, or not at all
            r.store(true, raise);
        });
        while !ready.load(check) {
            thread::yield_now(); // a spin loop, as loom wants it written
        }
        let seen = data.load(Relaxed);
        assert_eq!(seen, 42, "the reader saw the flag but not the data");
        writer.join().unwrap();
    });
}

fn main() {
    static RIGHT: AtomicUsize = AtomicUsize::new(0);
    publish(Release, Acquire, &RIGHT);
    let runs = RIGHT.load(Relaxed);
    println!("Release/Acquire: {runs} executions, data = 42 in every one");

    static WRONG: AtomicUsize = AtomicUsize::new(0);
    let failure = quietly(|| publish(Relaxed, Relaxed, &WRONG));
    let message = failure.expect("loom must find the bad execution");
    assert!(message.contains("saw the flag but not the data"));
    let runs = WRONG.load(Relaxed);
    println!("Relaxed: execution {runs} failed:\n{message}");
}
// ANCHOR_END: main

/// Runs `f`, which may panic, without the panic's report on stderr, and
/// returns the panic's message if it did.
fn quietly(f: impl FnOnce() + panic::UnwindSafe) -> Option<String> {
    let report = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(f);
    panic::set_hook(report);
    let payload = outcome.err()?;
    let text = match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload.downcast_ref::<&str>().unwrap_or(&"?").to_string(),
    };
    Some(text)
}
