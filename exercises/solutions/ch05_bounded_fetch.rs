// ch05-bounded-fetch: fetch everything, a few at a time.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Runs `fetch(i)` for every `i` in `0..count`, each as a task of its own,
/// with at most `limit` of them past their start at any moment (the
/// `asyncio.Semaphore` pattern). Returns the results in index order.
pub async fn fetch_all<F, Fut, T>(count: usize, limit: usize, fetch: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    // exercise: solution
    let permits = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for index in 0..count {
        let permits = Arc::clone(&permits);
        let job = fetch(index); // lazy: nothing runs until the task polls it
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("never closed");
            (index, job.await)
        });
    }
    let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
    while let Some(done) = tasks.join_next().await {
        let (index, value) = done.expect("a fetch panicked");
        results[index] = Some(value);
    }
    results.into_iter().map(|r| r.expect("every task reported")).collect()
    // exercise: stub
    // todo!("spawn a task per index that holds a semaphore permit while it awaits its fetch; return the results in index order")
    // exercise: end
}
