//! `std::sync::Mutex` is not process-shared: `fork` copies it like any
//! other memory, so a lock taken in the child excludes nobody in the parent.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::{fork_child, wait_exit_code},
    std::io::{self, Read, Write},
    std::sync::Mutex,
};

#[cfg(target_os = "linux")]
// ANCHOR: not_shared
/// The child locks *its copy* of the mutex; the parent's stays free.
fn a_lock_in_the_child_excludes_nobody() {
    let counter = Mutex::new(0);
    let (locked_reader, locked_writer) = io::pipe().unwrap();
    let (release_reader, release_writer) = io::pipe().unwrap();
    let child = fork_child(|| {
        let mut guard = counter.lock().unwrap();
        *guard += 1;
        (&locked_writer).write_all(b"L").unwrap(); // "I hold the lock"
        (&release_reader).read_exact(&mut [0]).unwrap(); // hold it until told
        0
    });
    (&locked_reader).read_exact(&mut [0]).unwrap(); // the child holds it now
    let parent_got_it = counter.try_lock().map(|mut guard| *guard += 10).is_ok();
    (&release_writer).write_all(b"R").unwrap();
    assert_eq!(wait_exit_code(child), 0);
    let total = *counter.lock().unwrap();
    println!("while the child held its lock, the parent's try_lock succeeded: {parent_got_it}");
    println!("the parent's counter: {total} (the child's +1 went to its own copy)");
    assert!(parent_got_it);
    assert_eq!(total, 10);
}
// ANCHOR_END: not_shared

#[cfg(target_os = "linux")]
fn main() {
    a_lock_in_the_child_excludes_nobody();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
