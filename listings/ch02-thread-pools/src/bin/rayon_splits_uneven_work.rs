//! Which worker ran which item of a `par_iter` whose work is
//! uneven, split rayon's way and then into single items. The totals, "every
//! item ran exactly once" and "the heavy first piece stays whole" are
//! asserted; the map of workers changes from run to run, so it goes to
//! stderr, and the book shows one run of it as a figure.

use std::collections::HashSet;
use std::hint::black_box;
use std::sync::Mutex;

use rayon::ThreadPool;
use rayon::prelude::*;

const ITEMS: usize = 64;
const WORKERS: usize = 4;

/// The first eight items cost 100 times as much as the other 56: most of
/// the work sits in the first eighth of the range.
fn cost(item: usize) -> u64 {
    if item < 8 { 2_000_000 } else { 20_000 }
}

/// Busy work whose result depends on every step, so it cannot be skipped.
fn work(item: usize) -> u64 {
    (0..cost(item)).fold(item as u64, |acc, step| {
        black_box(acc.wrapping_mul(31).wrapping_add(step))
    })
}

// ANCHOR: record
/// Runs every item on `pool` in pieces of at most `max_len` items, checks
/// the total, and returns the index of the worker that ran each item.
fn who_ran_what(pool: &ThreadPool, max_len: usize) -> Vec<usize> {
    let ran_on = Mutex::new(vec![None; ITEMS]);
    let total = pool.install(|| {
        (0..ITEMS)
            .into_par_iter()
            .with_max_len(max_len)
            .map(|item| {
                let worker = rayon::current_thread_index().expect("on a worker");
                let earlier = ran_on.lock().unwrap()[item].replace(worker);
                assert_eq!(earlier, None, "item {item} ran twice");
                work(item)
            })
            .reduce(|| 0, u64::wrapping_add)
    });
    assert_eq!(total, (0..ITEMS).map(work).fold(0, u64::wrapping_add));
    let ran_on = ran_on.into_inner().unwrap();
    ran_on
        .into_iter()
        .map(|w| w.expect("every item ran"))
        .collect()
}
// ANCHOR_END: record

// ANCHOR: main
fn main() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .build()
        .expect("build a pool");

    let rayons_way = who_ran_what(&pool, usize::MAX);
    let heavy: HashSet<usize> = rayons_way[..8].iter().copied().collect();
    assert_eq!(
        heavy.len(),
        1,
        "the first piece is never stolen, never split"
    );
    println!("rayon's split: every item ran once; items 0-7 on one worker");
    eprintln!("rayon's split\n{}", worker_map(&rayons_way));

    let one_by_one = who_ran_what(&pool, 1);
    println!("with_max_len(1): every item ran once, each a piece of its own");
    eprintln!("with_max_len(1)\n{}", worker_map(&one_by_one));
}
// ANCHOR_END: main

/// One character per item, the index of the worker that ran it, then a line
/// per worker: how many items it ran, how many of them heavy, in how many
/// stretches of consecutive items.
fn worker_map(ran_on: &[usize]) -> String {
    let row: String = ran_on.iter().map(|&w| char::from(b'0' + w as u8)).collect();
    let mut text = format!("item   0{:>63}\nworker {row}\n", ITEMS - 1);
    for worker in 0..WORKERS {
        let mine = |i: &usize| ran_on[*i] == worker;
        let items = (0..ITEMS).filter(mine).count();
        let heavy = (0..8).filter(mine).count();
        let stretches = (0..ITEMS)
            .filter(|&i| mine(&i) && (i == 0 || ran_on[i - 1] != worker))
            .count();
        text += &format!(
            "worker {worker}: {items:>2} items ({heavy} heavy) in {stretches} stretch(es)\n"
        );
    }
    text
}
