//! Python's `Pipe()`: a two-way connection between a parent and a child.
//! On Unix a duplex `Pipe` is a socket pair, and so is this one.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::{fork_child, wait_exit_code},
    std::io::{BufRead, BufReader, Write},
    std::net::Shutdown,
    std::os::unix::net::UnixStream,
};

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    let (parent_end, child_end) = UnixStream::pair().unwrap();

    let child = fork_child(move || {
        // Answer each "ping N" with "pong N" until the parent hangs up.
        let mut replies = &child_end;
        for line in BufReader::new(&child_end).lines() {
            let n = line.unwrap().strip_prefix("ping ").unwrap().to_string();
            writeln!(replies, "pong {n}").unwrap();
        }
        0
    });
    // `move` took `child_end` into the closure; in the parent, the closure
    // and that copy of the socket are already gone.

    let mut requests = &parent_end;
    let mut replies = BufReader::new(&parent_end);
    for n in 1..=3 {
        writeln!(requests, "ping {n}").unwrap();
        let mut reply = String::new();
        replies.read_line(&mut reply).unwrap();
        println!(
            "parent sent \"ping {n}\", child answered {:?}",
            reply.trim_end()
        );
        assert_eq!(reply, format!("pong {n}\n"));
    }
    parent_end.shutdown(Shutdown::Write).unwrap(); // the child's loop sees EOF
    assert_eq!(wait_exit_code(child), 0);
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
