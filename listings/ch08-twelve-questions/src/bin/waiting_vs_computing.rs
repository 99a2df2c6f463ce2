//! Question 1 in one program. Four jobs that wait and four jobs that compute
//! run as tasks on a single thread: the waits overlap, the computations
//! cannot. Then the four computations run on rayon's pool of threads.
//!
//! What is asserted holds on every run: the waiting tasks take exactly the
//! longest wait of virtual time, and the computing tasks never overlap.
//! The computing times are measured and printed, never asserted.

use std::ops::Range;
use std::sync::mpsc;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use ch00_introduction::count_primes;
use rayon::prelude::*;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinSet;

/// The four waits, in milliseconds: one second of waiting in all.
const WAITS_MS: [u64; 4] = [100, 200, 300, 400];
/// One computing job: the same CPU work for each of the four.
const JOB: Range<u64> = 0..60_000;

/// A single-threaded runtime, asyncio's model; `paused` stops its clock.
fn one_thread(paused: bool) -> Runtime {
    Builder::new_current_thread()
        .enable_time()
        .start_paused(paused)
        .build()
        .expect("a current-thread runtime")
}

// ANCHOR: tasks
/// Four tasks that only wait. The clock is tokio's paused one: virtual time.
fn four_waiting_tasks() -> Duration {
    one_thread(true).block_on(async {
        let start = tokio::time::Instant::now();
        let mut tasks = JoinSet::new();
        for ms in WAITS_MS {
            tasks.spawn(tokio::time::sleep(Duration::from_millis(ms)));
        }
        tasks.join_all().await;
        start.elapsed()
    })
}

/// Four tasks that only compute. Each logs its start and its end, with the
/// thread it ran on, and the time its own job took.
fn four_computing_tasks() -> Vec<(&'static str, usize, ThreadId, Duration)> {
    let (log, entries) = mpsc::channel();
    one_thread(false).block_on(async {
        let mut tasks = JoinSet::new();
        for job in 0..4 {
            let log = log.clone();
            tasks.spawn(async move {
                let me = thread::current().id();
                let started = Instant::now();
                log.send(("start", job, me, Duration::ZERO)).unwrap();
                count_primes(JOB); // no .await inside: no other task can run
                log.send(("end", job, me, started.elapsed())).unwrap();
            });
        }
        tasks.join_all().await;
    });
    drop(log);
    entries.into_iter().collect()
}
// ANCHOR_END: tasks

// ANCHOR: main
fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");

    let waited = four_waiting_tasks();
    assert_eq!(
        waited,
        Duration::from_millis(400),
        "the longest wait, not the sum"
    );
    let all_waits = Duration::from_millis(WAITS_MS.iter().sum());
    println!("4 tasks that wait, 1 thread:    {waited:?} of virtual time, {all_waits:?} of waits");

    let started = Instant::now();
    let log = four_computing_tasks();
    let took = started.elapsed();
    check_one_at_a_time(&log);
    let own: Duration = log.iter().map(|&(_, _, _, job_took)| job_took).sum();
    println!("4 tasks that compute, 1 thread: {took:?}; their own times add up to {own:?}");
    println!("  each task ran from start to end before the next began, on the main thread");

    rayon::broadcast(|_| ()); // start rayon's threads before the clock does
    let started = Instant::now();
    let counts: Vec<usize> = (0..4).into_par_iter().map(|_| count_primes(JOB)).collect();
    let took = started.elapsed();
    assert!(counts.iter().all(|&n| n == count_primes(JOB)));
    println!("the same 4 jobs on rayon:       {took:?}");
}
// ANCHOR_END: main

/// Asserts the log is four `start j`, `end j` pairs, all on this thread:
/// no task began while another was running, whatever order they ran in.
fn check_one_at_a_time(log: &[(&str, usize, ThreadId, Duration)]) {
    assert_eq!(log.len(), 8);
    let mut jobs: Vec<usize> = Vec::new();
    for pair in log.chunks(2) {
        let [(first, job, a, _), (second, same_job, b, _)] = pair else {
            unreachable!()
        };
        assert_eq!((*first, *second), ("start", "end"), "tasks overlapped");
        assert_eq!(job, same_job, "tasks overlapped");
        assert!(
            *a == thread::current().id() && *b == *a,
            "ran on another thread"
        );
        jobs.push(*job);
    }
    jobs.sort_unstable();
    assert_eq!(jobs, [0, 1, 2, 3]);
}
