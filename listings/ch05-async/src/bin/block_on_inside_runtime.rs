//! `block_on` inside async code panics: the thread is already busy driving
//! the runtime. The fix is `.await`, or a blocking thread that may block.

use std::panic;

use ch05_async::panic_text;
use tokio::runtime::Handle;

async fn answer() -> u32 {
    42
}

/// Runs `f`, catching a panic; returns its message, or `None` if `f` did not panic.
fn panic_message(f: impl FnOnce() + panic::UnwindSafe) -> Option<String> {
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {})); // keep the expected panic off stderr
    let result = panic::catch_unwind(f);
    panic::set_hook(quiet);
    Some(panic_text(&*result.err()?))
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    // Wrong: blocking on a future from inside the runtime.
    let message = panic_message(|| {
        let n = Handle::current().block_on(answer()); // panics
        println!("never printed: {n}");
    })
    .expect("block_on inside a runtime should panic");
    println!(
        "block_on inside async code panicked:\n  {}",
        message.lines().next().unwrap()
    );
    assert!(message.starts_with("Cannot start a runtime from within a runtime."));

    // Right, in async code: just await it.
    assert_eq!(answer().await, 42);

    // Right, in sync code that async code must call: run it on a blocking
    // thread, where Handle::block_on is allowed.
    let handle = Handle::current();
    let n = tokio::task::spawn_blocking(move || handle.block_on(answer()))
        .await
        .unwrap();
    println!("from spawn_blocking, Handle::block_on returned {n}");
    assert_eq!(n, 42);
}
// ANCHOR_END: main
