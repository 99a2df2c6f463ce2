use std::ops::{Deref, DerefMut};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child that is killed and reaped when the check ends, whatever
/// `wait_or_kill` did: a failing check leaves no `sleep 30` behind.
struct Worker(Child);

impl Deref for Worker {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl DerefMut for Worker {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The shell's output goes nowhere: a pipe it held open would keep
/// whoever reads the test's output waiting.
fn sh(script: &str) -> Worker {
    let child = Command::new("sh").args(["-c", script]).stdout(Stdio::null()).spawn().unwrap();
    Worker(child)
}

/// Whether process `pid` still has an entry in /proc (running, or a zombie).
fn exists(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

exercises::checks! {
    fn a_worker_that_finishes_in_time() {
        let mut child = sh("exit 4");
        assert_eq!(wait_or_kill(&mut child, Duration::from_secs(5)).unwrap(), Ending::InTime(Some(4)));
        assert!(!exists(child.id()), "reaped");
    }

    /// `sleep 30` with a deadline of 100 ms: killed long before it would end.
    fn a_hung_worker_is_killed() {
        let started = Instant::now();
        let mut child = sh("exec sleep 30");
        assert_eq!(wait_or_kill(&mut child, Duration::from_millis(100)).unwrap(), Ending::Killed);
        assert!(started.elapsed() < Duration::from_secs(10), "the deadline was kept");
    }

    /// A killed child that nobody waits for stays in /proc as a zombie.
    fn a_killed_worker_is_reaped() {
        let mut child = sh("exec sleep 30");
        wait_or_kill(&mut child, Duration::from_millis(50)).unwrap();
        assert!(!exists(child.id()), "process {} is still in /proc: not reaped", child.id());
    }
}
