use std::io::{self, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::{env, thread};

// ANCHOR: child
/// The program under test, run as a child process. The worker's long job is
/// waiting for stdin to close, which the parent controls: that makes the
/// listing deterministic, where a long `sleep` would only be very likely.
fn child_main(join_before_returning: bool) {
    let (started_tx, started_rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        println!("worker: started");
        started_tx.send(()).unwrap();
        long_job();
        println!("worker: finished");
    });
    started_rx.recv().unwrap(); // the worker is running now
    if join_before_returning {
        worker.join().unwrap();
    }
    println!("main: returning");
}
// ANCHOR_END: child

fn long_job() {
    io::stdin().read_to_end(&mut Vec::new()).unwrap();
}

// ANCHOR: parent
/// Runs this same executable as a child and returns the lines it printed.
fn run_child(join_before_returning: bool) -> Vec<String> {
    let mut child = Command::new(env::current_exe().unwrap())
        .arg(format!("--child-joins={join_before_returning}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start child");
    let stdin = child.stdin.take().unwrap();
    if join_before_returning {
        drop(stdin); // end the long job, so the join can return
    }
    // Read until the child's stdout closes, i.e. until the child has exited.
    // Without the join, our end of its stdin is still open at that point.
    let printed = io::read_to_string(child.stdout.take().unwrap()).unwrap();
    assert!(child.wait().unwrap().success()); // reap it
    printed.lines().map(String::from).collect()
}

fn main() {
    if let Some(mode) = env::args().nth(1) {
        return child_main(mode == "--child-joins=true");
    }
    let without_join = run_child(false);
    println!("without join, the child printed {without_join:?}");
    assert_eq!(without_join, ["worker: started", "main: returning"]);
    let with_join = run_child(true);
    println!("with join, the child printed    {with_join:?}");
    assert_eq!(
        with_join,
        ["worker: started", "worker: finished", "main: returning"]
    );
}
// ANCHOR_END: parent
