//! A resource limit stays in one process: the worker caps its own address
//! space with `setrlimit(RLIMIT_AS)`, a greedy job is refused there, and the
//! parent's limit and allocations are untouched.
//! Linux only (`RLIMIT_AS` counts the whole address space on Linux).

#[cfg(target_os = "linux")]
use {
    ch03_process_pools::assert_no_children_left,
    ch03_process_pools::frame::{decode, encode, read_frame, write_frame},
    nix::sys::resource::{Resource, getrlimit, setrlimit},
    std::env,
    std::io::{self, BufReader, ErrorKind},
    std::process::{Command, Stdio},
};

#[cfg(target_os = "linux")]
const WORKER_FLAG: &str = "--limited-worker";
#[cfg(target_os = "linux")]
const MIB: u64 = 1 << 20;
/// The worker's address-space limit.
#[cfg(target_os = "linux")]
const LIMIT_MIB: u64 = 256;

#[cfg(target_os = "linux")]
// ANCHOR: worker
/// The worker: caps its own address space, then tries to reserve as many
/// MiB as each job asks for, and answers 1 (granted) or 0 (refused).
fn worker_main() -> io::Result<()> {
    setrlimit(Resource::RLIMIT_AS, LIMIT_MIB * MIB, LIMIT_MIB * MIB)?;
    let mut jobs = BufReader::new(io::stdin().lock());
    let mut answers = io::stdout().lock();
    while let Some(job) = read_frame(&mut jobs)? {
        let [mebibytes] = decode(&job)?;
        let granted = can_reserve(mebibytes);
        write_frame(&mut answers, &encode([granted as u64]))?;
    }
    Ok(())
}

/// Tries to allocate `mebibytes` MiB, and frees them again. `try_reserve`
/// reports a failed allocation instead of aborting the process.
#[cfg(target_os = "linux")]
fn can_reserve(mebibytes: u64) -> bool {
    let mut buffer = Vec::<u8>::new();
    let granted = buffer.try_reserve_exact((mebibytes * MIB) as usize).is_ok();
    std::hint::black_box(&buffer); // the optimizer may not skip the allocation
    granted
}
// ANCHOR_END: worker

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some(WORKER_FLAG) {
        return worker_main();
    }
    let parent_limit = getrlimit(Resource::RLIMIT_AS)?;
    let mut worker = Command::new(env::current_exe()?)
        .arg(WORKER_FLAG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut to_worker = worker.stdin.take().unwrap();
    let mut from_worker = BufReader::new(worker.stdout.take().unwrap());
    println!("worker: address space limited to {LIMIT_MIB} MiB");
    for mebibytes in [16, 512, 16] {
        write_frame(&mut to_worker, &encode([mebibytes]))?;
        let reply = read_frame(&mut from_worker)?.ok_or(ErrorKind::UnexpectedEof)?;
        let [granted] = decode(&reply)?;
        assert_eq!(granted == 1, mebibytes < LIMIT_MIB);
        let verdict = if granted == 1 { "granted" } else { "refused" };
        println!("worker: reserve {mebibytes:>3} MiB -> {verdict}");
    }
    drop(to_worker); // the worker's loop ends; it exits normally
    assert!(worker.wait()?.success(), "a refused job did not crash it");

    // The parent never called setrlimit: its limit and allocations are as before.
    assert_eq!(getrlimit(Resource::RLIMIT_AS)?, parent_limit);
    assert!(
        can_reserve(512),
        "the parent was refused 512 MiB: this listing needs a parent without an \
         address-space limit (`ulimit -v unlimited`) and with memory overcommit allowed"
    );
    println!("parent: reserve 512 MiB -> granted; its own limit is unchanged");
    assert_no_children_left();
    Ok(())
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 3.");
}
