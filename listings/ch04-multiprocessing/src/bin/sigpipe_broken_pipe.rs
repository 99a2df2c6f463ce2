//! Writing to a pipe whose reader is gone: Rust ignores SIGPIPE, so the
//! write returns `BrokenPipe`; a process with the default disposition is
//! killed by the signal instead.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::fork_child,
    nix::sys::signal::{SigHandler, Signal, signal},
    nix::sys::wait::{WaitStatus, waitpid},
    std::fs,
    std::io::{self, ErrorKind, Write},
    std::process::Command,
};

#[cfg(target_os = "linux")]
/// Is SIGPIPE ignored, according to the `SigIgn` mask in `/proc/PID/status`?
fn sigpipe_ignored(status_file: &str) -> bool {
    let line = status_file
        .lines()
        .find(|l| l.starts_with("SigIgn:"))
        .unwrap();
    let mask = u64::from_str_radix(line["SigIgn:".len()..].trim(), 16).unwrap();
    mask & (1 << (libc::SIGPIPE - 1)) != 0
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    let ours = fs::read_to_string("/proc/self/status").unwrap();
    println!(
        "this Rust program ignores SIGPIPE: {}",
        sigpipe_ignored(&ours)
    );

    let (reader, mut writer) = io::pipe().unwrap();
    drop(reader); // no process has the read end open any more
    let error = writer.write(b"hello").unwrap_err();
    println!("its write returns Err: {:?}, {error}", error.kind());
    assert_eq!(error.kind(), ErrorKind::BrokenPipe);
    assert_eq!(error.raw_os_error(), Some(libc::EPIPE));

    let child = fork_child(move || {
        // SAFETY: SIG_DFL installs no handler, so no code runs in a handler.
        unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) }.unwrap();
        let _ = writer.write(b"hello"); // the kernel kills us right here
        0
    });
    let WaitStatus::Signaled(_, signal, _) = waitpid(child, None).unwrap() else {
        panic!("the child was not killed by a signal");
    };
    println!("a child with the default disposition is killed by {signal:?}");
    assert_eq!(signal, Signal::SIGPIPE);

    // `Command` resets SIGPIPE to the default before `exec` (see the text).
    let output = Command::new("cat").arg("/proc/self/status").output();
    let theirs = String::from_utf8(output.unwrap().stdout).unwrap();
    println!(
        "`cat` started by Command ignores SIGPIPE: {}",
        sigpipe_ignored(&theirs)
    );
    assert!(sigpipe_ignored(&ours) && !sigpipe_ignored(&theirs));
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
