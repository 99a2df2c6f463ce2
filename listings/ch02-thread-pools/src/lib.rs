//! Chapter 2, "Thread pools (ThreadPoolExecutor)": the thread pool that the
//! chapter builds, shared by its listings and its tests.

use std::any::Any;

pub mod pool;

/// What `pool.rs` builds on: std's threads, locks and channels. Chapter 6
/// includes `pool.rs` in a crate whose `sync` is shuttle's instead.
mod sync {
    pub use std::sync::{Arc, Mutex, mpsc};
    pub use std::thread;
}

/// The text a panic carried: `panic!` with a literal gives `&str`, with
/// formatting (as `unwrap` uses) a `String`.
pub fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "<non-text panic payload>"
    }
}
