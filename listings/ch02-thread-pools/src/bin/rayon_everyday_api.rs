//! Rayon's everyday tools on one sum: `par_chunks`, `fold`
//! with `reduce`, `with_min_len`, and `par_bridge` for a sequential source.
//! Only what holds on any machine is asserted: how many pieces rayon makes
//! depends on the number of threads, so only its bound is printed.

use std::sync::mpsc;
use std::thread;

use rayon::prelude::*;

// ANCHOR: main
fn main() {
    let numbers: Vec<u64> = (1..=10_000).collect();
    let expected: u64 = numbers.iter().sum();

    // One parallel item per slice of 1,000 numbers.
    let chunk_sums: Vec<u64> = (numbers.par_chunks(1_000))
        .map(|chunk| chunk.iter().sum())
        .collect();
    assert_eq!((chunk_sums.len(), chunk_sums.iter().sum()), (10, expected));

    // `fold` keeps one accumulator per piece rayon splits off; no lock.
    let pieces: Vec<(usize, u64)> = (numbers.par_iter().with_min_len(2_500))
        .fold(|| (0, 0), |(count, sum), &n| (count + 1, sum + n))
        .collect();
    assert!(
        (1..=4).contains(&pieces.len()),
        "10,000 / 2,500 = 4 at most"
    );
    assert!(pieces.iter().all(|&(count, _)| count >= 2_500));
    assert_eq!(pieces.iter().map(|&(_, sum)| sum).sum::<u64>(), expected);
    println!("fold: at most 4 pieces of at least 2,500 numbers, same sum");

    // `reduce` then combines the accumulators, two at a time.
    let total = (numbers.par_iter())
        .fold(|| 0, |sum, &n| sum + n)
        .reduce(|| 0, |left, right| left + right);
    assert_eq!(total, expected);

    // `par_bridge`: items from a sequential source, here a channel.
    let (sender, receiver) = mpsc::channel();
    let producer = thread::spawn(move || (1..=100u64).for_each(|n| sender.send(n).unwrap()));
    let mut squares: Vec<u64> = receiver.into_iter().par_bridge().map(|n| n * n).collect();
    producer.join().unwrap();
    squares.sort_unstable(); // par_bridge keeps no order
    assert_eq!(squares, (1..=100u64).map(|n| n * n).collect::<Vec<_>>());
    println!("par_chunks, fold + reduce and par_bridge: {expected} and 100 squares");
}
// ANCHOR_END: main
