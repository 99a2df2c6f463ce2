// ch08-cooperating: computations that take turns on one thread.

use std::ops::Range;
use std::sync::mpsc;

/// Whether `n` is prime, by trial division: slow on purpose.
pub fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// One entry of the shared log: `("start", job)` or `("end", job)`.
pub type Entry = (&'static str, usize);

/// Counts the primes in `numbers` in `slices` slices of (nearly) equal
/// length, yielding to the runtime between one slice and the next, so that
/// other tasks on the same thread run in between. Logs `("start", job)`
/// before the first slice and `("end", job)` after the last.
pub async fn count_primes_cooperatively(job: usize, numbers: Range<u64>, slices: u64, log: mpsc::Sender<Entry>) -> usize {
    assert!(slices > 0, "at least one slice");
    log.send(("start", job)).unwrap();
    // exercise: solution
    let (start, len) = (numbers.start, numbers.end.saturating_sub(numbers.start));
    let mut primes = 0;
    for slice in 0..slices {
        if slice > 0 {
            tokio::task::yield_now().await; // between slices: let the others run
        }
        let (from, to) = (start + len * slice / slices, start + len * (slice + 1) / slices);
        primes += (from..to).filter(|&n| is_prime(n)).count();
    }
    // exercise: stub
    // let primes: usize = todo!("count the primes slice by slice, with `tokio::task::yield_now().await` between slices");
    // exercise: end
    log.send(("end", job)).unwrap();
    primes
}
