// ch06-wait-all: collect every error, cancel the rest.

use std::panic;

use tokio::task::JoinSet;

/// Waits for every child in `set`, as `asyncio.TaskGroup` does: the first
/// `Err` aborts the children still running, and the set is drained to the
/// end, so that the errors of children that had already finished are kept.
/// A cancelled child is not an error. Returns `Ok(())` if no child failed,
/// or every error that came back, in the order they came; a child's panic
/// resumes in the caller.
pub async fn wait_all<E: Send + 'static>(mut set: JoinSet<Result<(), E>>) -> Result<(), Vec<E>> {
    // exercise: solution
    let mut errors = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                errors.push(error);
                set.abort_all(); // the aborted children still come back, as cancelled
            }
            Err(join_error) if join_error.is_cancelled() => {}
            Err(join_error) => panic::resume_unwind(join_error.into_panic()),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
    // exercise: stub
    // todo!("drain the set with `join_next`; at the first `Err`, abort the rest and keep draining; keep every error")
    // exercise: end
}
