//! Crash containment: a poison job makes its worker process abort. The pool
//! learns why from the wait status, reports exactly that job as failed,
//! starts a replacement worker, and finishes every other job.
//! Linux only (signal numbers and `setrlimit` through `nix`).

#[cfg(target_os = "linux")]
use {
    ch03_process_pools::assert_no_children_left,
    ch03_process_pools::frame::{decode, encode, read_frame, write_frame},
    nix::sys::resource::{Resource, setrlimit},
    nix::sys::signal::Signal,
    std::io::{self, BufReader, ErrorKind},
    std::os::unix::process::ExitStatusExt,
    std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio},
    std::sync::atomic::{AtomicUsize, Ordering},
    std::{env, thread},
};

#[cfg(target_os = "linux")]
const WORKER_FLAG: &str = "--fragile-worker";
/// The job input that crashes whichever worker runs it.
#[cfg(target_os = "linux")]
const POISON: u64 = 13;
#[cfg(target_os = "linux")]
const WORKERS: usize = 2;

#[cfg(target_os = "linux")]
// ANCHOR: worker
/// The worker: squares numbers, and aborts on the poison input, as a
/// segfaulting C library or a failed `assert` in `unsafe` code would.
fn worker_main() -> io::Result<()> {
    // Per-worker setup, like Python's `initializer`: this process may
    // crash on purpose, so it must not leave a core file behind.
    setrlimit(Resource::RLIMIT_CORE, 0, 0)?;
    let mut jobs = BufReader::new(io::stdin().lock());
    let mut answers = io::stdout().lock();
    while let Some(job) = read_frame(&mut jobs)? {
        let [index, n] = decode(&job)?;
        if n == POISON {
            std::process::abort(); // SIGABRT: no unwinding, no goodbye
        }
        write_frame(&mut answers, &encode([index, n * n]))?;
    }
    Ok(())
}
// ANCHOR_END: worker

/// A running worker process and the two ends of its pipes.
#[cfg(target_os = "linux")]
struct Worker {
    child: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
}

#[cfg(target_os = "linux")]
impl Worker {
    fn start(started: &AtomicUsize) -> io::Result<Worker> {
        let mut child = Command::new(env::current_exe()?)
            .arg(WORKER_FLAG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        started.fetch_add(1, Ordering::Relaxed); // a tally, read after the join
        let to = child.stdin.take().unwrap();
        let from = BufReader::new(child.stdout.take().unwrap());
        Ok(Worker { child, to, from })
    }

    /// Runs one job. `Ok(None)`: the worker died before answering.
    fn call(&mut self, index: usize, n: u64) -> io::Result<Option<u64>> {
        let died =
            |e: &io::Error| matches!(e.kind(), ErrorKind::BrokenPipe | ErrorKind::UnexpectedEof);
        match write_frame(&mut self.to, &encode([index as u64, n])) {
            Err(e) if died(&e) => return Ok(None),
            result => result?,
        }
        match read_frame(&mut self.from) {
            Ok(Some(reply)) => Ok(Some(decode::<2>(&reply)?[1])),
            Ok(None) => Ok(None), // its stdout closed: it is gone
            Err(e) if died(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Closes the worker's stdin so it leaves its loop, then reaps it.
    fn shut_down(self) -> io::Result<ExitStatus> {
        let Worker {
            mut child,
            to,
            from,
        } = self;
        drop((to, from));
        child.wait()
    }
}

/// Why a worker died, from its wait status.
#[cfg(target_os = "linux")]
fn describe(status: ExitStatus) -> String {
    match status.signal().map(Signal::try_from) {
        Some(Ok(signal)) => format!("worker killed by {signal}"),
        _ => format!("worker ended: {status}"),
    }
}

/// What one job came to: its answer, or why it has none.
#[cfg(target_os = "linux")]
type Outcome = Result<u64, String>;

#[cfg(target_os = "linux")]
// ANCHOR: slot
/// One slot of the pool: runs jobs on its worker and, when the worker
/// dies, records the job it died on and starts a new worker.
fn run_slot(next: &AtomicUsize, inputs: &[u64], started: &AtomicUsize) -> Vec<(usize, Outcome)> {
    let mut worker = Worker::start(started).expect("start worker");
    let mut outcomes = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed); // each index claimed once
        let Some(&n) = inputs.get(index) else { break };
        match worker.call(index, n).expect("worker I/O") {
            Some(answer) => outcomes.push((index, Ok(answer))),
            None => {
                // Its pipe closed mid-job: reap it and read the status.
                let status = worker.child.wait().expect("wait");
                outcomes.push((index, Err(describe(status))));
                worker = Worker::start(started).expect("restart worker");
            }
        }
    }
    let status = worker.shut_down().expect("shut down");
    assert!(status.success(), "a healthy worker exits with 0: {status}");
    outcomes
}
// ANCHOR_END: slot

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some(WORKER_FLAG) {
        return worker_main().expect("worker");
    }
    let inputs: Vec<u64> = (1..=20).collect(); // job 12 is the poison 13
    let (outcomes, started) = run_pool(&inputs);

    for (index, (n, outcome)) in inputs.iter().zip(&outcomes).enumerate() {
        match outcome {
            Ok(answer) => assert_eq!(*answer, n * n),
            Err(why) => {
                assert_eq!((*n, why.as_str()), (POISON, "worker killed by SIGABRT"));
                println!("job {index} (input {n}): {why}");
            }
        }
    }
    let answered = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(answered, inputs.len() - 1, "exactly one job failed");
    println!("the other {answered} jobs: answered, and correct");
    assert_eq!(started, WORKERS + 1);
    println!("worker processes started: {started} ({WORKERS}, plus 1 replacement)");
    assert_no_children_left();
}
// ANCHOR_END: main

/// Runs every input through `WORKERS` slots; returns each job's outcome,
/// in input order, and how many worker processes were started in all.
#[cfg(target_os = "linux")]
fn run_pool(inputs: &[u64]) -> (Vec<Outcome>, usize) {
    let (next, started) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut outcomes: Vec<Option<Outcome>> = vec![None; inputs.len()];
    thread::scope(|scope| {
        let slots: Vec<_> = (0..WORKERS)
            .map(|_| scope.spawn(|| run_slot(&next, inputs, &started)))
            .collect();
        for slot in slots {
            for (index, outcome) in slot.join().unwrap() {
                outcomes[index] = Some(outcome);
            }
        }
    });
    let outcomes = outcomes
        .into_iter()
        .map(|o| o.expect("every job ran"))
        .collect();
    (outcomes, started.into_inner())
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 3.");
}
