// ch01-parallel-sum: split a sum over scoped threads.

use std::thread;

/// The sum of `f(n)` for every `n` in `numbers`, computed on scoped threads:
/// the slice is cut into at most `threads` contiguous parts of at most
/// ⌈len / threads⌉ numbers, and each part is summed on a
/// thread of its own. The calling thread only adds up the parts.
pub fn parallel_map_sum(numbers: &[u64], threads: usize, f: impl Fn(u64) -> u64 + Sync) -> u64 {
    assert!(threads > 0, "at least one thread");
    if numbers.is_empty() {
        return 0;
    }
    // exercise: solution
    let part = numbers.len().div_ceil(threads);
    let f = &f;
    thread::scope(|s| {
        let sums: Vec<_> = numbers
            .chunks(part.max(1))
            .map(|chunk| s.spawn(move || chunk.iter().map(|&n| f(n)).sum::<u64>()))
            .collect();
        sums.into_iter().map(|sum| sum.join().unwrap()).sum()
    })
    // exercise: stub
    // todo!("cut `numbers` into parts, sum each part on a scoped thread, add up the parts")
    // exercise: end
}
