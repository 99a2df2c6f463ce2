// ch05-deadline-each: a deadline for each job, the waits overlapping.

use std::future::Future;
use std::time::Duration;

use tokio::time::error::Elapsed;

/// Runs every job concurrently, inside the calling task, each with its own
/// `deadline` (`asyncio.wait_for` on each, then `gather`). A job that
/// misses its deadline is dropped, which cancels it, and gives
/// `Err(Elapsed)`; the others are unaffected. The results are in job order.
pub async fn with_deadlines<F: Future>(jobs: Vec<F>, deadline: Duration) -> Vec<Result<F::Output, Elapsed>> {
    // exercise: solution
    let timed = jobs.into_iter().map(|job| tokio::time::timeout(deadline, job));
    futures::future::join_all(timed).await
    // exercise: stub
    // todo!("wrap each job in `tokio::time::timeout`, and await them all at once")
    // exercise: end
}
