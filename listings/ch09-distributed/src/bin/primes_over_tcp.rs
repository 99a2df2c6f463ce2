//! The same dataflow across three processes of two workers each, talking
//! over loopback TCP: this program starts itself three times with timely's
//! own flags and a hostfile, collects each process's partial count from
//! its stdout, and checks the total against the sequential count.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;
use std::{env, fs, thread};

use ch09_distributed::cluster::{NO_NETWORK, Reaper, free_addresses, start_process};
use ch09_distributed::count_primes_in;
use ch09_distributed::dataflow::primes_in_my_partition;

const BOUND: u64 = 200_000;
const PROCESSES: usize = 3;
const THREADS: usize = 2; // workers per process: six in all
/// Ports that were free when chosen, but taken before a process bound one.
#[derive(Debug)]
struct PortTaken;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if !args.is_empty() {
        return process_main(args); // started by the parent below, with -p i
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let first_try = free_addresses(PROCESSES);
    // A test's hook (tests/port_taken.rs): hold one port, as another
    // program might between our choosing it and a process binding it.
    let _squatter = env::var_os("CH09_TAKE_A_PORT")
        .map(|_| TcpListener::bind(&first_try[PROCESSES - 1]).expect("hold a port"));
    let lines = match run_cluster(dir.path(), first_try) {
        Ok(lines) => lines,
        Err(PortTaken) => {
            eprintln!("a port was taken; retrying on fresh ports");
            let second_try = free_addresses(PROCESSES);
            run_cluster(dir.path(), second_try).expect("ports taken twice running")
        }
    };
    let mut total = 0;
    for (process, workers, primes) in lines {
        println!("process {process} (workers {workers}): {primes} primes");
        total += primes;
    }
    assert_eq!(total, count_primes_in(0..BOUND), "the sequential answer");
    println!("primes below {BOUND}: {total}, as the sequential count says");
} // `dir` is dropped here: the hostfile is removed

// ANCHOR: process
/// One process of the cluster: timely reads `-n 3 -p i -w 2 -h FILE`,
/// connects to the others, and runs `THREADS` workers here.
fn process_main(args: Vec<String>) {
    let config = timely::Config::from_args(args.into_iter()).expect("timely's flags");
    let work = |worker: &mut _| primes_in_my_partition(worker, BOUND);
    let guards = timely::execute(config, work).unwrap_or_else(|error| {
        eprintln!("{error}"); // e.g. our port was taken: the parent retries
        std::process::exit(NO_NETWORK)
    });
    let shares: Vec<_> = (guards.join().into_iter()).map(Result::unwrap).collect();
    let workers: Vec<String> = shares.iter().map(|s| s.worker.to_string()).collect();
    let primes: u64 = shares.iter().map(|s| s.primes).sum();
    // timely prints its own progress to stdout too: mark our line
    println!("partial {} {primes}", workers.join(","));
}

// ANCHOR_END: process

// ANCHOR: parent
/// Starts one process per address and returns, in process order, what
/// each reported: (process, its workers, its primes).
fn run_cluster(dir: &Path, addresses: Vec<String>) -> Result<Vec<(usize, String, u64)>, PortTaken> {
    let hostfile = dir.join("hostfile");
    fs::write(&hostfile, addresses.join("\n") + "\n").unwrap();
    let mut children = Reaper(Vec::new()); // kills and reaps them, whatever happens
    let (reports, reported) = mpsc::channel();
    for p in 0..PROCESSES {
        let mut child = start_process(&hostfile, p, PROCESSES, THREADS);
        let stdout = BufReader::new(child.stdout.take().unwrap());
        children.0.push(child);
        let reports = reports.clone();
        thread::spawn(move || {
            let partial = (stdout.lines().map_while(Result::ok)) // to end of file
                .filter_map(|line| line.strip_prefix("partial ").map(str::to_owned))
                .last();
            let _ = reports.send((p, partial)); // fails if the parent gave up on this try
        });
    }
    let mut lines = Vec::new();
    for _ in 0..PROCESSES {
        let (p, partial) = reported
            .recv_timeout(Duration::from_secs(30))
            .expect("a process hung");
        let Some(partial) = partial else {
            let status = children.0[p].wait().unwrap(); // it closed stdout: it is exiting
            if status.code() == Some(NO_NETWORK) {
                return Err(PortTaken); // the Reaper kills the rest
            }
            panic!("process {p} failed: {status}");
        };
        let (workers, primes) = partial.split_once(' ').unwrap();
        lines.push((p, workers.to_owned(), primes.parse().unwrap()));
    }
    for status in children.wait_all() {
        assert!(status.success(), "a process failed: {status}");
    }
    lines.sort();
    Ok(lines)
}
// ANCHOR_END: parent
