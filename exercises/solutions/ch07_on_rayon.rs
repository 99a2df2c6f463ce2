// ch07-on-rayon: CPU work on rayon, awaited from async code.

use tokio::sync::oneshot;

/// Runs `work` on rayon's global pool and awaits its result: the task
/// that awaits gives its thread back to the runtime meanwhile (the bridge
/// of Listing 7-1). A `oneshot` channel carries the result back.
pub async fn on_rayon<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    // exercise: solution
    let (result, arrives) = oneshot::channel();
    rayon::spawn(move || {
        // The awaiting task may have been dropped: nobody wants the result.
        let _ = result.send(work());
    });
    arrives.await.expect("the job sends before it ends")
    // exercise: stub
    // todo!("make a oneshot channel; `rayon::spawn` a job that sends `work()` on it; await the receiver")
    // exercise: end
}
