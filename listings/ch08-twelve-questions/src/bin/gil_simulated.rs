//! Question 2: what a global interpreter lock does to threads, simulated in
//! Rust. Four threads count primes holding one global `Mutex` per slice of
//! work, the way CPython threads hold the GIL while they run bytecode; then
//! the same four threads run with no global lock.
//!
//! Asserted on every run: the answers agree, at most one thread is ever
//! inside the locked section, and without the lock all four are inside at
//! once (a barrier proves it). The timings are printed, never asserted.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Instant;

use ch00_introduction::count_primes;

const LIMIT: u64 = 200_000;
const THREADS: u64 = 4;
/// Numbers per slice: how much work a thread does each time it holds the lock.
const SLICE: u64 = 2_000;

/// Counts the threads inside a section now, and the most there at once.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// Proof of being inside; leaving the section drops it.
struct Inside<'a>(&'a Gauge);

impl Gauge {
    fn enter(&self) -> Inside<'_> {
        // Relaxed: read-modify-writes on one counter never miss each other;
        // the GIL's mutex or the barrier orders enter and leave, and `peak`
        // is read after the scope has joined every thread.
        let now = self.now.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
        Inside(self)
    }

    fn peak(&self) -> usize {
        // Relaxed: called after the threads are joined.
        self.peak.load(Ordering::Relaxed)
    }
}

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        // Relaxed: the same counter as in `enter`.
        self.0.now.fetch_sub(1, Ordering::Relaxed);
    }
}

// ANCHOR: gil
/// A stand-in for CPython's GIL: one lock for the whole "interpreter".
static GIL: Mutex<()> = Mutex::new(());

/// Python's way: hold the GIL while running, one slice of work at a time.
fn count_with_gil(numbers: Range<u64>, gauge: &Gauge) -> usize {
    let mut primes = 0;
    for start in numbers.clone().step_by(SLICE as usize) {
        let _gil = GIL.lock().unwrap(); // wait for the interpreter
        let _inside = gauge.enter();
        primes += count_primes(start..(start + SLICE).min(numbers.end));
    } // the GIL is released here: another thread may take its turn
    primes
}

/// Rust's way: no global lock. The barrier opens only once every thread is
/// inside, so all of them are running the work at the same moment.
fn count_without_gil(numbers: Range<u64>, gauge: &Gauge, all_in: &Barrier) -> usize {
    let _inside = gauge.enter();
    all_in.wait();
    count_primes(numbers)
}
// ANCHOR_END: gil

/// Splits `0..LIMIT` into one range per thread, runs `work` on each range
/// on its own scoped thread, and adds up the answers.
fn on_threads(work: impl Fn(Range<u64>) -> usize + Sync) -> usize {
    let span = LIMIT / THREADS;
    thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = (0..THREADS)
            .map(|t| s.spawn(move || work(t * span..(t + 1) * span)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

// ANCHOR: main
fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");

    let started = Instant::now();
    let sequential = count_primes(0..LIMIT);
    println!(
        "1 thread:                   {sequential} primes in {:?}",
        started.elapsed()
    );

    let gauge = Gauge::default();
    let started = Instant::now();
    let with_gil = on_threads(|range| count_with_gil(range, &gauge));
    let took = started.elapsed();
    assert_eq!(with_gil, sequential);
    assert_eq!(gauge.peak(), 1, "the lock lets one thread run at a time");
    println!(
        "{THREADS} threads, one global lock: {with_gil} primes in {took:?}; at most 1 inside at once"
    );

    let (gauge, all_in) = (Gauge::default(), Barrier::new(THREADS as usize));
    let started = Instant::now();
    let without = on_threads(|range| count_without_gil(range, &gauge, &all_in));
    let took = started.elapsed();
    assert_eq!(without, sequential);
    assert_eq!(
        gauge.peak(),
        THREADS as usize,
        "all of them were inside at once"
    );
    println!(
        "{THREADS} threads, no global lock:  {without} primes in {took:?}; all {THREADS} inside at once"
    );
}
// ANCHOR_END: main
