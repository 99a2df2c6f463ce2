//! Chapter 5, "Async with tokio (asyncio)". Every listing is a binary in
//! `src/bin/`; the pieces several of them share, a future written by hand
//! and a log of what happened, are the modules below.

pub mod log;
pub mod oneshot;

/// The message a caught panic carried: `panic!` with a literal gives a
/// `&str`, with formatting a `String`; anything else gives "".
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// What `oneshot.rs` takes from `crate::sync`: std's types. Chapter 6
/// compiles the same file next to a `sync` of loom's or shuttle's.
mod sync {
    pub use std::sync::{Arc, Mutex};
}
