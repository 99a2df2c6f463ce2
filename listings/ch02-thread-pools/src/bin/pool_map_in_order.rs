use std::hint::black_box;

use rayon::ThreadPoolBuilder;
use rayon::prelude::*;

// ANCHOR: main
/// An uneven job: the shorter the word, the longer it takes.
fn shout(word: &str) -> String {
    busy_work(400_000 / word.len());
    word.to_uppercase()
}

fn main() {
    let words = [
        "a", "pool", "of", "worker", "threads", "maps", "in", "order",
    ];

    // executor = ThreadPoolExecutor(max_workers=4)
    let pool = ThreadPoolBuilder::new().num_threads(4).build().unwrap();

    // list(executor.map(shout, words)), plus the pool thread each item ran on
    let results: Vec<(String, Option<usize>)> = pool.install(|| {
        words
            .par_iter()
            .map(|word| (shout(word), rayon::current_thread_index()))
            .collect()
    });
    let (shouted, ran_on): (Vec<String>, Vec<Option<usize>>) = results.into_iter().unzip();

    println!("{shouted:?}");
    let one_by_one: Vec<String> = words.iter().map(|word| shout(word)).collect();
    assert_eq!(shouted, one_by_one); // result i belongs to words[i]

    // Every item ran on one of the pool's four threads, never on `main`.
    assert!(ran_on.iter().all(|index| matches!(index, Some(0..4))));
    println!("pool threads: {}", pool.current_num_threads());
}
// ANCHOR_END: main

/// Burns CPU time in proportion to `rounds`.
fn busy_work(rounds: usize) {
    let mut x = 1u64;
    for i in 0..rounds as u64 {
        x = black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    black_box(x);
}
