use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

use ch02_thread_pools::panic_message;
use rayon::ThreadPoolBuilder;
use rayon::prelude::*;

// ANCHOR: install
fn panic_out_of_install() {
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();

    // One bad item among a thousand: its panic travels out of `install`.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        pool.install(|| {
            (0..1_000u64)
                .into_par_iter()
                .map(|i| if i == 500 { panic!("bad item {i}") } else { i })
                .sum::<u64>()
        })
    }));
    match &outcome {
        Ok(sum) => println!("install returned {sum}"),
        Err(payload) => println!("install panicked: {}", panic_message(&**payload)),
    }
    assert!(outcome.is_err());

    // The pool itself is fine: the next call works.
    let sum = pool.install(|| (0..1_000u64).into_par_iter().sum::<u64>());
    println!("next install returned {sum}");
    assert_eq!(sum, 499_500);
}
// ANCHOR_END: install

// ANCHOR: spawn
/// `spawn` has no caller to return a panic to. Without a handler rayon
/// aborts the whole process; with one, the handler receives the payload.
fn spawned_panics() {
    let (report, reports) = mpsc::channel();
    let pool = ThreadPoolBuilder::new()
        .num_threads(2)
        .panic_handler(move |payload| {
            let _ = report.send(panic_message(&*payload).to_owned());
        })
        .build()
        .unwrap();
    pool.spawn(|| panic!("a fire-and-forget job failed"));
    println!("panic handler got: {}", reports.recv().unwrap());
}
// ANCHOR_END: spawn

fn main() {
    panic_out_of_install();
    spawned_panics();
}
