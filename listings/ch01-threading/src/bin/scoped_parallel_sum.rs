use std::thread;

// ANCHOR: main
/// Sums `numbers` on `threads` threads that borrow the slice directly.
fn parallel_sum(numbers: &[u64], threads: usize) -> u64 {
    let chunk_len = numbers.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = numbers
            .chunks(chunk_len)
            .map(|chunk| scope.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// Multiplies every element in place; each thread gets its own `&mut` chunk.
fn scale_in_place(numbers: &mut [u64], factor: u64, threads: usize) {
    let chunk_len = numbers.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        for chunk in numbers.chunks_mut(chunk_len) {
            scope.spawn(move || chunk.iter_mut().for_each(|n| *n *= factor));
        }
    }); // the scope joins every thread it spawned before returning
}

fn main() {
    let mut numbers: Vec<u64> = (1..=1_000_000).collect();
    let sum = parallel_sum(&numbers, 4);
    println!("sum of 1..=1000000 = {sum}");

    scale_in_place(&mut numbers, 2, 4);
    let doubled = parallel_sum(&numbers, 4);
    println!("after doubling     = {doubled}");

    // `numbers` was only lent out: no Arc, no clone, and it is still ours.
    assert_eq!(doubled, 2 * sum);
    assert_eq!(numbers.iter().sum::<u64>(), doubled);
}
// ANCHOR_END: main
