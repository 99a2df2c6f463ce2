// ch02-bounded-pool: a pool whose queue pushes back.

use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// A job that did not fit, handed back to the caller.
pub struct Full(pub Job);

pub struct BoundedPool {
    queue: Option<SyncSender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl BoundedPool {
    /// `workers` threads, fed by a queue that holds at most `capacity`
    /// jobs waiting to start.
    pub fn new(workers: usize, capacity: usize) -> Self {
        // exercise: solution
        let (queue, jobs) = mpsc::sync_channel::<Job>(capacity);
        let jobs = Arc::new(Mutex::new(jobs));
        let workers = (0..workers)
            .map(|_| {
                let jobs = Arc::clone(&jobs);
                thread::spawn(move || loop {
                    let job = jobs.lock().unwrap().recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                })
            })
            .collect();
        BoundedPool { queue: Some(queue), workers }
        // exercise: stub
        // todo!("start `workers` threads that share the receiving end of a `sync_channel(capacity)`")
        // exercise: end
    }

    fn queue(&self) -> &SyncSender<Job> {
        self.queue.as_ref().expect("the queue is open until the pool is dropped")
    }

    /// Queues `job`, waiting while the queue is full.
    pub fn submit(&self, job: impl FnOnce() + Send + 'static) {
        self.queue().send(Box::new(job)).expect("the workers outlive the queue");
    }

    /// Queues `job` without waiting: `Err(Full(job))` hands it back when
    /// `capacity` jobs are already waiting.
    pub fn try_submit(&self, job: impl FnOnce() + Send + 'static) -> Result<(), Full> {
        // exercise: solution
        match self.queue().try_send(Box::new(job)) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(job)) => Err(Full(job)),
            Err(TrySendError::Disconnected(_)) => unreachable!("the workers outlive the queue"),
        }
        // exercise: stub
        // todo!("`try_send` the boxed job, and hand it back in `Full` when the queue is full")
        // exercise: end
    }
}

impl Drop for BoundedPool {
    /// Closes the queue, lets the workers run every job still in it, and
    /// joins them.
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}
