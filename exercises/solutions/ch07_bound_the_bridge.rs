// ch07-bound-the-bridge: at most `limit` analyses queued for the pool.

use std::sync::Arc;

use tokio::sync::{Semaphore, oneshot};

/// A job for the CPU pool.
pub type Job = Box<dyn FnOnce() + Send>;

/// Analyses every document on the CPU pool and returns the results in
/// document order. `spawn` hands a job to the pool: `rayon::spawn` in a
/// program, something the checks control in the tests. At most `limit`
/// jobs are handed over and not yet finished at any moment, so a slow
/// pool makes this function wait instead of queueing every document.
pub async fn analyse_all<D, R>(docs: Vec<D>, limit: usize, spawn: impl Fn(Job), analyse: fn(D) -> R) -> Vec<R>
where
    D: Send + 'static,
    R: Send + 'static,
{
    // exercise: solution
    let permits = Arc::new(Semaphore::new(limit));
    let mut results = Vec::new();
    for doc in docs {
        let permit = Arc::clone(&permits).acquire_owned().await.expect("never closed");
        let (result, arrives) = oneshot::channel();
        spawn(Box::new(move || {
            let _ = result.send(analyse(doc));
            drop(permit); // only now may another job start
        }));
        results.push(arrives);
    }
    let mut done = Vec::new();
    for arrives in results {
        done.push(arrives.await.expect("every job sends its result"));
    }
    done
    // exercise: stub
    // todo!("take a semaphore permit before each spawn, and release it inside the job once the analysis is done; await the results in order")
    // exercise: end
}
