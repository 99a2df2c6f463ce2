//! Rust has no monkey-patching: a blocking std call inside a coroutine
//! blocks the thread, and with it every other coroutine on that thread.

use std::cell::RefCell;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::rc::Rc;
use std::time::{Duration, Instant};

use corosensei::{Coroutine, CoroutineResult, Yielder};

type Log = Rc<RefCell<Vec<String>>>;

fn note(log: &Log, line: impl Into<String>) {
    log.borrow_mut().push(line.into());
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Socket {
    /// What std's `TcpStream::read` does: wait in the kernel.
    Blocking,
    /// What a monkey-patched gevent socket does: try, and if the read would
    /// block, switch to the hub and try again later.
    Green,
}

// ANCHOR: read_line
fn read_line(
    yielder: &Yielder<(), ()>,
    stream: &mut TcpStream,
    kind: Socket,
    log: &Log,
) -> io::Result<String> {
    stream.set_nonblocking(kind == Socket::Green)?;
    let (mut line, mut buf, mut told) = (Vec::new(), [0u8; 64], false);
    while !line.ends_with(b"\n") {
        match stream.read(&mut buf) {
            Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
            Ok(n) => line.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock && kind == Socket::Green => {
                if !told {
                    note(log, "reader: nothing yet, switching to the hub");
                    told = true;
                }
                yielder.suspend(()); // let the other coroutines run
            }
            Err(e) => return Err(e),
        }
    }
    Ok(String::from_utf8_lossy(&line).trim_end().to_string())
}
// ANCHOR_END: read_line

// ANCHOR: run
/// A reader coroutine waits for a line that a writer coroutine, on the same
/// thread, is about to send. The hub starts the reader first.
fn run(kind: Socket) -> Vec<String> {
    // Two ends of a loopback TCP connection. The reader's end has a 300 ms
    // read timeout: without it the blocking version would wait forever.
    let (mut reader_end, mut to_reader) = loopback_pair();

    let log = Log::default();
    let reader = Coroutine::new({
        let log = Rc::clone(&log);
        move |yielder, ()| {
            note(&log, "reader: waiting for a line");
            let started = Instant::now();
            match read_line(yielder, &mut reader_end, kind, &log) {
                Ok(line) => note(&log, format!("reader: got {line:?}")),
                Err(e) => {
                    assert!(matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::TimedOut
                    ));
                    let waited = started.elapsed();
                    note(&log, format!("reader: read() timed out after {waited:?}"));
                }
            }
        }
    });
    let writer = Coroutine::new({
        let log = Rc::clone(&log);
        move |_: &Yielder<(), ()>, ()| {
            note(&log, "writer: sending \"hello\"");
            to_reader.write_all(b"hello\n").unwrap();
        }
    });

    let mut ready = vec![reader, writer]; // the hub: round robin until all return
    while !ready.is_empty() {
        ready.retain_mut(|c| matches!(c.resume(()), CoroutineResult::Yield(())));
    }
    log.take()
}
// ANCHOR_END: run

fn loopback_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let writer_end = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (reader_end, _) = listener.accept().unwrap();
    let timeout = Some(Duration::from_millis(300));
    reader_end.set_read_timeout(timeout).unwrap();
    (reader_end, writer_end)
}

// ANCHOR: main
fn main() {
    let blocking = run(Socket::Blocking);
    println!("blocking read:\n  {}", blocking.join("\n  "));
    assert_eq!(blocking.last().unwrap(), "writer: sending \"hello\"");

    let green = run(Socket::Green);
    println!("green read:\n  {}", green.join("\n  "));
    assert_eq!(green.last().unwrap(), "reader: got \"hello\"");
}
// ANCHOR_END: main
