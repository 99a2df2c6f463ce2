//! A measurement, not a test: the same CPU work done on one thread, then
//! split over four. Only the answers are checked; the timings are printed.

use std::thread;
use std::time::Instant;

use ch00_introduction::count_primes;

// ANCHOR: main
fn main() {
    const LIMIT: u64 = 400_000;
    const THREADS: u64 = 4;
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");

    let started = Instant::now();
    let sequential = count_primes(0..LIMIT);
    println!("1 thread:  {sequential} primes in {:?}", started.elapsed());

    let started = Instant::now();
    let span = LIMIT / THREADS;
    let threaded: usize = thread::scope(|s| {
        let parts: Vec<_> = (0..THREADS)
            .map(|t| s.spawn(move || count_primes(t * span..(t + 1) * span)))
            .collect();
        parts.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!(
        "{THREADS} threads: {threaded} primes in {:?}",
        started.elapsed()
    );

    assert_eq!(
        sequential, threaded,
        "splitting the work must not change the answer"
    );
}
// ANCHOR_END: main
