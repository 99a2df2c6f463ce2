//! The Python program next to it, in Rust: the same loop twice, one call
//! after the other, then on two threads. Timings are printed, not asserted.

use std::hint::black_box;
use std::thread;
use std::time::Instant;

// ANCHOR: main
fn spin(n: u64) -> u64 {
    let mut total = 0u64;
    for i in 0..n {
        total = total.wrapping_add(black_box(i * i)); // not folded away
    }
    total
}

const N: u64 = 2_000_000;

fn main() {
    let start = Instant::now();
    let one_after_the_other = [spin(N), spin(N)];
    println!("one after the other: {:.2?}", start.elapsed());

    let start = Instant::now();
    let workers: Vec<_> = (0..2).map(|_| thread::spawn(|| spin(N))).collect();
    let on_two_threads: Vec<u64> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    println!("two threads:         {:.2?}", start.elapsed());

    assert_eq!(
        on_two_threads, one_after_the_other,
        "the same work, the same answers"
    );
}
// ANCHOR_END: main
