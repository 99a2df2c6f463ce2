use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: main
const THREADS: u64 = 4;
const INCREMENTS_PER_THREAD: u64 = 100_000;

fn count_with_mutex() -> u64 {
    let counter = Arc::new(Mutex::new(0u64));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let counter = Arc::clone(&counter); // one owner handle per thread
            thread::spawn(move || {
                for _ in 0..INCREMENTS_PER_THREAD {
                    *counter.lock().unwrap() += 1; // lock, add, unlock
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    *counter.lock().unwrap()
}

fn count_with_atomic() -> u64 {
    let counter = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..INCREMENTS_PER_THREAD {
                    counter.fetch_add(1, Ordering::Relaxed); // one indivisible step
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    counter.load(Ordering::Relaxed) // after every join
}
// ANCHOR_END: main

fn main() {
    let expected = THREADS * INCREMENTS_PER_THREAD;
    let with_mutex = count_with_mutex();
    let with_atomic = count_with_atomic();
    println!("Arc<Mutex<u64>>: {with_mutex}");
    println!("AtomicU64:       {with_atomic}");
    println!("expected:        {expected}");
    assert_eq!(with_mutex, expected);
    assert_eq!(with_atomic, expected);
}
