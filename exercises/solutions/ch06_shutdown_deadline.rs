// ch06-shutdown-deadline: ask every task to stop, then stop the stragglers.

use std::time::Duration;

use tokio::task::AbortHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Shuts down the tasks of `tracker`: cancels `token`, which every
/// well-behaved task watches, and waits at most `deadline` for them all to
/// end. Any task still running then is aborted (`tasks` holds an
/// `AbortHandle` for each task the tracker spawned), and waited for again,
/// so that when this returns every task has ended and been dropped. Returns
/// how many tasks had to be aborted.
pub async fn shut_down(tracker: &TaskTracker, token: &CancellationToken, tasks: &[AbortHandle], deadline: Duration) -> usize {
    // exercise: solution
    token.cancel();
    tracker.close(); // no more tasks: `wait` can return once the last one ends
    if tokio::time::timeout(deadline, tracker.wait()).await.is_ok() {
        return 0;
    }
    let stragglers: Vec<_> = tasks.iter().filter(|task| !task.is_finished()).collect();
    for task in &stragglers {
        task.abort();
    }
    tracker.wait().await; // an aborted task counts until it has been dropped
    stragglers.len()
    // exercise: stub
    // todo!("cancel the token, close the tracker, wait for it with a timeout; then abort the unfinished tasks and wait again")
    // exercise: end
}
