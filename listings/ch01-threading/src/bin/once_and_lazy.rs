use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Barrier, LazyLock, OnceLock};
use std::thread;

// ANCHOR: main
static INITS: AtomicUsize = AtomicUsize::new(0);

/// Built on first use, by whichever thread gets there first.
static SETTINGS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    INITS.fetch_add(1, Relaxed); // a tally, read after the joins
    vec!["threads=4", "verbose=false"]
});

/// Waits until all four readers are ready, then reaches for `SETTINGS`.
fn reader(start: &Barrier) -> usize {
    start.wait();
    SETTINGS.len()
}

fn main() {
    let start = Barrier::new(4);
    let lens: Vec<usize> = thread::scope(|s| {
        let readers: Vec<_> = (0..4).map(|_| s.spawn(|| reader(&start))).collect();
        readers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let inits = INITS.load(Relaxed);
    println!("LazyLock: read by 4 threads at once, built {inits} time");
    assert_eq!((lens, inits), (vec![2; 4], 1));

    // OnceLock: set at run time, once; later `set`s are refused.
    let winner = OnceLock::new();
    let accepted: Vec<bool> = thread::scope(|s| {
        let winner = &winner;
        let racers: Vec<_> = (0..4)
            .map(|id| s.spawn(move || winner.set(id).is_ok()))
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let first = *winner.get().unwrap();
    assert!(accepted[first], "the stored value is the accepted one");
    let refused = accepted.iter().filter(|ok| !**ok).count();
    println!("OnceLock: one set accepted, {refused} refused");
    assert_eq!(refused, 3);
}
// ANCHOR_END: main
