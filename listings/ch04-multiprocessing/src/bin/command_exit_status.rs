//! Python's `Process` with the `spawn` start method: start a fresh program
//! (here, this same executable in a child role) and read its exit status.

#[cfg(target_os = "linux")]
use {
    nix::sys::signal::{Signal, kill},
    nix::unistd::Pid,
    std::io::{self, Read},
    std::os::unix::process::ExitStatusExt,
    std::process::{self, Child, Command, Stdio},
    std::{env, path::Path},
};

#[cfg(target_os = "linux")]
/// A child that reads its stdin to the end. It never gets there: the parent
/// signals it before `Child::wait` closes the pipe, and a pending `SIGTERM`
/// or `SIGKILL` ends it wherever it is.
fn spawn_waiting(me: &Path) -> Child {
    let mut command = Command::new(me);
    command.arg("--read-stdin").stdin(Stdio::piped());
    command.spawn().unwrap()
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    match env::args().nth(1).as_deref() {
        Some("--exit-with-3") => process::exit(3),
        Some("--read-stdin") => {
            let _ = io::stdin().read_to_end(&mut Vec::new());
            return;
        }
        _ => {} // no arguments: this is the parent
    }
    let me = env::current_exe().unwrap();
    let exited = Command::new(&me).arg("--exit-with-3").status().unwrap();

    let mut terminated = spawn_waiting(&me);
    let mut killed = spawn_waiting(&me);
    kill(Pid::from_raw(terminated.id() as i32), Signal::SIGTERM).unwrap();
    killed.kill().unwrap(); // sends SIGKILL on Unix
    let terminated = terminated.wait().unwrap();
    let killed = killed.wait().unwrap();

    for status in [exited, terminated, killed] {
        let (shown, code, signal) = (status.to_string(), status.code(), status.signal());
        println!("{shown:<21} code() = {code:?}, signal() = {signal:?}");
    }
    assert_eq!((exited.code(), exited.signal()), (Some(3), None));
    assert_eq!(terminated.signal(), Some(libc::SIGTERM));
    assert_eq!(
        (killed.code(), killed.signal()),
        (None, Some(libc::SIGKILL))
    );
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
