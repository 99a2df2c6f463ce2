use std::sync::atomic::Ordering::{self, Acquire, Release, SeqCst};
use std::sync::atomic::{AtomicU8, AtomicUsize};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
const ROUNDS: usize = 200_000;

/// Runs store buffering ROUNDS times on real threads (fresh flags each
/// round). Returns the rounds in which both loads read 0, and the rounds run.
fn both_zero(store: Ordering, load: Ordering) -> (usize, usize) {
    let x: Vec<AtomicU8> = (0..ROUNDS).map(|_| AtomicU8::new(0)).collect();
    let y: Vec<AtomicU8> = (0..ROUNDS).map(|_| AtomicU8::new(0)).collect();
    // Each thread announces the round it has reached and waits for the
    // other, so the two race on the same flags, round after round.
    let reached = [AtomicUsize::new(0), AtomicUsize::new(0)];
    let deadline = Instant::now() + Duration::from_millis(500);
    let side = |me: usize, mine: &[AtomicU8], theirs: &[AtomicU8]| {
        let mut zeros = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS {
            reached[me].store(round + 1, Release);
            while reached[1 - me].load(Acquire) < round + 1 {
                if Instant::now() > deadline {
                    return zeros; // the other thread stopped: no more rounds
                }
                std::hint::spin_loop();
            }
            mine[round].store(1, store);
            zeros.push(theirs[round].load(load) == 0);
        }
        zeros
    };
    let (a, b) = thread::scope(|s| {
        let a = s.spawn(|| side(0, &x, &y));
        let b = s.spawn(|| side(1, &y, &x));
        (a.join().unwrap(), b.join().unwrap())
    });
    let zeros = a.iter().zip(&b).filter(|(r1, r2)| **r1 && **r2).count();
    (zeros, a.len().min(b.len()))
}

fn main() {
    let (weak, rounds) = both_zero(Release, Acquire);
    println!("Release/Acquire: (0, 0) in {weak} of {rounds} rounds");
    let (strong, rounds) = both_zero(SeqCst, SeqCst);
    println!("SeqCst:          (0, 0) in {strong} of {rounds} rounds");
    assert_eq!(strong, 0, "SeqCst forbids (0, 0)");
}
// ANCHOR_END: main
