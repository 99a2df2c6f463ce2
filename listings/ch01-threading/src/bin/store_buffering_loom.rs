use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release, SeqCst};

use loom::sync::Arc;
use loom::sync::atomic::{AtomicU8, fence};
use loom::thread;

// ANCHOR: main
type Pairs = BTreeSet<(u8, u8)>;

/// Store buffering: each thread raises its own flag, calls `between`, then
/// reads the other's flag. Returns every (r1, r2) that loom's model reaches.
fn store_buffering(store: Ordering, load: Ordering, between: fn()) -> Pairs {
    static SEEN: Mutex<Pairs> = Mutex::new(BTreeSet::new());
    SEEN.lock().unwrap().clear();
    loom::model(move || {
        let (x, y) = (Arc::new(AtomicU8::new(0)), Arc::new(AtomicU8::new(0)));
        let (x2, y2) = (Arc::clone(&x), Arc::clone(&y));
        let first = thread::spawn(move || {
            x2.store(1, store);
            between();
            y2.load(load) // r1
        });
        y.store(1, store);
        between();
        let r2 = x.load(load);
        let r1 = first.join().unwrap();
        SEEN.lock().unwrap().insert((r1, r2));
    });
    SEEN.lock().unwrap().clone()
}

fn main() {
    let all: Pairs = [(0, 0), (0, 1), (1, 0), (1, 1)].into();
    let no_zeros: Pairs = [(0, 1), (1, 0), (1, 1)].into();

    let release_acquire = store_buffering(Release, Acquire, || {});
    println!("Release/Acquire:         {release_acquire:?}");
    assert_eq!(release_acquire, all, "both loads may miss both stores");

    let fenced = store_buffering(Relaxed, Relaxed, || fence(SeqCst));
    println!("Relaxed + fence(SeqCst): {fenced:?}");
    assert_eq!(fenced, no_zeros, "the fences forbid (0, 0)");

    // loom 0.7 models SeqCst loads and stores as Acquire/Release, so it
    // reports (0, 0), which Rust's memory model forbids here.
    let seq_cst = store_buffering(SeqCst, SeqCst, || {});
    println!("SeqCst, as loom models:  {seq_cst:?}");
    assert_eq!(seq_cst, all, "loom's known false alarm");
}
// ANCHOR_END: main
