//! Chapter 5, "Async with tokio (asyncio)". Every listing is a binary in
//! `src/bin/`; the pieces several of them share, a future written by hand
//! and a log of what happened, are the modules below.

pub mod log;
pub mod oneshot;
