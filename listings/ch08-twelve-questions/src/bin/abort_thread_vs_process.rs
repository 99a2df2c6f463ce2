//! Question 3: why a Rust program picks a process over a thread. Three small
//! programs, each a main thread plus one worker that fails:
//!
//! - a worker thread that panics: `join` reports it, main carries on;
//! - a worker thread that aborts: the whole program dies, main included;
//! - a worker process that aborts: only the worker dies.
//!
//! Each program runs as a child of this one (the same executable, started
//! again with a role), so the listing can watch how it ends. Linux only
//! (`setrlimit` through `nix`, and the signal number of `SIGABRT`).

#[cfg(target_os = "linux")]
use {
    nix::sys::resource::{Resource, setrlimit},
    nix::sys::signal::Signal,
    std::os::unix::process::ExitStatusExt,
    std::process::{self, Command, ExitStatus},
    std::{env, thread},
};

#[cfg(target_os = "linux")]
const ROLE: &str = "--role";

#[cfg(target_os = "linux")]
// ANCHOR: programs
/// One of the three programs, or the worker process of the third.
fn program(role: &str) {
    // These programs crash on purpose: no core files, please. The limit is
    // inherited by the worker process too.
    setrlimit(Resource::RLIMIT_CORE, 0, 0).unwrap();
    if role == "worker" {
        process::abort(); // SIGABRT: no unwinding, no destructors
    }
    println!("main: starting the worker");
    match role {
        "thread-panics" => {
            let joined = thread::spawn(|| panic!("worker failed")).join();
            println!("main: join returned an error: {}", joined.is_err());
        }
        "thread-aborts" => {
            let joined = thread::spawn(|| process::abort()).join();
            println!("main: join returned an error: {}", joined.is_err());
        }
        "process-aborts" => {
            let me = env::current_exe().unwrap();
            let status = Command::new(me).args([ROLE, "worker"]).status().unwrap();
            println!("main: the worker process ended: {}", describe(status));
        }
        other => panic!("unknown role {other}"),
    }
    println!("main: still running");
}
// ANCHOR_END: programs

/// How a process ended, in words.
#[cfg(target_os = "linux")]
fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => match Signal::try_from(signal) {
            Ok(name) => format!("killed by {name}"),
            Err(_) => format!("killed by signal {signal}"),
        },
        (None, None) => format!("{status}"),
    }
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    if let [_, flag, role] = &env::args().collect::<Vec<_>>()[..]
        && flag == ROLE
    {
        return program(role);
    }
    for role in ["thread-panics", "thread-aborts", "process-aborts"] {
        // Run the program; keep what its main thread printed.
        let me = env::current_exe().unwrap();
        let run = Command::new(me).args([ROLE, role]).output().unwrap();
        let printed = String::from_utf8(run.stdout).unwrap();
        println!("program {role}: {}", describe(run.status));
        for line in printed.lines() {
            println!("    {line}");
        }
        let last = printed.lines().last().unwrap_or_default();

        let survived = role != "thread-aborts";
        assert_eq!(run.status.success(), survived);
        assert_eq!(last == "main: still running", survived);
        if !survived {
            assert_eq!(run.status.signal(), Some(Signal::SIGABRT as i32));
            assert_eq!(printed, "main: starting the worker\n");
        }
    }
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("this listing uses Linux signal numbers and setrlimit; it runs on Linux only");
}
