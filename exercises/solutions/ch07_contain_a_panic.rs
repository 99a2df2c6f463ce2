// ch07-contain-a-panic: a panicking job comes back as an error.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tokio::sync::oneshot;

/// A job that panicked, with its panic message.
#[derive(Debug, PartialEq, Eq)]
pub struct Panicked(pub String);

/// Runs `work` on `pool` and awaits its result. A panic in `work` comes
/// back as `Err(Panicked)`: it must not reach the pool's panic handler,
/// which for rayon's `spawn` by default aborts the whole process.
pub async fn on_pool<T: Send + 'static>(
    pool: &rayon::ThreadPool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Panicked> {
    // exercise: solution
    let (result, arrives) = oneshot::channel();
    pool.spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(work)).map_err(|payload| Panicked(message(&*payload)));
        let _ = result.send(outcome);
    });
    arrives.await.expect("the job sends before it ends")
    // exercise: stub
    // todo!("`pool.spawn` a job that runs `work` inside `catch_unwind`, turns a panic's payload into `Panicked` (see `message`), and sends the outcome on a oneshot channel; await it")
    // exercise: end
}

/// The text of a panic: `panic!` with a literal carries a `&str`, with
/// arguments a `String`.
pub fn message(payload: &(dyn std::any::Any + Send)) -> String {
    (payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
