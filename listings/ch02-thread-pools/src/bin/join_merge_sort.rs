use std::time::{Duration, Instant};

// ANCHOR: sort
/// Merge sort. Slices no longer than `cutoff` are sorted sequentially; longer
/// ones are split in two, and the halves sorted with `rayon::join` when
/// `parallel`, one after the other when not. `scratch` is as long as `v`.
fn merge_sort(v: &mut [u32], scratch: &mut [u32], cutoff: usize, parallel: bool) {
    if v.len() <= cutoff.max(1) {
        v.sort_unstable(); // the sequential cutoff
        return;
    }
    let mid = v.len() / 2;
    let (left, right) = v.split_at_mut(mid);
    let (scratch_left, scratch_right) = scratch.split_at_mut(mid);
    if parallel {
        rayon::join(
            || merge_sort(left, scratch_left, cutoff, true),
            || merge_sort(right, scratch_right, cutoff, true),
        );
    } else {
        merge_sort(left, scratch_left, cutoff, false);
        merge_sort(right, scratch_right, cutoff, false);
    }
    merge(left, right, scratch);
    v.copy_from_slice(scratch);
}

/// Merges two sorted slices into `out`.
fn merge(left: &[u32], right: &[u32], out: &mut [u32]) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        if j == right.len() || (i < left.len() && left[i] <= right[j]) {
            *slot = left[i];
            i += 1;
        } else {
            *slot = right[j];
            j += 1;
        }
    }
}
// ANCHOR_END: sort

// ANCHOR: main
fn main() {
    print_setup();
    rayon::join(|| (), || ()); // start the global pool before timing anything

    // (label, length, cutoff, runs): the tiny input is split down to single
    // numbers, so it makes about 1,000 calls to `join`.
    for (label, n, cutoff, runs) in [("tiny", 1_000, 1, 200), ("large", 300_000, 4_096, 3)] {
        let input = random_numbers(n);
        let sequential = time(&input, cutoff, false, runs);
        let parallel = time(&input, cutoff, true, runs);
        println!("{label} input, {n} numbers, cutoff {cutoff}:");
        println!("  halves one after the other  {sequential:?}");
        println!("  halves with rayon::join     {parallel:?}");
    }
}

/// Sorts a copy of `input` `runs` times, checks the result, returns the
/// fastest run.
fn time(input: &[u32], cutoff: usize, parallel: bool, runs: usize) -> Duration {
    let mut expected = input.to_vec();
    expected.sort_unstable();
    (0..runs)
        .map(|_| {
            let (mut v, mut scratch) = (input.to_vec(), vec![0; input.len()]);
            let started = Instant::now();
            merge_sort(&mut v, &mut scratch, cutoff, parallel);
            let elapsed = started.elapsed();
            assert_eq!(v, expected); // correctness is asserted; speed never is
            elapsed
        })
        .min()
        .unwrap()
}
// ANCHOR_END: main

/// Deterministic pseudo-random input (xorshift).
fn random_numbers(n: usize) -> Vec<u32> {
    let mut x = 0x2545_f491_u32;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        })
        .collect()
}

/// Timings mean little without the machine and the build profile beside them.
fn print_setup() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");
    if cfg!(debug_assertions) {
        println!("debug build: for meaningful timings, run with --release");
    }
}
