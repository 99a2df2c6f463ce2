//! `fork_child`: start a child process that runs a closure, Python's
//! `Process(target=f).start()` with the `fork` start method.

// ANCHOR: fork_child
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};

use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

/// Runs `child` in a new process and returns that process's pid at once.
/// The child exits with the code `child` returns (101 if it panics); it
/// never returns into the caller's code.
///
/// Panics if this process has more than one thread (see the text).
pub fn fork_child(child: impl FnOnce() -> i32) -> Pid {
    let threads = std::fs::read_dir("/proc/self/task").unwrap().count();
    assert_eq!(threads, 1, "fork_child needs a single-threaded process");
    // Unflushed output would be copied into the child and printed twice.
    std::io::stdout().flush().unwrap();
    // SAFETY: this is the only thread, so no other thread can hold a lock
    // (in the allocator, in stdout, ...) that would stay locked in the child.
    match unsafe { fork() }.expect("fork failed") {
        ForkResult::Parent { child: pid } => pid,
        ForkResult::Child => {
            let code = panic::catch_unwind(AssertUnwindSafe(child)).unwrap_or(101);
            let _ = std::io::stdout().flush();
            // `_exit`, not `exit`: skip the parent's exit handlers, which the
            // child inherited along with everything else.
            unsafe { libc::_exit(code) }
        }
    }
}

/// Waits for `pid` and returns its exit code. Panics if a signal killed it.
pub fn wait_exit_code(pid: Pid) -> i32 {
    match waitpid(pid, None).expect("waitpid failed") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("{pid} did not exit normally: {other:?}"),
    }
}
// ANCHOR_END: fork_child
