//! The fix for the pipe-buffer deadlock: write from one thread while another
//! reads, so neither pipe stays full.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::echo::echo,
    std::io::{Read, Write},
    std::process::{self, Command, Stdio},
    std::{env, thread},
};

#[cfg(target_os = "linux")]
const MIB: usize = 1024 * 1024;

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some("--echo") {
        process::exit(echo()); // the child's role: a plain, blocking echo
    }
    let mut child = Command::new(env::current_exe().unwrap())
        .arg("--echo")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to_child = child.stdin.take().unwrap();
    let mut from_child = child.stdout.take().unwrap();

    let sent: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8).collect();
    let echoed = thread::scope(|scope| {
        scope.spawn(|| {
            to_child.write_all(&sent).unwrap();
            drop(to_child); // end of input: the child's loop ends
        });
        let mut echoed = Vec::new();
        from_child.read_to_end(&mut echoed).unwrap(); // meanwhile, read
        echoed
    });
    assert!(child.wait().unwrap().success());
    assert!(echoed == sent);
    println!(
        "sent {} bytes, got {} bytes back, identical",
        sent.len(),
        echoed.len()
    );
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
