//! The two programs the compiler rejected, repaired with thread-safe types.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: main
fn main() {
    // Send: `Arc` counts its owners atomically, so a clone may move to a thread.
    let visits = Arc::new(5);
    let for_thread = Arc::clone(&visits);
    let handle = thread::spawn(move || println!("visits = {for_thread} (spawned thread)"));
    handle.join().unwrap();

    // Sync: an atomic (or a Mutex) may be shared by reference between threads.
    let hits = AtomicI32::new(0);
    let visitors = Mutex::new(Vec::new());
    thread::scope(|s| {
        for name in ["ada", "grace"] {
            let (hits, visitors) = (&hits, &visitors);
            s.spawn(move || {
                hits.fetch_add(1, Ordering::Relaxed); // a counter: Relaxed is enough
                visitors.lock().unwrap().push(name);
            });
        }
    });
    let mut visitors = visitors.into_inner().unwrap();
    visitors.sort(); // the threads may have pushed in either order
    assert_eq!(hits.load(Ordering::Relaxed), 2); // the scope joined both
    assert_eq!(visitors, ["ada", "grace"]);
    println!(
        "hits = {}, visitors = {visitors:?}",
        hits.load(Ordering::Relaxed)
    );
}
// ANCHOR_END: main
