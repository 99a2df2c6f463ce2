//! Concurrency with the opportunity for parallelism: four OS threads, alive at
//! the same moment, each counting primes in its own range.

use std::collections::HashSet;
use std::sync::Barrier;
use std::thread;
use std::time::Instant;

use ch00_introduction::count_primes;

// ANCHOR: main
fn main() {
    const WORKERS: usize = 4;
    const SPAN: u64 = 50_000;
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");

    let all_here = Barrier::new(WORKERS);
    let started = Instant::now();
    let results: Vec<_> = thread::scope(|s| {
        let workers: Vec<_> = (0..WORKERS as u64)
            .map(|w| {
                let all_here = &all_here;
                s.spawn(move || {
                    // Nobody passes until all four threads exist at once.
                    all_here.wait();
                    let primes = count_primes(w * SPAN..(w + 1) * SPAN);
                    (w, primes, thread::current().id())
                })
            })
            .collect();
        workers.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed();

    for (w, primes, _) in &results {
        println!(
            "worker {w}: {primes} primes in {:?}",
            w * SPAN..(w + 1) * SPAN
        );
    }
    let threads: HashSet<_> = results.iter().map(|&(_, _, id)| id).collect();
    assert_eq!(threads.len(), WORKERS, "each job ran on its own thread");
    assert!(
        !threads.contains(&thread::current().id()),
        "none ran on main"
    );
    println!("{} distinct threads ran the {WORKERS} jobs", threads.len());
    println!("wall time {elapsed:?} (measured, not asserted)");
}
// ANCHOR_END: main
