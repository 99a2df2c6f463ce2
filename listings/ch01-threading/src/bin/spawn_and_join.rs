use std::thread::{self, JoinHandle};

// ANCHOR: main
fn main() {
    let mut handles: Vec<JoinHandle<u64>> = Vec::new();
    for worker in 0..4u64 {
        // `move` gives the thread its own copy of `worker`.
        let handle = thread::spawn(move || {
            let first = worker * 1_000;
            (first..first + 1_000).sum::<u64>()
        });
        handles.push(handle);
    }
    // `join` waits for the thread to end and hands back what its closure
    // returned, wrapped in `Ok`. Joining in spawn order keeps the output stable.
    let partial_sums: Vec<u64> = handles
        .into_iter()
        .map(|handle| handle.join().expect("a worker panicked"))
        .collect();
    let total: u64 = partial_sums.iter().sum();
    println!("partial sums: {partial_sums:?}");
    println!("total: {total}");
    assert_eq!(total, (0..4_000).sum::<u64>());
}
// ANCHOR_END: main
