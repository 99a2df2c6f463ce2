//! The pipe-buffer deadlock, detected instead of hung: the parent writes
//! 1 MiB to a child that echoes it, and only then starts reading.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::echo::{WOULD_BLOCK, echo_refusing_to_block},
    nix::fcntl::{FcntlArg, fcntl},
    std::env,
    std::io::{Read, Write},
    std::process::{self, Command, Stdio},
};

#[cfg(target_os = "linux")]
const MIB: usize = 1024 * 1024;

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
    let capacity = fcntl(&from_child, FcntlArg::F_GETPIPE_SZ).unwrap() as usize;
    println!("each pipe holds {capacity} bytes");

    // The natural order: send everything, then read the answer.
    let sent = vec![b'x'; MIB];
    let error = to_child.write_all(&sent).unwrap_err();
    println!("parent: writing 1 MiB failed with {:?}", error.kind());

    let mut echoed = Vec::new();
    from_child.read_to_end(&mut echoed).unwrap();
    let status = child.wait().unwrap();
    println!("child: {status} (its write back would have blocked)");
    assert_eq!(status.code(), Some(WOULD_BLOCK));
    assert!(echoed.len() <= capacity);
    println!("echoed before the stall: at most one pipe's worth, not 1 MiB");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
