use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::ThreadPoolBuilder;

const THREADS: usize = 4;
const JOBS: usize = 16;

// ANCHOR: main
/// Counts the jobs running now, and the most ever seen. `Relaxed` is enough,
/// as for Listing 1-5's counter: read-modify-writes on one atomic never miss
/// each other, and nothing else is published through these.
#[derive(Default)]
struct Gauge {
    current: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    fn enter(&self) {
        let now = self.current.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed); // a high-water mark
    }
    fn leave(&self) {
        self.current.fetch_sub(1, Ordering::Relaxed);
    }
}

fn main() {
    let pool = ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build()
        .unwrap();
    let gauge = Gauge::default();
    let all_in = Barrier::new(THREADS); // opens only with THREADS jobs inside at once

    pool.scope(|scope| {
        for _ in 0..JOBS {
            scope.spawn(|_| {
                gauge.enter();
                all_in.wait();
                gauge.leave();
            });
        }
    }); // the scope returns when all JOBS jobs are done

    let peak = gauge.peak.load(Ordering::Relaxed);
    assert!(peak >= THREADS, "the barrier needs {THREADS} jobs at once");
    assert!(peak <= THREADS, "the pool has only {THREADS} threads");
    println!("{JOBS} jobs on {THREADS} threads: peak concurrency {peak}");
}
// ANCHOR_END: main
