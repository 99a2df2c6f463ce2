//! A child that has exited stays a zombie (state `Z` in `/proc/<pid>/stat`)
//! until its parent waits for it. `waitid` with `WNOWAIT` tells us the child
//! has exited without reaping it, so the zombie can be observed on every run;
//! `waitpid` then reaps it and its `/proc` entry disappears.
//! Linux only (`/proc` and `waitid`).

#[cfg(target_os = "linux")]
use {
    ch03_process_pools::assert_no_children_left,
    nix::sys::signal::{SigHandler, Signal, signal},
    nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid, waitpid},
    nix::unistd::{ForkResult, Pid, fork},
    std::env,
    std::io::ErrorKind,
    std::process::Command,
};

#[cfg(target_os = "linux")]
const EXIT_AT_ONCE: &str = "--exit-at-once";

#[cfg(target_os = "linux")]
// ANCHOR: fork
fn main() {
    if env::args().nth(1).as_deref() == Some(EXIT_AT_ONCE) {
        return; // the child of `dropped_child_is_a_zombie`, below
    }
    keep_children_waitable();
    // SAFETY: main has not started a thread, and the child only `_exit`s.
    let child = match unsafe { fork() }.expect("fork") {
        ForkResult::Child => unsafe { libc::_exit(7) },
        ForkResult::Parent { child } => child,
    };
    // Block until the child has exited, but leave it unreaped (WNOWAIT).
    let exited = waitid(Id::Pid(child), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT);
    assert_eq!(exited, Ok(WaitStatus::Exited(child, 7)));
    let zombie = proc_stat(child).expect("an unreaped child keeps its /proc entry");
    assert_eq!(zombie.state, 'Z');
    println!("exited, not yet waited for: state {}", zombie.state);

    // Reap it: collect the exit status, and the kernel frees the entry.
    assert_eq!(waitpid(child, None), Ok(WaitStatus::Exited(child, 7)));
    match proc_stat(child) {
        None => {}
        // On a busy machine the pid may already belong to a new process.
        Some(other) => assert_ne!(other.start_time, zombie.start_time),
    }
    println!("after waitpid: its /proc entry is gone");

    dropped_child_is_a_zombie();
    assert_no_children_left();
}
// ANCHOR_END: fork

#[cfg(target_os = "linux")]
// ANCHOR: dropped
/// `std::process::Child` has no `Drop` that waits: dropping the handle
/// leaves the exited child a zombie until someone reaps it.
fn dropped_child_is_a_zombie() {
    let exe = env::current_exe().unwrap();
    let child = Command::new(exe).arg(EXIT_AT_ONCE).spawn().unwrap();
    let pid = Pid::from_raw(child.id() as i32);
    drop(child); // no wait() anywhere

    let exited = waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT);
    assert_eq!(exited, Ok(WaitStatus::Exited(pid, 0)));
    assert_eq!(proc_stat(pid).unwrap().state, 'Z');
    println!("dropped Child handle: still state Z after it exited");

    // Clean up what the drop leaked.
    assert_eq!(waitpid(pid, None), Ok(WaitStatus::Exited(pid, 0)));
    println!("reaped by pid with waitpid");
}
// ANCHOR_END: dropped

/// Fields 3 and 22 of `/proc/<pid>/stat`.
#[cfg(target_os = "linux")]
struct ProcStat {
    state: char,
    /// Clock ticks after boot at which the process started.
    start_time: u64,
}

/// Reads `/proc/<pid>/stat`; `None` if there is no such process.
#[cfg(target_os = "linux")]
fn proc_stat(pid: Pid) -> Option<ProcStat> {
    let text = match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(text) => text,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound) => return None,
        // A process that vanishes while being read gives ESRCH.
        Err(e) if e.raw_os_error() == Some(libc::ESRCH) => return None,
        Err(e) => panic!("reading /proc/{pid}/stat: {e}"),
    };
    // Field 2, the command name, is in parentheses and may contain spaces
    // or ')', so split after the last ')'. What follows starts at field 3.
    let after_name = &text[text.rfind(')').expect("stat has a name") + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    Some(ProcStat {
        state: fields[0].chars().next().unwrap(),
        start_time: fields[22 - 3].parse().unwrap(),
    })
}

/// If SIGCHLD were ignored (a disposition a parent can pass on through
/// `exec`), Linux would reap children at once and no zombie would ever
/// appear. Restore the default so the listing shows the normal behaviour.
#[cfg(target_os = "linux")]
fn keep_children_waitable() {
    // SAFETY: SigDfl installs no handler of ours; nothing else runs yet.
    unsafe { signal(Signal::SIGCHLD, SigHandler::SigDfl) }.expect("reset SIGCHLD");
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 3.");
}
