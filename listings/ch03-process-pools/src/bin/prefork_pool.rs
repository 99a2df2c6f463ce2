//! A pre-fork pool: `main` forks its workers while the process still has a
//! single thread, one socket pair per worker. The workers inherit a table the
//! parent built; only small questions and answers cross the sockets.
//! Linux only (it counts threads in `/proc/self/task`).

#[cfg(target_os = "linux")]
use {
    ch03_process_pools::assert_no_children_left,
    ch03_process_pools::frame::{decode, encode, read_frame, write_frame},
    nix::sys::wait::{WaitStatus, waitpid},
    nix::unistd::{ForkResult, Pid, fork},
    std::io::{self, BufReader, ErrorKind},
    std::os::unix::net::UnixStream,
    std::panic,
    std::sync::atomic::{AtomicUsize, Ordering},
    std::thread,
};

#[cfg(target_os = "linux")]
const WORKERS: usize = 3;

/// A forked worker, as the parent sees it.
#[cfg(target_os = "linux")]
struct Worker {
    pid: Pid,
    socket: UnixStream,
}

#[cfg(target_os = "linux")]
// ANCHOR: fork
/// Forks `count` workers that answer "how many primes are <= n?" from the
/// `primes` table. Panics if this process already has a second thread.
fn fork_workers(count: usize, primes: &[u64]) -> Vec<Worker> {
    assert_eq!(threads_in_this_process(), 1, "fork before any thread");
    let mut workers: Vec<Worker> = Vec::new();
    for _ in 0..count {
        let (parent_end, child_end) = UnixStream::pair().expect("socketpair");
        // SAFETY: this thread is the only one (checked above, and nothing
        // here starts another), so the child is a whole copy of a
        // single-threaded process and may do anything this process could.
        match unsafe { fork() }.expect("fork") {
            ForkResult::Parent { child } => {
                drop(child_end); // the child's end now lives in the child
                let socket = parent_end;
                workers.push(Worker { pid: child, socket });
            }
            ForkResult::Child => {
                drop(parent_end);
                drop(workers); // earlier workers' parent ends: not ours to hold
                // A panic must not unwind out of here into the parent's `main`.
                let served = panic::catch_unwind(|| serve(&child_end, primes));
                let code = if matches!(served, Ok(Ok(()))) { 0 } else { 1 };
                // `_exit`, not `exit`: run nothing else copied from the parent.
                unsafe { libc::_exit(code) }
            }
        }
    }
    workers
}
// ANCHOR_END: fork

#[cfg(target_os = "linux")]
// ANCHOR: serve
/// The worker's loop. The table came with the fork; it is never sent.
fn serve(socket: &UnixStream, primes: &[u64]) -> io::Result<()> {
    let mut questions = BufReader::new(socket);
    let mut answers = socket;
    while let Some(job) = read_frame(&mut questions)? {
        let [index, n] = decode(&job)?;
        let count = primes.partition_point(|&p| p <= n) as u64;
        write_frame(&mut answers, &encode([index, count]))?;
    }
    Ok(()) // the parent closed its end: time to go
}
// ANCHOR_END: serve

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    // Single-threaded so far: build the shared state, then fork.
    let primes = primes_up_to(1_200_000);
    let workers = fork_workers(WORKERS, &primes);
    println!("forked {WORKERS} workers while main was the only thread");

    // From here on the parent may start threads: one driver per worker.
    let questions: Vec<u64> = (1..=12).map(|i| i * 100_000).collect();
    let answers = ask_in_parallel(&workers, &questions);
    assert_eq!(answers[0], 9_592); // primes up to 100 000
    assert_eq!(answers[9], 78_498); // primes up to 1 000 000
    println!("primes up to n, for n = 100 000, 200 000, ...: {answers:?}");

    for Worker { pid, socket } in workers {
        drop(socket); // end of stream: the worker's loop ends
        assert_eq!(waitpid(pid, None), Ok(WaitStatus::Exited(pid, 0)));
    }
    assert_no_children_left();
    println!("every worker exited with status 0 and was reaped");
}
// ANCHOR_END: main

/// One driver thread per worker, sharing a queue of questions; the answers
/// come back in question order.
#[cfg(target_os = "linux")]
fn ask_in_parallel(workers: &[Worker], questions: &[u64]) -> Vec<u64> {
    let next = AtomicUsize::new(0);
    let mut answers = vec![None; questions.len()];
    thread::scope(|scope| {
        let drivers: Vec<_> = workers
            .iter()
            .map(|worker| {
                let next = &next;
                scope.spawn(move || -> io::Result<Vec<(usize, u64)>> {
                    let mut from_worker = BufReader::new(&worker.socket);
                    let mut to_worker = &worker.socket;
                    let mut answered = Vec::new();
                    loop {
                        // Relaxed: each index is claimed once; `questions`
                        // was shared before the threads started.
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&n) = questions.get(index) else {
                            return Ok(answered);
                        };
                        write_frame(&mut to_worker, &encode([index as u64, n]))?;
                        let reply =
                            read_frame(&mut from_worker)?.ok_or(ErrorKind::UnexpectedEof)?;
                        let [index, count] = decode(&reply)?;
                        answered.push((index as usize, count));
                    }
                })
            })
            .collect();
        for driver in drivers {
            for (index, count) in driver.join().unwrap().expect("worker I/O") {
                answers[index] = Some(count);
            }
        }
    });
    answers.into_iter().map(Option::unwrap).collect()
}

/// Every prime up to `limit`, by the sieve of Eratosthenes.
#[cfg(target_os = "linux")]
fn primes_up_to(limit: usize) -> Vec<u64> {
    let mut composite = vec![false; limit + 1];
    let mut primes = Vec::new();
    for n in 2..=limit {
        if !composite[n] {
            primes.push(n as u64);
            for multiple in (n * n..=limit).step_by(n) {
                composite[multiple] = true;
            }
        }
    }
    primes
}

/// How many threads this process has: one directory per thread in
/// `/proc/self/task`.
#[cfg(target_os = "linux")]
fn threads_in_this_process() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 3.");
}
