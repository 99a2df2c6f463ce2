//! Python's `Process` with the `fork` start method: fork, wait, and read the
//! exit status, including the signal that killed a child.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::fork_child,
    nix::sys::signal::{Signal, kill},
    nix::sys::wait::{WaitStatus, waitpid},
    nix::unistd::{ForkResult, fork},
    std::io::{self, Read},
};

#[cfg(target_os = "linux")]
// ANCHOR: raw_fork
fn fork_copies_memory() {
    let mut tally = 41;
    // SAFETY: this program has one thread (Listing 4-2 explains why it matters).
    match unsafe { fork() }.expect("fork failed") {
        ForkResult::Child => {
            tally += 1; // changes the child's copy of `tally`, nothing else
            unsafe { libc::_exit(tally) } // end the child here, exit code 42
        }
        ForkResult::Parent { child } => {
            let WaitStatus::Exited(pid, code) = waitpid(child, None).unwrap() else {
                panic!("the child did not exit normally");
            };
            assert_eq!((pid, code, tally), (child, 42, 41));
            println!("child exited with code {code}; the parent's tally is still {tally}");
        }
    }
}
// ANCHOR_END: raw_fork

#[cfg(target_os = "linux")]
// ANCHOR: signals
fn exit_codes_and_signals() {
    // Each child blocks reading a pipe that nobody writes to, until killed.
    let (reader, _writer) = io::pipe().unwrap();
    let block = || {
        let _ = (&reader).read(&mut [0]);
        0
    };
    let panicking = fork_child(|| panic!("a bug in the child"));
    let terminated = fork_child(block);
    let killed = fork_child(block);
    kill(terminated, Signal::SIGTERM).unwrap(); // Python: p.terminate()
    kill(killed, Signal::SIGKILL).unwrap(); // Python: p.kill()

    for (name, pid) in [
        ("panicked", panicking),
        ("terminated", terminated),
        ("killed", killed),
    ] {
        let python_exitcode = match waitpid(pid, None).unwrap() {
            WaitStatus::Exited(_, code) => code,
            WaitStatus::Signaled(_, signal, _core_dumped) => -(signal as i32),
            other => panic!("unexpected status {other:?}"),
        };
        println!("{name:>10}: Python would report exitcode {python_exitcode}");
    }
}
// ANCHOR_END: signals

#[cfg(target_os = "linux")]
fn main() {
    fork_copies_memory();
    exit_codes_and_signals();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
