//! Orphans: when a process exits, its children get a new parent. Here that
//! parent is this program, which asked to be a "subreaper", so it can also
//! reap the orphan: nothing is left behind.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::{fork_child, wait_exit_code},
    nix::sys::prctl::set_child_subreaper,
    nix::unistd::{Pid, getpid, getppid},
    std::io::{self, PipeWriter, Read, Write},
};

#[cfg(target_os = "linux")]
fn send_pid(pipe: &PipeWriter, pid: Pid) {
    (&*pipe).write_all(&pid.as_raw().to_ne_bytes()).unwrap();
}

#[cfg(target_os = "linux")]
fn receive_pid(pipe: &mut impl Read) -> Pid {
    let mut bytes = [0; 4];
    pipe.read_exact(&mut bytes).unwrap();
    Pid::from_raw(i32::from_ne_bytes(bytes))
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    // Orphans of our descendants come to us instead of to init (`man 2 prctl`).
    set_child_subreaper(true).unwrap();
    let (mut reports, report_writer) = io::pipe().unwrap();
    let (go_reader, mut go_writer) = io::pipe().unwrap();

    let middle = fork_child(|| {
        let (mut reported, reported_writer) = io::pipe().unwrap();
        fork_child(|| {
            // The grandchild: report who we are and who our parent is.
            send_pid(&report_writer, getpid());
            send_pid(&report_writer, getppid());
            (&reported_writer).write_all(b"r").unwrap();
            (&go_reader).read_exact(&mut [0]).unwrap(); // until the middle is gone
            send_pid(&report_writer, getppid()); // and who is our parent now?
            0
        });
        reported.read_exact(&mut [0]).unwrap(); // the first report is out
        0 // the middle process exits, leaving its child behind
    });
    assert_eq!(wait_exit_code(middle), 0); // reaped: the orphan is re-parented
    let grandchild = receive_pid(&mut reports);
    let parent_before = receive_pid(&mut reports);
    go_writer.write_all(b"g").unwrap();
    let parent_after = receive_pid(&mut reports);

    let (was_middle, is_us) = (parent_before == middle, parent_after == getpid());
    println!("the grandchild's first parent was the middle process: {was_middle}");
    println!("once that exited, its parent became this process: {is_us}");
    assert_eq!((parent_before, parent_after), (middle, getpid()));
    assert_eq!(wait_exit_code(grandchild), 0); // it is our child now: reap it
    println!("reaped the adopted grandchild");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
