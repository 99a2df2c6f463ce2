//! Mixed work: the async code stays on the runtime, the CPU-heavy part goes
//! to `spawn_blocking` or to rayon. Python: asyncio + run_in_executor.

use rayon::prelude::*;
use std::time::Instant;
use tokio::sync::oneshot;

/// Deliberately slow CPU work: trial division.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

fn count_primes(limit: u64) -> usize {
    (0..limit).filter(|&n| is_prime(n)).count()
}

// ANCHOR: main
/// rayon's pool knows nothing of tokio: a oneshot channel carries the
/// answer back, and awaiting it does not block the runtime's thread.
async fn on_rayon(limit: u64) -> usize {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        let count = (0..limit).into_par_iter().filter(|&n| is_prime(n)).count();
        let _ = tx.send(count); // the receiver may have gone: ignore
    });
    // A panicking `rayon::spawn` job aborts the whole process (rayon's
    // default panic handler), so the job never drops `tx` without sending.
    rx.await.expect("the job sends before it ends")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    const LIMIT: u64 = 200_000;
    let started = Instant::now();
    // One blocking thread for one big job: like loop.run_in_executor(None, f).
    let blocking = tokio::task::spawn_blocking(|| count_primes(LIMIT));
    // All of rayon's threads for the other.
    let parallel = on_rayon(LIMIT);
    // The runtime's only thread just waits for both answers.
    let (blocking, parallel) = tokio::join!(blocking, parallel);
    let blocking = blocking.unwrap();
    println!("primes below {LIMIT}: spawn_blocking {blocking}, rayon {parallel}");
    println!(
        "both jobs took {:?} (available_parallelism = {})",
        started.elapsed(),
        std::thread::available_parallelism().unwrap()
    );
    // ANCHOR_END: main
    assert_eq!(blocking, 17_984);
    assert_eq!(parallel, 17_984);
}
