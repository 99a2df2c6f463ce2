//! Why `fork` in a multi-threaded program is dangerous: the child gets a copy
//! of every lock, in whatever state it was, but only the thread that called
//! `fork`. A lock another thread held stays locked forever in the child.
//! Linux only, like the chapter's other `fork` listings.

#[cfg(target_os = "linux")]
use {
    ch03_process_pools::assert_no_children_left,
    nix::sys::wait::{WaitStatus, waitpid},
    nix::unistd::{ForkResult, fork},
    std::sync::{Mutex, TryLockError, mpsc},
    std::thread,
};

#[cfg(target_os = "linux")]
// ANCHOR: main
/// Stands in for any lock in a program: the stdout lock `println!` takes,
/// a logger's lock, an allocator's lock.
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[cfg(target_os = "linux")]
fn main() {
    let (holding_tx, holding) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        let mut log = LOG.lock().unwrap();
        log.push("written by the holder thread".into());
        holding_tx.send(()).unwrap();
        release_rx.recv().unwrap(); // keep the lock until main says so
    });
    holding.recv().unwrap(); // from here until `release`, LOG is locked

    // SAFETY: two threads exist, so the child may only do async-signal-safe
    // work: `try_lock` is one atomic compare-and-swap (no allocation, no
    // waiting), and `_exit` is on the list.
    match unsafe { fork() }.expect("fork") {
        ForkResult::Child => {
            let code = match LOG.try_lock() {
                Err(TryLockError::WouldBlock) => 10, // held, by nobody here
                _ => 11,
            };
            unsafe { libc::_exit(code) }
        }
        ForkResult::Parent { child } => {
            // Exit code 10: the child saw LOG locked. Had it called
            // `lock()`, it would have waited forever.
            assert_eq!(waitpid(child, None), Ok(WaitStatus::Exited(child, 10)));
            println!("child: LOG is locked, and no thread in the child can unlock it");
        }
    }
    release.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(LOG.try_lock().unwrap().len(), 1); // free again, in the parent
    println!("parent: LOG is free again once the holder thread lets go");
    assert_no_children_left();
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 3.");
}
