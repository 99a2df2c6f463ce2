//! Shared code of the chapter's listings.
//!
//! Everything here is Linux-only: `fork_child` checks `/proc/self/task`, and
//! the listings rely on Linux pipe sizes, `prctl` and `F_GETPIPE_SZ`.

#[cfg(target_os = "linux")]
pub mod echo;
#[cfg(target_os = "linux")]
pub mod fork;
