//! Reaping children as SIGCHLD arrives, read from a signalfd
//! instead of a signal handler. Signals of one kind coalesce, so each
//! notification reaps every child that has ended, in a loop.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::fork_child,
    nix::errno::Errno,
    nix::sys::signal::{SigSet, SigmaskHow, Signal, sigprocmask},
    nix::sys::signalfd::SignalFd,
    nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid},
    std::collections::BTreeSet,
};

const CHILDREN: i32 = 3;

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    // Block SIGCHLD first: it then waits in the signalfd instead of running
    // a handler, and none can arrive before we are ready to read it.
    let mut sigchld = SigSet::empty();
    sigchld.add(Signal::SIGCHLD);
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&sigchld), None).unwrap();
    let notifications = SignalFd::new(&sigchld).unwrap();

    for code in 1..=CHILDREN {
        fork_child(move || code); // each child exits at once with its code
    }

    let (mut codes, mut signals) = (BTreeSet::new(), 0);
    while codes.len() < CHILDREN as usize {
        notifications.read_signal().unwrap(); // blocks until a SIGCHLD
        signals += 1;
        // One SIGCHLD may stand for several children: reap all that ended.
        loop {
            match waitpid(None, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::Exited(_, code)) => drop(codes.insert(code)),
                Ok(WaitStatus::StillAlive) | Err(Errno::ECHILD) => break, // none ended, or none left
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    assert!(
        (1..=CHILDREN).contains(&signals),
        "at most one SIGCHLD per child"
    );
    assert_eq!(codes, (1..=CHILDREN).collect());
    println!("reaped {CHILDREN} children, exit codes {codes:?}, from 1 to 3 SIGCHLDs");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
