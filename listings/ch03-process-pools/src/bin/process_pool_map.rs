//! `ProcessPoolExecutor.map`, by hand: worker processes started by running
//! this same executable again, jobs and answers framed over their pipes, and
//! the answers put back in input order.

use std::io::{self, BufReader, ErrorKind, Read};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use std::{env, thread};

use ch03_process_pools::frame::{decode, encode, read_frame, write_frame};

/// The argument that turns this program into a worker.
const WORKER_FLAG: &str = "--pool-worker";
const WORKERS: usize = 4;

/// The CPU-bound job: how many primes are there below `n`?
fn count_primes_below(n: u64) -> u64 {
    let is_prime = |k: u64| {
        k >= 2
            && (2..)
                .take_while(|d| d * d <= k)
                .all(|d| !k.is_multiple_of(d))
    };
    (0..n).filter(|&k| is_prime(k)).count() as u64
}

// ANCHOR: worker
/// A worker process: read a job, compute, write the answer; repeat until
/// the pool closes our stdin. Stdout is the wire: never `println!` here.
fn worker_main() -> io::Result<()> {
    let mut jobs = BufReader::new(io::stdin().lock());
    let mut answers = io::stdout().lock();
    while let Some(job) = read_frame(&mut jobs)? {
        let [index, n] = decode(&job)?;
        let answer = count_primes_below(n);
        write_frame(&mut answers, &encode([index, answer]))?;
    }
    Ok(()) // end of stdin: the pool is shutting down
}

fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some(WORKER_FLAG) {
        return worker_main(); // like Python's `if __name__ == "__main__":` guard
    }
    run_pool_demo()
}
// ANCHOR_END: worker

// ANCHOR: driver
/// Starts one worker process, feeds it jobs until the queue is empty,
/// then reaps it.
fn drive_one_worker(jobs: &Jobs) -> io::Result<Vec<(usize, u64)>> {
    let mut child = Command::new(env::current_exe()?)
        .arg(WORKER_FLAG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let to_worker = child.stdin.take().unwrap();
    let from_worker = BufReader::new(child.stdout.take().unwrap());
    let answered = feed(jobs, to_worker, from_worker);
    let status = child.wait()?; // reap it, whatever `feed` returned
    assert!(status.success(), "worker failed: {status}");
    answered
}

/// One job at a time: send it, wait for its answer.
fn feed(jobs: &Jobs, mut to: ChildStdin, mut from: impl Read) -> io::Result<Vec<(usize, u64)>> {
    let mut answered = Vec::new();
    while let Some((index, n)) = jobs.take() {
        write_frame(&mut to, &encode([index as u64, n]))?;
        let reply = read_frame(&mut from)?.ok_or(ErrorKind::UnexpectedEof)?;
        let [index, answer] = decode(&reply)?;
        answered.push((index as usize, answer));
    }
    Ok(answered)
} // `to` is dropped here: end of file on the worker's stdin ends its loop
// ANCHOR_END: driver

// ANCHOR: pool
/// The queue the driver threads share: the inputs, and the index of the
/// next job to hand out. `fetch_add` gives each index to exactly one taker.
struct Jobs<'a> {
    inputs: &'a [u64],
    next: AtomicUsize,
}

impl<'a> Jobs<'a> {
    fn new(inputs: &'a [u64]) -> Self {
        let next = AtomicUsize::new(0);
        Jobs { inputs, next }
    }

    fn take(&self) -> Option<(usize, u64)> {
        // Relaxed: each index is claimed by exactly one `fetch_add`, and the
        // inputs were shared before the threads started.
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        self.inputs.get(index).map(|&n| (index, n))
    }
}

/// `pool.map(count_primes_below, inputs)`: the answers, in input order.
fn process_pool_map(inputs: &[u64], workers: usize) -> io::Result<Vec<u64>> {
    let jobs = Jobs::new(inputs);
    let mut in_order = vec![0; inputs.len()];
    thread::scope(|scope| {
        let drivers: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| drive_one_worker(&jobs)))
            .collect();
        for driver in drivers {
            // Answers arrive in completion order; each carries its index.
            for (index, answer) in driver.join().unwrap()? {
                in_order[index] = answer;
            }
        }
        Ok(in_order)
    })
}
// ANCHOR_END: pool

/// The same queue, drained by threads instead of processes.
fn thread_pool_map(inputs: &[u64], workers: usize) -> Vec<u64> {
    let jobs = Jobs::new(inputs);
    let mut in_order = vec![0; inputs.len()];
    thread::scope(|scope| {
        let drivers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut answered = Vec::new();
                    while let Some((index, n)) = jobs.take() {
                        answered.push((index, count_primes_below(n)));
                    }
                    answered
                })
            })
            .collect();
        for driver in drivers {
            for (index, answer) in driver.join().unwrap() {
                in_order[index] = answer;
            }
        }
    });
    in_order
}

// ANCHOR: main
fn run_pool_demo() -> io::Result<()> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");
    let inputs: Vec<u64> = (0..16).map(|i| 10_000 + 2_000 * i).collect();
    println!("{} jobs, {WORKERS} workers", inputs.len());

    let started = Instant::now();
    let processes = process_pool_map(&inputs, WORKERS)?;
    println!("{WORKERS} worker processes:  {:?}", started.elapsed());

    let started = Instant::now();
    let threads = thread_pool_map(&inputs, WORKERS);
    println!("{WORKERS} threads:           {:?}", started.elapsed());

    let started = Instant::now();
    let sequential: Vec<u64> = inputs.iter().map(|&n| count_primes_below(n)).collect();
    println!("sequential:          {:?}", started.elapsed());

    assert_eq!(threads, sequential);
    assert_eq!(processes, sequential, "same answers, in input order");
    println!("all three agree; first answers {:?}", &processes[..4]);
    #[cfg(target_os = "linux")]
    ch03_process_pools::assert_no_children_left();
    Ok(())
}
// ANCHOR_END: main
