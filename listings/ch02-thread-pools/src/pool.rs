//! A small thread pool from std threads and channels: the book's counterpart
//! of `concurrent.futures.ThreadPoolExecutor` with `submit`,
//! `Future.result()`, `as_completed` and the `with` block.
//!
//! - A fixed set of worker threads takes boxed jobs from one unbounded queue.
//! - Every job runs inside `catch_unwind`: a panic becomes the job's `Err`,
//!   and the worker goes on to the next job.
//! - Dropping the pool closes the queue, lets the workers finish every job
//!   already queued, and joins them.

use std::panic::{self, AssertUnwindSafe};

// Threads, locks and channels come from `crate::sync`: std's here, while
// chapter 6 compiles this same file against shuttle's to model-check it.
use crate::sync::mpsc::{self, Receiver, Sender};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, Mutex};

// ANCHOR: types
/// What a job gives back: its value, or the payload of the panic that ended it.
pub type JobResult<T> = thread::Result<T>;

/// A job as the queue stores it: any closure, type-erased.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads fed by one job queue.
pub struct ThreadPool {
    queue: Option<Sender<Job>>, // `None` only while the pool is being dropped
    workers: Vec<JoinHandle<()>>,
}

/// The pending result of one submitted job (Python: a `Future`).
pub struct JobHandle<T> {
    result: Receiver<JobResult<T>>,
}
// ANCHOR_END: types

impl ThreadPool {
    // ANCHOR: new
    /// Starts `workers` threads, named `pool-worker-0`, `pool-worker-1`, …
    pub fn new(workers: usize) -> ThreadPool {
        assert!(workers > 0, "a pool needs at least one worker");
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs)); // one receiver, shared by all workers
        let workers = (0..workers)
            .map(|i| {
                let jobs = Arc::clone(&jobs);
                thread::Builder::new()
                    .name(format!("pool-worker-{i}"))
                    .spawn(move || work(&jobs))
                    .expect("spawn a worker thread")
            })
            .collect();
        ThreadPool {
            queue: Some(queue),
            workers,
        }
    }
    // ANCHOR_END: new

    // ANCHOR: submit
    /// Queues `job` and returns at once (Python: `executor.submit`).
    pub fn submit<T, F>(&self, job: F) -> JobHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = mpsc::channel();
        self.execute(job, move |outcome| {
            let _ = done.send(outcome); // Err only if the handle was dropped: fine
        });
        JobHandle { result }
    }

    /// Queues `job`; a worker runs it and passes the outcome to `deliver`.
    fn execute<T, F, D>(&self, job: F, deliver: D)
    where
        F: FnOnce() -> T + Send + 'static,
        D: FnOnce(JobResult<T>) + Send + 'static,
    {
        let boxed: Job = Box::new(move || deliver(panic::catch_unwind(AssertUnwindSafe(job))));
        let queue = self.queue.as_ref().expect("the queue is open until drop");
        queue
            .send(boxed)
            .expect("workers live until the queue closes");
    }
    // ANCHOR_END: submit

    // ANCHOR: as_completed
    /// Queues every job and yields `(index, result)` pairs in the order the
    /// jobs *finish* (Python: `as_completed`). The iterator ends after the
    /// last job has reported.
    pub fn as_completed<T, F, I>(&self, jobs: I) -> mpsc::IntoIter<(usize, JobResult<T>)>
    where
        I: IntoIterator<Item = F>,
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (done, results) = mpsc::channel();
        for (index, job) in jobs.into_iter().enumerate() {
            let done = done.clone(); // each job owns a sender...
            self.execute(job, move |outcome| {
                let _ = done.send((index, outcome));
            });
        }
        results.into_iter() // ...so the channel closes when the last job is done
    }
    // ANCHOR_END: as_completed
}

// ANCHOR: worker
/// A worker's life: take the next job, run it, repeat until the queue closes.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The guard is a temporary, released at the end of this statement:
        // other workers can wait for the next job while this one runs.
        let next = jobs.lock().unwrap().recv();
        match next {
            // `execute` already caught the job's own panic; this catch keeps
            // the worker alive even if delivering a result panics (a `Drop`).
            Ok(job) => drop(panic::catch_unwind(AssertUnwindSafe(job))),
            Err(_) => return, // queue closed and empty: the pool is dropping
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: join
impl<T> JobHandle<T> {
    /// Waits for the job (Python: `future.result()`): `Ok(value)`, or
    /// `Err(payload)` if the job panicked.
    pub fn join(self) -> JobResult<T> {
        self.result
            .recv()
            .expect("a queued job always runs before the workers exit")
    }
}
// ANCHOR_END: join

// ANCHOR: drop
impl Drop for ThreadPool {
    /// Python's `shutdown(wait=True)`, which leaving a `with` block calls.
    fn drop(&mut self) {
        drop(self.queue.take()); // close the queue: no more jobs can arrive
        for worker in self.workers.drain(..) {
            // A worker returns once the queue is closed *and* empty.
            worker.join().expect("workers catch every panic");
        }
    }
}
// ANCHOR_END: drop
