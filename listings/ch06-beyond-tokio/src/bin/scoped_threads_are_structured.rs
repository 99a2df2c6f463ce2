//! `std::thread::scope` and `rayon::scope` are nurseries for threads: no
//! child outlives the scope, so children may borrow, and a child's panic
//! reaches the parent. What they cannot do is cancel a sibling.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

// ANCHOR: borrow
fn borrow_from_the_parent() {
    let words = vec!["green", "threads", "and", "nurseries"]; // on main's stack
    let mut lengths = vec![0; words.len()];

    thread::scope(|s| {
        for (word, length) in words.iter().zip(&mut lengths) {
            s.spawn(move || *length = word.len()); // borrows `words`, writes `lengths`
        }
    }); // every child has been joined here, so the borrows have ended

    println!("thread::scope: lengths {lengths:?}");
    assert_eq!(lengths, [5, 7, 3, 9]);

    let total = Mutex::new(0);
    rayon::scope(|s| {
        for word in &words {
            let total = &total;
            s.spawn(move |_| *total.lock().unwrap() += word.len());
        }
    }); // the same promise, on rayon's pool
    println!("rayon::scope:  total {}", total.into_inner().unwrap());
}
// ANCHOR_END: borrow

// ANCHOR: panic
fn a_failing_child() {
    let sibling_finished = AtomicBool::new(false);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        thread::scope(|s| {
            s.spawn(|| panic!("child failed"));
            s.spawn(|| {
                let sum: u64 = (1..=1_000_000).sum(); // no way to stop this early
                assert_eq!(sum, 500_000_500_000);
                sibling_finished.store(true, Ordering::Relaxed); // read after the join
            });
        })
    }));
    // The scope joined both children, then panicked in main.
    let message = *outcome.unwrap_err().downcast::<&str>().unwrap();
    println!("thread::scope panicked in main: {message:?}");
    let finished = sibling_finished.into_inner();
    println!("the sibling was not cancelled: finished = {finished}");
    assert!(finished);

    let outcome = panic::catch_unwind(|| {
        rayon::scope(|s| {
            s.spawn(|_| panic!("rayon child failed"));
            s.spawn(|_| {});
        })
    });
    let message = *outcome.unwrap_err().downcast::<&str>().unwrap();
    println!("rayon::scope re-raised: {message:?}");
}
// ANCHOR_END: panic

fn main() {
    // The panics below are expected and caught: one short line each on stderr.
    panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .unwrap_or("?");
        eprintln!("(expected panic: {what})");
    }));
    borrow_from_the_parent();
    a_failing_child();
}
