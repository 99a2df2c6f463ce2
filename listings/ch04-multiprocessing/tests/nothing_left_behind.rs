//! Every listing reaps its children and leaves no process behind.
//!
//! This test makes itself a child subreaper (`man 2 prctl`): a descendant
//! orphaned by a listing is re-parented to this process instead of init, so a
//! scan of `/proc` finds it, running or zombie.
#![cfg(target_os = "linux")]

use std::fs;
use std::process::{Command, Stdio};

use nix::sys::prctl::set_child_subreaper;

/// Processes whose parent is this test process.
fn children_of_this_process() -> Vec<String> {
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue; // not a process, or it just exited
        };
        // "pid (comm) state ppid ...": comm may contain spaces, so split
        // after the last ')'.
        let after_comm = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after_comm.split(' ').collect();
        if fields[1] == me {
            found.push(stat.trim_end().to_string());
        }
    }
    found
}

#[test]
fn every_listing_leaves_nothing_running() {
    set_child_subreaper(true).unwrap();
    let listings = [
        env!("CARGO_BIN_EXE_fork_and_waitpid"),
        env!("CARGO_BIN_EXE_command_exit_status"),
        env!("CARGO_BIN_EXE_pipe_ping_pong"),
        env!("CARGO_BIN_EXE_queue_framed_messages"),
        env!("CARGO_BIN_EXE_shared_memory_counter"),
        env!("CARGO_BIN_EXE_mutex_copied_by_fork"),
        env!("CARGO_BIN_EXE_manager_kv_server"),
        env!("CARGO_BIN_EXE_pipe_deadlock_detected"),
        env!("CARGO_BIN_EXE_pipe_deadlock_writer_thread"),
        env!("CARGO_BIN_EXE_orphan_reparented"),
        env!("CARGO_BIN_EXE_sigpipe_broken_pipe"),
    ];
    for listing in listings {
        let status = Command::new(listing)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{listing} failed: {status}");
        let left = children_of_this_process();
        assert!(left.is_empty(), "{listing} left processes behind: {left:?}");
    }
    let temp_dirs: Vec<_> = fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("ch04-manager-"))
        .collect();
    assert!(
        temp_dirs.is_empty(),
        "leftover socket directories: {temp_dirs:?}"
    );
}

#[test]
#[should_panic(expected = "fork_child needs a single-threaded process")]
fn fork_child_refuses_a_multi_threaded_process() {
    // A second thread stays alive until this closure unwinds (dropping
    // `_keep_alive`), so `fork_child` must see two threads and refuse.
    std::thread::scope(|scope| {
        let (_keep_alive, wait) = std::sync::mpsc::channel::<()>();
        scope.spawn(move || wait.recv());
        ch04_multiprocessing::fork::fork_child(|| 0);
    });
}
