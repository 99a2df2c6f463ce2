//! Chapter 5, "Async with tokio (asyncio)". Every listing is a binary in
//! `src/bin/`; they share no code, so this library is empty.
