//! `futures::executor::block_on` inside a current-thread tokio runtime,
//! on a future that needs a task of that runtime: nothing can ever run the
//! task, so it never returns. The deadlock runs in a child process, which
//! the parent kills and reaps; `.await` in its place finishes.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use tokio::runtime::Builder;
use tokio::sync::oneshot;

const CHILD: &str = "--be-the-deadlock";

/// Kills and reaps the child however the parent leaves this scope.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

// ANCHOR: deadlock
/// What the child runs: the deadlock itself.
fn deadlock() {
    let runtime = Builder::new_current_thread().build().unwrap();
    runtime.block_on(async {
        let (tx, rx) = oneshot::channel();
        tokio::spawn(async move { tx.send(42).unwrap() }); // queued on this thread
        println!("child: calling futures::executor::block_on(rx)");
        let n = futures::executor::block_on(rx).unwrap(); // parks this thread
        println!("child: got {n}"); // never printed
    });
}

/// The fix: `.await` gives the thread back, and the sender task runs.
fn fixed() -> u32 {
    Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(async {
            let (tx, rx) = oneshot::channel();
            tokio::spawn(async move { tx.send(42).unwrap() });
            rx.await.unwrap()
        })
}
// ANCHOR_END: deadlock

// ANCHOR: main
fn main() {
    if std::env::args().nth(1).as_deref() == Some(CHILD) {
        return deadlock();
    }
    let mut me = Command::new(std::env::current_exe().unwrap());
    let mut child = Reaped(me.arg(CHILD).stdout(Stdio::piped()).spawn().unwrap());
    let (lines_tx, lines) = mpsc::channel();
    let stdout = BufReader::new(child.0.stdout.take().unwrap());
    let reader = thread::spawn(move || {
        stdout
            .lines()
            .for_each(|l| lines_tx.send(l.unwrap()).unwrap())
    });

    println!("{}", lines.recv().unwrap()); // the child is at block_on
    // It can never print again; half a second only shows that it has not.
    let next = lines.recv_timeout(Duration::from_millis(500));
    assert_eq!(
        next,
        Err(mpsc::RecvTimeoutError::Timeout),
        "the child went on"
    );
    child.0.kill().unwrap();
    let status = child.0.wait().unwrap();
    reader.join().unwrap(); // the pipe closed with the child
    println!("parent: no word for 500 ms; killed and reaped the child ({status})");
    assert_eq!(status.signal(), Some(9));

    let n = fixed(); // the same program with rx.await
    println!("with rx.await instead: got {n}");
    assert_eq!(n, 42);
}
// ANCHOR_END: main
