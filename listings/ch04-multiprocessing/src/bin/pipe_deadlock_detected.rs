//! The pipe-buffer deadlock, detected instead of hung: the parent writes
//! more than the pipes can hold to a child that echoes it, and only then
//! starts reading.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::echo::{ECHO_BUFFER, WOULD_BLOCK, echo_refusing_to_block},
    nix::fcntl::{FcntlArg, fcntl},
    std::env,
    std::io::{Read, Write},
    std::os::fd::AsFd,
    std::process::{self, Command, Stdio},
};

/// The kernel's page size: pipe capacities are counted in pages.
#[cfg(target_os = "linux")]
fn page_size() -> usize {
    // SAFETY: `sysconf` takes a constant and touches none of our memory.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).expect("sysconf(_SC_PAGESIZE) failed")
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some("--echo") {
        process::exit(echo_refusing_to_block()); // the child's role
    }
    let mut child = Command::new(env::current_exe().unwrap())
        .arg("--echo")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to_child = child.stdin.take().unwrap();
    let mut from_child = child.stdout.take().unwrap();
    let size = |pipe| fcntl(pipe, FcntlArg::F_GETPIPE_SZ).unwrap() as usize;
    let capacity = size(to_child.as_fd()).max(size(from_child.as_fd()));
    println!("each pipe holds {} pages", capacity / page_size());

    // The natural order: send everything, then read the answer. Both pipes
    // and the child's buffer cannot absorb this much, whatever the page size.
    let sent = vec![b'x'; 4 * capacity + ECHO_BUFFER];
    let error = to_child.write_all(&sent).unwrap_err().kind();
    println!("parent: writing 4 pipes' worth failed with {error:?}");

    let mut echoed = Vec::new();
    from_child.read_to_end(&mut echoed).unwrap();
    let status = child.wait().unwrap();
    println!("child: {status} (its write back would have blocked)");
    assert_eq!(status.code(), Some(WOULD_BLOCK));
    assert!(echoed.len() <= capacity);
    println!("echoed before the stall: at most one pipe's worth, not all of it");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
