use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use ch02_thread_pools::pool::ThreadPool;

// ANCHOR: main
fn main() {
    let finished = Arc::new(AtomicUsize::new(0));
    let (open_gate, gate) = mpsc::channel::<()>();

    {
        // with ThreadPoolExecutor(max_workers=1) as pool:
        let pool = ThreadPool::new(1);
        pool.submit(move || gate.recv().unwrap()); // holds the only worker
        for _ in 0..10 {
            let finished = Arc::clone(&finished);
            // The handle is dropped at once: fire and forget. `Relaxed` is enough
            // for the tally: the pool's drop joins the worker before it is read.
            pool.submit(move || finished.fetch_add(1, Ordering::Relaxed));
        }
        // The worker is stuck on the gate, so all ten jobs are still queued.
        println!(
            "before the block ends: {} finished",
            finished.load(Ordering::Relaxed)
        );
        open_gate.send(()).unwrap();
    } // `pool` is dropped here: it runs the queued jobs and joins the worker

    println!(
        "after the block:       {} finished",
        finished.load(Ordering::Relaxed)
    );
    assert_eq!(finished.load(Ordering::Relaxed), 10);
    // Each job's clone of the Arc was dropped with the job: only ours is left.
    assert_eq!(Arc::strong_count(&finished), 1);
}
// ANCHOR_END: main
