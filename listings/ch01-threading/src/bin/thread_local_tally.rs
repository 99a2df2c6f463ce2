use std::cell::Cell;
use std::thread;

// ANCHOR: main
thread_local! {
    /// One counter per thread, created at 0 the first time a thread uses it.
    static HANDLED: Cell<u32> = const { Cell::new(0) };
}

/// Counts a request on the calling thread's own counter: no lock, no atomic.
fn handle_request() {
    HANDLED.set(HANDLED.get() + 1);
}

fn main() {
    handle_request(); // main's counter: 1
    let per_thread: Vec<u32> = thread::scope(|s| {
        let workers: Vec<_> = [2, 3, 4]
            .map(|requests| {
                s.spawn(move || {
                    for _ in 0..requests {
                        handle_request();
                    }
                    HANDLED.get() // this thread's count, and only its own
                })
            })
            .into_iter()
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    println!(
        "the workers counted {per_thread:?}; main counted {}",
        HANDLED.get()
    );
    assert_eq!(per_thread, [2, 3, 4]);
    assert_eq!(HANDLED.get(), 1, "no worker touched main's counter");
}
// ANCHOR_END: main
