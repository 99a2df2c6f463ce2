//! Chapter 5, "Async with tokio (asyncio)". Every listing is a binary in
//! `src/bin/`; the one piece two of them share, a future written by hand,
//! is the module below.

pub mod oneshot;
