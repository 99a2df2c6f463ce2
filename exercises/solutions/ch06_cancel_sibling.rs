// ch06-cancel-sibling: the first failure stops the other threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

/// A flag that any thread can raise and every thread can look at: the only
/// way to cancel a thread is to ask it, and let it stop itself.
#[derive(Default)]
pub struct StopFlag(AtomicBool);

impl StopFlag {
    /// Asks every job that looks at the flag to stop.
    pub fn raise(&self) {
        // Relaxed: the flag only tells jobs to stop; their results come
        // back through `join`, which orders them.
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether some job has failed: a long job checks this now and then.
    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A job: it may borrow from the caller's stack, and gets the shared flag.
pub type Job<'a, T, E> = Box<dyn FnOnce(&StopFlag) -> Result<T, E> + Send + 'a>;

/// Runs every job on a scoped thread of its own, each given the same
/// `StopFlag`. When a job returns `Err`, its thread raises the flag before
/// it ends, so that the others can stop early. Returns, once every thread
/// has been joined, the error of the first job to fail, or else every
/// job's value in job order.
pub fn run_all<T: Send, E: Send>(jobs: Vec<Job<'_, T, E>>) -> Result<Vec<T>, E> {
    // exercise: solution
    let stop = StopFlag::default();
    let first_error = Mutex::new(None);
    let values: Vec<Option<T>> = thread::scope(|s| {
        let (stop, first_error) = (&stop, &first_error);
        let threads: Vec<_> = jobs
            .into_iter()
            .map(|job| {
                s.spawn(move || match job(stop) {
                    Ok(value) => Some(value),
                    Err(error) => {
                        first_error.lock().unwrap().get_or_insert(error); // keeps the first
                        stop.raise();
                        None
                    }
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().expect("a job panicked")).collect()
    });
    match first_error.into_inner().unwrap() {
        Some(error) => Err(error),
        None => Ok(values.into_iter().map(|v| v.expect("no job failed")).collect()),
    }
    // exercise: stub
    // todo!("run each job on a scoped thread; a failing job's thread keeps the first error and raises the flag; return that error once all are joined")
    // exercise: end
}
