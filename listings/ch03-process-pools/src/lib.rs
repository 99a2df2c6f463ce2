//! Shared code of the chapter's listings.

pub mod frame;

/// Panics unless every child process of this process has been reaped.
///
/// `waitpid(-1, WNOHANG)` fails with `ECHILD` only when the caller has no
/// child at all: none running, and no zombie waiting to be reaped.
#[cfg(target_os = "linux")]
pub fn assert_no_children_left() {
    use nix::errno::Errno;
    use nix::sys::wait::{WaitPidFlag, waitpid};
    assert_eq!(
        waitpid(None, Some(WaitPidFlag::WNOHANG)),
        Err(Errno::ECHILD),
        "a child process is still running or was never reaped"
    );
}
