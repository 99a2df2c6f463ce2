use std::sync::atomic::{
    AtomicBool, AtomicU32,
    Ordering::{Acquire, Relaxed, Release},
};
use std::thread;

// ANCHOR: main
fn main() {
    // The token: an unpark that comes first makes the next park return at once.
    thread::current().unpark();
    thread::park();
    println!("unpark, then park: park returned at once");

    let (answer, ready) = (AtomicU32::new(0), AtomicBool::new(false));
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            // park may also return for no reason: always re-check the flag.
            while !ready.load(Acquire) {
                thread::park();
            }
            answer.load(Relaxed) // published by the Release store of `ready`
        });
        answer.store(42, Relaxed);
        ready.store(true, Release);
        waiter.thread().unpark(); // before or after the park: either works
        let got = waiter.join().unwrap();
        println!("the waiter woke and read {got}");
        assert_eq!(got, 42);
    });
}
// ANCHOR_END: main
