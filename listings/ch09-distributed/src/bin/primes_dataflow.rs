//! Chapter 3's job, counting primes, as a timely dataflow: four worker
//! threads in one process, each feeding a slice of the numbers, an
//! `exchange` that sends every number to the worker its key names, and a
//! check that each worker saw exactly its partition.

use ch09_distributed::count_primes_in;
use ch09_distributed::dataflow::primes_in_my_partition;

const BOUND: u64 = 200_000;
const WORKERS: usize = 4;

// ANCHOR: main
fn main() {
    let config = timely::Config::process(WORKERS); // 4 threads, one process
    let guards = timely::execute(config, |worker| primes_in_my_partition(worker, BOUND));
    let mut shares: Vec<_> = (guards.unwrap().join().into_iter())
        .map(|share| share.expect("a worker panicked"))
        .collect();
    shares.sort(); // the threads finish in any order
    for share in &shares {
        let (w, keys, primes) = (share.worker, share.keys, share.primes);
        println!("worker {w}: {keys} keys, each k % {WORKERS} == {w}; primes among them: {primes}");
    }
    let total: u64 = shares.iter().map(|share| share.primes).sum();
    assert_eq!(total, count_primes_in(0..BOUND), "the sequential answer");
    println!("primes below {BOUND}: {total}, as the sequential count says");
}
// ANCHOR_END: main
