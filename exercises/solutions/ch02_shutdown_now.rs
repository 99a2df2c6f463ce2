// ch02-shutdown-now: shut down now, cancelling what is still queued.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct Pool {
    queue: Option<Sender<Job>>,
    jobs: Arc<Mutex<Receiver<Job>>>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    pub fn new(workers: usize) -> Self {
        let (queue, jobs) = mpsc::channel::<Job>();
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
        Pool { queue: Some(queue), jobs, workers }
    }

    pub fn submit(&self, job: impl FnOnce() + Send + 'static) {
        let queue = self.queue.as_ref().expect("open until shutdown");
        queue.send(Box::new(job)).expect("the workers outlive the queue");
    }

    /// Python's `shutdown(cancel_futures=True)`: every job that has not
    /// started is dropped without running, the jobs already running finish,
    /// and the workers are joined. Returns how many jobs were cancelled.
    pub fn shutdown_now(mut self) -> usize {
        // exercise: solution
        drop(self.queue.take());
        let cancelled = self.jobs.lock().unwrap().try_iter().count();
        self.join_workers();
        cancelled
        // exercise: stub
        // todo!("close the queue, drop (and count) every job still in it, then join the workers")
        // exercise: end
    }

    fn join_workers(&mut self) {
        for worker in self.workers.drain(..) {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

impl Drop for Pool {
    /// The `with` block's ending: run every queued job, then join.
    fn drop(&mut self) {
        drop(self.queue.take());
        self.join_workers();
    }
}
