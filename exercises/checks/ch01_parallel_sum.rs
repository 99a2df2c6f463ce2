use std::collections::HashSet;
use std::sync::Mutex;
use std::thread::{self, ThreadId};

/// The threads `parallel_map_sum` ran `f` on.
fn threads_used(numbers: &[u64], threads: usize) -> HashSet<ThreadId> {
    let seen = Mutex::new(HashSet::new());
    parallel_map_sum(numbers, threads, |n| {
        seen.lock().unwrap().insert(thread::current().id());
        n
    });
    seen.into_inner().unwrap()
}

exercises::checks! {
    /// Every length from 0 to 20 and every thread count from 1 to 6.
    fn sums_like_a_loop() {
        for len in 0..=20u64 {
            let numbers: Vec<u64> = (1..=len).collect();
            for threads in 1..=6 {
                let want: u64 = numbers.iter().map(|n| n * n).sum();
                assert_eq!(
                    parallel_map_sum(&numbers, threads, |n| n * n),
                    want,
                    "{len} numbers on {threads} threads"
                );
            }
        }
    }

    /// Eight numbers on four threads: four parts, on four threads, none of
    /// them the caller's.
    fn each_part_on_a_thread_of_its_own() {
        let used = threads_used(&[1, 2, 3, 4, 5, 6, 7, 8], 4);
        assert_eq!(used.len(), 4, "four parts, four threads");
        assert!(!used.contains(&thread::current().id()), "the caller sums no part");
    }

    /// Ten numbers on four threads: parts of three, so at most four threads.
    fn never_more_threads_than_asked() {
        for (len, threads) in [(10, 4), (7, 3), (5, 2), (9, 4)] {
            let numbers: Vec<u64> = (1..=len).collect();
            let used = threads_used(&numbers, threads);
            assert!(
                used.len() <= threads,
                "{len} numbers on {threads} threads used {} threads",
                used.len()
            );
        }
    }
}
