//! Chapter 2, "Thread pools (ThreadPoolExecutor)": the thread pool that the
//! chapter builds, shared by its listings and its tests.

use std::any::Any;

pub mod pool;

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
