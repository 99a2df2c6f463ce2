//! Child processes that an experiment starts and talks to in lines, and that
//! cannot outlive it or hang it.
//!
//! Two rules make that so. Every wait has a deadline: the child's stdout is
//! read line by line on a thread of its own and handed over on a channel, so
//! the experiment waits with `recv_timeout` instead of a read that could
//! block for ever. And a `ChildProcess` dropped before it was reaped (an
//! error returned early, a panic unwinding) kills and reaps its process, so
//! no path leaves a process running or a zombie behind.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::Error;

/// The command line that starts this executable as a child process of
/// experiment `name`: `experiments __child <name>`; add the child's own
/// arguments to it.
pub fn child_command(name: &str) -> Command {
    let exe = std::env::current_exe().expect("the running executable has a path");
    let mut command = Command::new(exe);
    command.args(["__child", name]);
    command
}

/// `python/<file>` of this crate: the Python side of an experiment.
pub fn python_script(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(file)
}

/// The `python3` on PATH, if any: experiments with a Python side skip it
/// (and say so in their notes) when there is none.
pub fn python3() -> Option<PathBuf> {
    let mut command = Command::new("python3");
    command.args(["-c", "import sys; print(sys.executable)"]);
    let lines = ChildProcess::start("python3", command)
        .ok()?
        .finish(Duration::from_secs(30))
        .ok()?;
    lines.first().map(PathBuf::from)
}

/// A running child process with piped stdin and stdout. Its stderr is ours,
/// so whatever it reports when it fails reaches the terminal (and the
/// output of a failing test).
pub struct ChildProcess {
    /// Names it in errors: "the server", "python/gil.py".
    name: String,
    process: Child,
    /// `None` once closed, which tells a child that reads it to finish.
    stdin: Option<ChildStdin>,
    /// Its stdout, a line at a time; the channel disconnects when the child
    /// closes its stdout, which it does by exiting.
    lines: Receiver<String>,
    reaped: bool,
}

impl ChildProcess {
    pub fn start(name: impl Into<String>, mut command: Command) -> Result<ChildProcess, Error> {
        let name = name.into();
        let mut process = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting {name}: {e}"))?;
        let stdout = process.stdout.take().expect("stdout is piped");
        let (sender, lines) = mpsc::channel();
        // The thread ends at end of file, or when the receiver is gone.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).split(b'\n') {
                let Ok(line) = line else { break };
                if sender
                    .send(String::from_utf8_lossy(&line).into_owned())
                    .is_err()
                {
                    break;
                }
            }
        });
        Ok(ChildProcess {
            name,
            stdin: process.stdin.take(),
            process,
            lines,
            reaped: false,
        })
    }

    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    /// The child's next line of stdout, waiting at most `timeout` for it.
    pub fn next_line(&mut self, timeout: Duration) -> Result<String, Error> {
        match self.lines.recv_timeout(timeout) {
            Ok(line) => Ok(line),
            Err(RecvTimeoutError::Timeout) => {
                Err(format!("{} printed nothing within {timeout:?}", self.name).into())
            }
            Err(RecvTimeoutError::Disconnected) => {
                let (_, status) = self.reap_within(timeout)?;
                Err(format!("{} exited ({status}) before printing a line", self.name).into())
            }
        }
    }

    /// Waits at most `timeout` for the child's next line, which must start
    /// with `word`, and returns the rest of it, trimmed.
    pub fn expect(&mut self, word: &str, timeout: Duration) -> Result<String, Error> {
        let line = self.next_line(timeout)?;
        match line.strip_prefix(word) {
            Some(rest) => Ok(rest.trim().to_string()),
            None => Err(format!("{} said {line:?}, expected {word:?}", self.name).into()),
        }
    }

    /// Writes one line to the child's stdin.
    pub fn say(&mut self, line: &str) -> Result<(), Error> {
        let name = &self.name;
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| format!("the stdin of {name} is closed"))?;
        writeln!(stdin, "{line}").map_err(|e| format!("writing to {name}: {e}"))?;
        Ok(())
    }

    /// For a child that ends by itself: closes its stdin, reads the rest of
    /// its stdout until it exits (at most `timeout`), reaps it and requires
    /// exit status 0. Returns the lines not read yet.
    pub fn finish(mut self, timeout: Duration) -> Result<Vec<String>, Error> {
        self.stdin = None;
        let (rest, status) = self.reap_within(timeout)?;
        if status.success() {
            Ok(rest)
        } else {
            Err(format!("{} exited with {status}", self.name).into())
        }
    }

    /// For a child that runs until it is stopped (a server): sends it
    /// SIGTERM, reaps it, and requires that our signal ended it, not a crash
    /// before it.
    pub fn terminate(mut self, timeout: Duration) -> Result<(), Error> {
        if self.reaped {
            // Its pid may belong to another process by now: signal nothing.
            return Err(format!("{} had already exited", self.name).into());
        }
        kill(Pid::from_raw(self.pid() as i32), Signal::SIGTERM)?;
        let (_, status) = self.reap_within(timeout)?;
        if status.signal() == Some(Signal::SIGTERM as i32) {
            Ok(())
        } else {
            Err(format!("{} ended with {status}, not by our SIGTERM", self.name).into())
        }
    }

    /// Reads stdout to its end, which comes when the child exits, then reaps
    /// the child. Past `timeout` the child is killed and reaped, and that is
    /// an error.
    fn reap_within(&mut self, timeout: Duration) -> Result<(Vec<String>, ExitStatus), Error> {
        let deadline = Instant::now() + timeout;
        let mut rest = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => rest.push(line),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    self.kill_and_reap();
                    let name = &self.name;
                    return Err(format!("{name} did not exit within {timeout:?}; killed it").into());
                }
            }
        }
        let status = self
            .process
            .wait()
            .map_err(|e| format!("{}: {e}", self.name))?;
        self.reaped = true;
        Ok((rest, status))
    }

    fn kill_and_reap(&mut self) {
        // `kill` fails only if the child has already exited; `wait` reaps it either way.
        let _ = self.process.kill();
        let _ = self.process.wait();
        self.reaped = true;
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        if !self.reaped {
            self.kill_and_reap();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `pid` is still a process (running, or a zombie not reaped).
    fn exists(pid: u32) -> bool {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
    }

    #[test]
    fn lines_come_back_and_a_clean_exit_is_reaped() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo ready; read word; echo \"got $word\"; echo bye"]);
        let mut child = ChildProcess::start("the shell", command).unwrap();
        let pid = child.pid();
        assert_eq!(child.next_line(Duration::from_secs(30)).unwrap(), "ready");
        child.say("go").unwrap();
        assert_eq!(child.expect("got", Duration::from_secs(30)).unwrap(), "go");
        assert_eq!(child.finish(Duration::from_secs(30)).unwrap(), ["bye"]);
        assert!(!exists(pid), "the child was not reaped");
    }

    #[test]
    fn a_child_that_never_answers_times_out_and_is_reaped_on_drop() {
        // `cat` with nothing on its stdin prints nothing and never exits.
        let mut child = ChildProcess::start("the silent cat", Command::new("cat")).unwrap();
        let pid = child.pid();
        let error = child.next_line(Duration::from_millis(50)).unwrap_err();
        assert!(error.to_string().contains("the silent cat"), "{error}");
        drop(child);
        assert!(!exists(pid), "the child was not killed and reaped");
    }

    #[test]
    fn a_failing_child_is_an_error_that_names_it() {
        let mut command = Command::new("sh");
        command.args(["-c", "exit 3"]);
        let child = ChildProcess::start("the failing shell", command).unwrap();
        let error = child.finish(Duration::from_secs(30)).unwrap_err();
        assert!(error.to_string().contains("the failing shell"), "{error}");
    }

    #[test]
    fn terminate_requires_our_signal() {
        let child = ChildProcess::start("the server cat", Command::new("cat")).unwrap();
        let pid = child.pid();
        child.terminate(Duration::from_secs(30)).unwrap();
        assert!(!exists(pid));
    }
}
