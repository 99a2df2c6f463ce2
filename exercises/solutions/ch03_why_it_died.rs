// ch03-why-it-died: an exit code or a signal.

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

/// How a worker process ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It exited, with this code.
    Exited(i32),
    /// A signal killed it: 6 for SIGABRT, 9 for SIGKILL, 15 for SIGTERM.
    Killed(i32),
}

/// Runs `script` with `sh -c`, reaps it, and returns how it ended and what
/// it wrote to stdout.
pub fn run(script: &str) -> io::Result<(Outcome, String)> {
    let output = Command::new("sh").args(["-c", script]).output()?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let status = output.status;
    // exercise: solution
    let outcome = match (status.code(), status.signal()) {
        (Some(code), _) => Outcome::Exited(code),
        (None, Some(signal)) => Outcome::Killed(signal),
        (None, None) => unreachable!("on Unix a process exits or is killed"),
    };
    // exercise: stub
    // let outcome = todo!("an exit code, from `status.code()`, or a signal, from `ExitStatusExt::signal`");
    // exercise: end
    Ok((outcome, stdout))
}
