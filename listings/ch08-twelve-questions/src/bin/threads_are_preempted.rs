//! Question 5: threads are scheduled preemptively. The whole process is
//! pinned to one CPU, then a spinner thread busy-waits, never sleeping and
//! never yielding, until a ticker thread has ticked five times. The ticker
//! can only tick if the kernel takes the CPU away from the spinner, so the
//! program finishing is the proof. (Listing 5-23 does the same to tokio
//! tasks, which are scheduled cooperatively: there the ticker never ticks.)
//!
//! Linux only: `sched_setaffinity` through `libc`.

#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
#[cfg(target_os = "linux")]
use std::thread;
#[cfg(target_os = "linux")]
use std::time::Duration;

/// The CPUs the calling thread may run on.
#[cfg(target_os = "linux")]
fn allowed_cpus() -> Vec<usize> {
    // SAFETY: a zeroed `cpu_set_t` is an empty set, and the kernel writes at
    // most `size_of::<cpu_set_t>()` bytes into it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        let size = std::mem::size_of::<libc::cpu_set_t>();
        assert_eq!(libc::sched_getaffinity(0, size, &mut set), 0);
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&cpu| libc::CPU_ISSET(cpu, &set))
            .collect()
    }
}

/// Restricts the calling thread, and every thread it starts later, to the
/// first CPU it is allowed on.
#[cfg(target_os = "linux")]
fn pin_to_one_cpu() {
    let cpu = allowed_cpus()[0];
    // SAFETY: as above; the set names one CPU this thread may already use.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        let size = std::mem::size_of::<libc::cpu_set_t>();
        assert_eq!(libc::sched_setaffinity(0, size, &set), 0);
    }
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    pin_to_one_cpu(); // threads started from now on inherit it
    let cpus = thread::available_parallelism().unwrap();
    println!("available_parallelism = {cpus} (pinned)");

    let (spinning, ticks) = (AtomicBool::new(false), AtomicU64::new(0));
    thread::scope(|s| {
        // The spinner: holds on to the CPU until the ticker has ticked 5 times.
        s.spawn(|| {
            assert_eq!(allowed_cpus().len(), 1, "the same single CPU");
            // Relaxed: both flags only say when to stop waiting; nothing
            // else is read because of them.
            spinning.store(true, Ordering::Relaxed);
            while ticks.load(Ordering::Relaxed) < 5 {
                std::hint::spin_loop(); // no sleep, no yield, no .await
            }
        });
        // The ticker: once the spinner spins, wakes up every millisecond and counts.
        s.spawn(|| {
            while !spinning.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(1));
            }
            for _ in 0..5 {
                thread::sleep(Duration::from_millis(1));
                ticks.fetch_add(1, Ordering::Relaxed);
            }
        });
    });
    println!("one CPU, two threads: the ticker ticked 5 times while the spinner spun");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("this listing pins itself to one CPU with sched_setaffinity; it runs on Linux only");
}
