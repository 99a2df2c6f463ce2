//! A pidfd names one process, not a number that the kernel
//! may hand to another process once the first is reaped. Signals sent
//! through it after the reap fail with ESRCH instead of reaching a stranger.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::fork_child,
    nix::errno::Errno,
    nix::poll::{PollFd, PollFlags, PollTimeout, poll},
    nix::sys::signal::Signal,
    nix::sys::wait::{WaitStatus, waitpid},
    nix::unistd::Pid,
    std::io::{self, Read},
    std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd},
};

#[cfg(target_os = "linux")]
/// `pidfd_open(2)`: a file descriptor for the process `pid` (Linux 5.3).
fn pidfd_open(pid: Pid) -> io::Result<OwnedFd> {
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid.as_raw(), 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) }) // SAFETY: a new fd, ours
}

#[cfg(target_os = "linux")]
/// `pidfd_send_signal(2)`: signal the process the pidfd names.
fn pidfd_send_signal(pidfd: &OwnedFd, signal: Signal) -> Result<(), Errno> {
    let null = std::ptr::null::<libc::siginfo_t>();
    let sent = unsafe {
        libc::syscall(
            libc::SYS_pidfd_send_signal,
            pidfd.as_raw_fd(),
            signal as i32,
            null,
            0,
        )
    };
    if sent < 0 { Err(Errno::last()) } else { Ok(()) }
}

#[cfg(target_os = "linux")]
/// Whether the process has ended: its pidfd becomes readable.
fn has_ended(pidfd: &OwnedFd, timeout: PollTimeout) -> bool {
    let mut fds = [PollFd::new(pidfd.as_fd(), PollFlags::POLLIN)];
    poll(&mut fds, timeout).unwrap() == 1
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    let (reader, _writer) = io::pipe().unwrap(); // the child waits on this
    let child = fork_child(move || {
        let _ = (&reader).read(&mut [0]);
        0
    });
    let pidfd = pidfd_open(child).expect("pidfd_open (Linux 5.3 or newer)");

    assert!(
        !has_ended(&pidfd, PollTimeout::ZERO),
        "alive, blocked in read"
    );
    pidfd_send_signal(&pidfd, Signal::SIGKILL).unwrap();
    assert!(
        has_ended(&pidfd, PollTimeout::NONE),
        "readable once it has died"
    );
    let status = waitpid(child, None).unwrap(); // reaped: the number is free
    assert_eq!(status, WaitStatus::Signaled(child, Signal::SIGKILL, false));

    // `kill(child, ...)` now could reach whatever process got the number
    // next. The pidfd still names the dead process, and only it:
    assert_eq!(
        pidfd_send_signal(&pidfd, Signal::SIGKILL),
        Err(Errno::ESRCH)
    );
    println!("killed and reaped through a pidfd; a second signal: ESRCH, no stranger hit");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
