// ch03-deadline-kill: kill a hung worker, and reap it.

use std::io;
use std::process::Child;
use std::time::Duration;

use wait_timeout::ChildExt;

/// How a worker with a deadline ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// It exited in time, with this code (`None` if a signal killed it).
    InTime(Option<i32>),
    /// It was still running at the deadline, and was killed.
    Killed,
}

/// Waits for `child` at most `deadline`; a child still running then is
/// killed. Either way, the child has been reaped when this returns: it is
/// no zombie.
pub fn wait_or_kill(child: &mut Child, deadline: Duration) -> io::Result<Ending> {
    // exercise: solution
    match child.wait_timeout(deadline)? {
        Some(status) => Ok(Ending::InTime(status.code())),
        None => {
            child.kill()?;
            child.wait()?;
            Ok(Ending::Killed)
        }
    }
    // exercise: stub
    // todo!("wait with a timeout (`wait_timeout::ChildExt`); at the deadline, kill the child and wait for it")
    // exercise: end
}
