use std::env;
use std::panic;
use std::process::{self, Command};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use ch06_testing::pool_mutant::ThreadPool; // join does not wait
use shuttle::sync::{Arc, Mutex};

static RUNS: AtomicUsize = AtomicUsize::new(0);

/// The first property of Listing 6-21, against the mutant pool.
fn each_job_runs_once() {
    RUNS.fetch_add(1, SeqCst);
    let pool = ThreadPool::new(2);
    let runs = Arc::new(Mutex::new([0; 3]));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let runs = Arc::clone(&runs);
            pool.submit(move || {
                runs.lock().unwrap()[i] += 1;
                i * 10
            })
        })
        .collect();
    for (i, handle) in handles.into_iter().enumerate() {
        assert_eq!(handle.join().unwrap(), i * 10);
    }
    drop(pool);
    assert_eq!(*runs.lock().unwrap(), [1, 1, 1], "a job ran twice or never");
}

// ANCHOR: main
fn main() {
    let mut args = env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (Some("check"), _) => return check(), // the children, see below
        (Some("replay"), Some(schedule)) => return replay(&schedule),
        _ => {}
    }
    // 1. Search random schedules, as a test would, and read what shuttle said.
    let said = run_child(&["check"]);
    let complaint = first_panic(&said);
    let runs = said
        .lines()
        .find_map(|l| l.strip_prefix("schedules run: "))
        .unwrap();
    println!("caught at schedule {runs}: {complaint}");
    let schedule = said
        .split_once("failing schedule:\n\"\n")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map(|(schedule, _)| schedule.to_owned())
        .expect("shuttle prints the failing schedule");
    println!("failing schedule: {schedule:?}");

    // 2. Hand that string to shuttle::replay: the same steps, the same panic.
    let replayed = run_child(&["replay", &schedule]);
    assert_eq!(
        first_panic(&replayed),
        complaint,
        "the replay must fail alike"
    );
    println!("replayed: {complaint}");
}
// ANCHOR_END: main

/// Child 1: 1000 random schedules from a fixed seed (the same run each time).
fn check() {
    let caught = panic::catch_unwind(|| {
        shuttle::check_random_with_seed(each_job_runs_once, 2026, 1000);
    });
    println!("schedules run: {}", RUNS.load(SeqCst));
    process::exit(if caught.is_ok() { 0 } else { 1 });
}

/// Child 2: one schedule, exactly as given.
fn replay(schedule: &str) {
    shuttle::replay(each_job_runs_once, schedule);
}

/// Runs this program with `args`; it must fail. Returns stdout and stderr.
fn run_child(args: &[&str]) -> String {
    let me = env::current_exe().expect("path of this program");
    let child = Command::new(me).args(args).output().expect("run the child");
    assert!(
        !child.status.success(),
        "{args:?} must fail: the bug is caught"
    );
    let (out, err) = (&child.stdout, &child.stderr);
    String::from_utf8_lossy(out).into_owned() + &String::from_utf8_lossy(err)
}

/// The message of the first panic that std's hook reported.
fn first_panic(said: &str) -> String {
    let mut lines = said
        .lines()
        .skip_while(|line| !line.contains(" panicked at "));
    lines.nth(1).expect("a panic was reported").to_owned()
}
