//! Partial failure: three processes of one worker each run rounds over
//! loopback TCP, with no end planned. Once every process has reported a
//! final round, the parent kills process 1 with SIGKILL and watches the
//! other two, with bounded waits, to see how they end.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::ExitStatus;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

use ch09_distributed::cluster::{NO_NETWORK, Reaper, free_addresses, start_process};
use ch09_distributed::{is_prime, slice_of};
use timely::dataflow::operators::vec::Filter;
use timely::dataflow::operators::{Exchange, Input, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::worker::Worker;

const PROCESSES: usize = 3; // one worker each
const VICTIM: usize = 1;
const PER_ROUND: u64 = 2_000;
/// How long the survivors get to end on their own once the victim is dead.
const DEADLINE: Duration = Duration::from_secs(5);
/// A cluster process stops feeding rounds after this long, killed or not,
/// so a parent that was itself killed leaves nothing running for ever.
const GIVE_UP: Duration = Duration::from_secs(20);
/// How each survivor's receive thread from the victim reports the loss
/// (timely_communication 0.32.0, `src/allocator/zero_copy/tcp.rs`).
const LOST: &str = "timely communication error: reading data: ";
/// Ports that were free when chosen, but taken before a process bound one.
#[derive(Debug)]
struct PortTaken;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if !args.is_empty() {
        return process_main(args); // started by the parent below, with -p i
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let survivors = match kill_one(dir.path(), free_addresses(PROCESSES)) {
        Ok(survivors) => survivors,
        Err(PortTaken) => {
            eprintln!("a port was taken; retrying on fresh ports");
            let second_try = free_addresses(PROCESSES);
            kill_one(dir.path(), second_try).expect("ports taken twice running")
        }
    };
    for (p, end) in survivors {
        println!("process {p}: {}", verdict(p, &end));
    }
    println!("no process took over process {VICTIM}'s work; the run is lost");
}

// ANCHOR: process
/// One process of the cluster. Its panic hook reports each thread's panic
/// on stdout, where the parent reads it.
fn process_main(args: Vec<String>) {
    std::panic::set_hook(Box::new(|info| {
        let thread = thread::current().name().unwrap_or("unnamed").to_owned();
        let payload = info.payload(); // panic!("literal") or panic!("{format}")
        let message = (payload.downcast_ref::<&str>().copied())
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(not a string)");
        println!("panic in {thread}: {message}");
    }));
    let config = timely::Config::from_args(args.into_iter()).expect("timely's flags");
    let guards = timely::execute(config, rounds).unwrap_or_else(|error| {
        eprintln!("{error}"); // e.g. our port was taken: the parent retries
        std::process::exit(NO_NETWORK)
    });
    for result in guards.join() {
        result.expect("a worker failed");
    }
    println!("finished");
}

/// Round after round of primes, each waited for until it is final.
fn rounds(worker: &mut Worker) {
    let (me, peers) = (worker.index(), worker.peers());
    let (mut input, probe) = (InputHandle::new(), ProbeHandle::new());
    worker.dataflow::<u64, _, _>(|scope| {
        (scope.input_from(&mut input).container::<Vec<u64>>())
            .exchange(|k| *k) // two thirds of every round cross a socket
            .filter(|k| is_prime(*k))
            .probe_with(&probe);
    });
    let started = Instant::now();
    while started.elapsed() < GIVE_UP {
        let round = *input.time();
        for k in slice_of(PER_ROUND, me, peers) {
            input.send(round * PER_ROUND + k);
        }
        input.advance_to(round + 1);
        while probe.less_than(input.time()) {
            worker.step();
        }
        if round == 0 {
            println!("round 0 final"); // every process is mid-computation
        }
    }
}
// ANCHOR_END: process

/// What a survivor's stdout showed: how long after the kill it closed, and
/// the panics it reported first; `None` if it was open at the deadline.
type Seen = Option<(Duration, Vec<String>)>;
/// How a survivor ended: `Seen`, with its exit status once reaped.
type End = Option<(ExitStatus, Duration, Vec<String>)>;

// ANCHOR: kill
/// Starts the cluster, kills the victim once every process is past round
/// 0, and returns how each survivor ended.
fn kill_one(dir: &Path, addresses: Vec<String>) -> Result<Vec<(usize, End)>, PortTaken> {
    let hostfile = dir.join("hostfile");
    fs::write(&hostfile, addresses.join("\n") + "\n").unwrap();
    let mut children = Reaper(Vec::new()); // kills and reaps them, whatever happens
    let (lines, line) = mpsc::channel();
    for p in 0..PROCESSES {
        let mut child = start_process(&hostfile, p, PROCESSES, 1);
        let stdout = BufReader::new(child.stdout.take().unwrap());
        children.0.push(child);
        let lines = lines.clone();
        thread::spawn(move || {
            for text in stdout.lines().map_while(Result::ok) {
                let _ = lines.send((p, Some(text)));
            }
            let _ = lines.send((p, None)); // end of file: the process is exiting
        });
    }
    let mut past_round_0 = 0;
    while past_round_0 < PROCESSES {
        match line
            .recv_timeout(Duration::from_secs(10))
            .expect("a process hung")
        {
            (_, Some(text)) if text == "round 0 final" => past_round_0 += 1,
            (_, Some(_)) => {} // timely's own messages
            (p, None) => match children.0[p].wait().unwrap() {
                status if status.code() == Some(NO_NETWORK) => return Err(PortTaken),
                status => panic!("process {p} ended before the kill: {status}"),
            },
        }
    }
    children.0[VICTIM].kill().unwrap(); // SIGKILL: no handler, no goodbye
    let status = children.0[VICTIM].wait().unwrap();
    println!("every process past round 0; process {VICTIM} killed ({status})");
    let reaped = |(p, seen): (usize, Seen)| {
        let end = seen.map(|(after, panics)| {
            (children.0[p].wait().unwrap(), after, panics) // it closed stdout: reap it
        });
        (p, end)
    };
    let ends = watch(&line, Instant::now())
        .into_iter()
        .map(reaped)
        .collect();
    Ok(ends) // the Reaper kills any survivor still running, and reaps it
}
// ANCHOR_END: kill

/// Reads the survivors' lines until each has closed its stdout or
/// `DEADLINE` has passed since `killed`.
fn watch(line: &Receiver<(usize, Option<String>)>, killed: Instant) -> Vec<(usize, Seen)> {
    let survivors = (0..PROCESSES).filter(|&p| p != VICTIM);
    let mut panics: Vec<Vec<String>> = vec![Vec::new(); PROCESSES];
    let mut closed = [None; PROCESSES];
    while survivors.clone().any(|p| closed[p].is_none()) {
        let left = (killed + DEADLINE).saturating_duration_since(Instant::now());
        match line.recv_timeout(left) {
            Err(_) => break, // the deadline: whoever is still running hangs
            Ok((p, Some(text))) => {
                panics[p].extend(text.strip_prefix("panic in ").map(str::to_owned))
            }
            Ok((p, None)) => closed[p] = Some(killed.elapsed()),
        }
    }
    survivors
        .map(|p| (p, closed[p].map(|after| (after, panics[p].clone()))))
        .collect()
}

// ANCHOR: verdict
/// What the recorded output says about a survivor, once its end is one of
/// those allowed: the same words whichever socket error it saw.
fn verdict(p: usize, end: &End) -> String {
    let Some((status, after, panics)) = end else {
        panic!("process {p} was still running {DEADLINE:?} after process {VICTIM} died")
    };
    let receiver = format!("timely:recv-{VICTIM}: ");
    let read_failed = |m: &String| {
        let cause = m.strip_prefix(&receiver).and_then(|m| m.strip_prefix(LOST));
        cause.is_some_and(|c| c == "socket closed" || c.starts_with("Connection reset by peer"))
    };
    assert!(panics.iter().any(read_failed), "process {p}: {panics:?}");
    let worker = |m: &String| m == "timely:work-0: MergeQueue poisoned.";
    assert!(panics.iter().any(worker), "process {p}: {panics:?}");
    assert_eq!(status.code(), Some(101), "process {p}: a panic's exit code");
    let lost = LOST.trim_end_matches(": ");
    format!(
        "its receive thread from process {VICTIM} panicked (\"{lost}\"), then its worker; \
         exit code 101, {after:.1?} after the kill"
    )
}
// ANCHOR_END: verdict
