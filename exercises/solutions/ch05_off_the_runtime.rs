// ch05-off-the-runtime: blocking work off the runtime's thread.

/// Runs `work`, which blocks (a `std` read, a lock, a long computation),
/// so that the runtime's other tasks keep running meanwhile, and returns
/// its result.
pub async fn off_the_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    // exercise: solution
    tokio::task::spawn_blocking(work).await.expect("the work panicked")
    // exercise: stub
    // todo!("run `work` on tokio's blocking pool and await its result")
    // exercise: end
}
