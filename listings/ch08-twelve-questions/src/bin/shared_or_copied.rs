//! Question 4: what crosses the boundary. The same job, summing a million
//! numbers, handed once to a thread and once to a worker process. The
//! thread reads the parent's vector where it is; the process gets a copy,
//! encoded as bytes and sent through a pipe, and sends its answer back the
//! same way. The answers are asserted; the timings are only printed.

use std::env;
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::Instant;

const WORKER: &str = "--sum-worker";

/// The worker process: read numbers from stdin until end of file, then
/// write their sum to stdout. Its stdout is the wire: no `println!` here.
fn worker() -> io::Result<()> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    let sum: u64 = bytes
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
        .sum();
    io::stdout().lock().write_all(&sum.to_le_bytes())
}

// ANCHOR: main
fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some(WORKER) {
        return worker();
    }
    let numbers: Arc<Vec<u64>> = Arc::new((1..=1_000_000).collect());

    // A thread pool's job: the Arc is a pointer to the parent's vector.
    let started = Instant::now();
    let job = Arc::clone(&numbers);
    let (sum, seen_at) = thread::spawn(move || (job.iter().sum::<u64>(), job.as_ptr() as usize))
        .join()
        .unwrap();
    assert_eq!(seen_at, numbers.as_ptr() as usize, "the same memory");
    let took = started.elapsed();
    println!("thread:  the job read the parent's vector where it lies; {took:?}");

    // A process pool's job: the numbers travel as bytes, and so does the sum.
    let started = Instant::now();
    let mut child = Command::new(env::current_exe()?)
        .arg(WORKER)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
    child.stdin.take().unwrap().write_all(&bytes)?; // dropped: end of input
    let mut answer = [0; 8];
    child.stdout.take().unwrap().read_exact(&mut answer)?;
    assert!(child.wait()?.success());
    let (sent, took) = (bytes.len(), started.elapsed());
    println!("process: the job was {sent} bytes through a pipe, the answer 8; {took:?}");

    let process_sum = u64::from_le_bytes(answer);
    assert_eq!((sum, process_sum), (500_000_500_000, 500_000_500_000));
    println!("both sums: {sum}");
    Ok(())
}
// ANCHOR_END: main
