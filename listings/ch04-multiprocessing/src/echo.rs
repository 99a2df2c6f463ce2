//! The child programs of the pipe-deadlock listings: copy stdin to stdout,
//! like `cat`.

use std::io::{self, Read};

use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, fcntl};

/// The exit code of `echo_refusing_to_block` when it stops.
pub const WOULD_BLOCK: i32 = 75;

/// How many bytes either echo reads from stdin at a time.
pub const ECHO_BUFFER: usize = 64 * 1024;

/// Copies stdin to stdout until end of input. A write blocks while the pipe
/// to the parent is full, exactly like `cat`.
pub fn echo() -> i32 {
    let mut buffer = vec![0; ECHO_BUFFER];
    loop {
        let n = io::stdin().read(&mut buffer).unwrap();
        if n == 0 {
            return 0;
        }
        write_all_raw(&buffer[..n]).unwrap();
    }
}

// ANCHOR: refusing
/// Like `echo`, but stdout is non-blocking: when the pipe back to the parent
/// is full, the write fails with `EAGAIN` instead of waiting. A blocking
/// echo would wait here forever, so this one exits with `WOULD_BLOCK`.
pub fn echo_refusing_to_block() -> i32 {
    let stdout = io::stdout();
    let flags = OFlag::from_bits_retain(fcntl(&stdout, FcntlArg::F_GETFL).unwrap());
    fcntl(&stdout, FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK)).unwrap();
    let mut buffer = vec![0; ECHO_BUFFER];
    loop {
        let n = io::stdin().read(&mut buffer).unwrap();
        if n == 0 {
            return 0;
        }
        match write_all_raw(&buffer[..n]) {
            Ok(()) => {}
            Err(Errno::EAGAIN) => return WOULD_BLOCK, // the deadlock, detected
            Err(other) => panic!("write failed: {other}"),
        }
    }
}
// ANCHOR_END: refusing

/// `write(2)` straight to fd 1, bypassing `Stdout`'s line buffer.
fn write_all_raw(mut bytes: &[u8]) -> Result<(), Errno> {
    while !bytes.is_empty() {
        let written = nix::unistd::write(io::stdout(), bytes)?;
        bytes = &bytes[written..];
    }
    Ok(())
}
