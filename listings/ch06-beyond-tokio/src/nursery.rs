//! A nursery in the style of Trio, built on tokio's `JoinSet`: children
//! cannot outlive `wait`, the first error cancels the siblings, and the
//! error reaches the parent. If `wait` is itself cancelled (dropped before
//! it returns), the children are aborted but nobody waits for them.

use std::future::Future;
use std::panic;

use tokio::task::JoinSet;

// ANCHOR: nursery
pub struct Nursery<E> {
    children: JoinSet<Result<(), E>>,
}

impl<E: Send + 'static> Nursery<E> {
    pub fn new() -> Self {
        Nursery {
            children: JoinSet::new(),
        }
    }

    /// Starts a child task. It runs until it returns or is cancelled.
    pub fn spawn<F>(&mut self, child: F)
    where
        F: Future<Output = Result<(), E>> + Send + 'static,
    {
        self.children.spawn(child);
    }

    /// Waits for every child. The first `Err` cancels the others, and is
    /// returned only once all of them have been dropped. A panic in a child
    /// does the same, then resumes in the caller.
    pub async fn wait(mut self) -> Result<(), E> {
        while let Some(joined) = self.children.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    // abort_all, then join_next until every child is gone.
                    self.children.shutdown().await;
                    return Err(error);
                }
                Err(join_error) if join_error.is_panic() => {
                    self.children.shutdown().await;
                    panic::resume_unwind(join_error.into_panic());
                }
                Err(_cancelled) => {} // only `shutdown` cancels, and it drains
            }
        }
        Ok(())
    }
}
// ANCHOR_END: nursery

impl<E: Send + 'static> Default for Nursery<E> {
    fn default() -> Self {
        Self::new()
    }
}
