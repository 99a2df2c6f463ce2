//! Pool workers on crossbeam-channel. Each worker owns a clone
//! of one receiver (MPMC: no `Mutex` around it), and `select!` waits on the
//! job queue and a stop signal at once. Joins and channels order the run:
//! every job runs exactly once, and closing `stop` ends every worker while
//! the job queue is still open (`queue` lives to the end of `main`).

use std::collections::BTreeSet;
use std::thread;

use crossbeam_channel::{Receiver, Sender, select, unbounded};

const WORKERS: usize = 4;
const JOBS: u64 = 100;

// ANCHOR: main
/// A worker: run jobs until the stop channel closes.
fn work(jobs: Receiver<u64>, stop: Receiver<()>, results: Sender<(u64, u64)>) {
    loop {
        select! {
            recv(jobs) -> job => {
                let n = job.expect("the queue outlives the workers");
                results.send((n, n * n)).unwrap();
            }
            recv(stop) -> _ => return, // only ever Err: the sender was dropped
        }
    }
}

fn main() {
    let (queue, jobs) = unbounded();
    let (stop_all, stop) = unbounded::<()>();
    let (results_sender, results) = unbounded();
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (jobs, stop, results) = (jobs.clone(), stop.clone(), results_sender.clone());
            thread::spawn(move || work(jobs, stop, results))
        })
        .collect();

    (1..=JOBS).for_each(|n| queue.send(n).unwrap());
    let done: BTreeSet<(u64, u64)> = results.iter().take(JOBS as usize).collect();
    assert_eq!(done, (1..=JOBS).map(|n| (n, n * n)).collect());

    drop(stop_all); // every worker's `recv(stop)` now fires; `queue` stays open
    workers.into_iter().for_each(|w| w.join().unwrap());
    println!("{JOBS} jobs on {WORKERS} workers, each run once; stop ended them all");
}
// ANCHOR_END: main
