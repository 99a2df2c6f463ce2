//! Backpressure: worker 0 feeds rounds of records, worker 1 consumes them
//! slowly. Ungated, the producer sends every round at once and timely
//! queues them all; gated, it waits on the probe so that at most `K`
//! rounds are in flight. Each variant runs in a fresh process, so that its
//! peak memory is its own.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use std::{env, fs, thread};

use ch09_distributed::{count_primes_in, is_prime};
use timely::dataflow::operators::{Exchange, Input, Inspect, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};

const ROUNDS: u64 = 40;
const PER_ROUND: u64 = 100;
const PAYLOAD: usize = 8 * 1024; // bytes carried by each record
const K: u64 = 2; // rounds in flight the gate allows
const SLOW: Duration = Duration::from_micros(50); // the consumer's work per record

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => parent(),
        ["ungated"] => variant(None),
        ["gated"] => variant(Some(K)),
        _ => {
            eprintln!("usage: backpressure [gated|ungated], got {args:?}");
            std::process::exit(2)
        }
    }
}

/// Runs each variant in a fresh process and passes on what it printed.
fn parent() {
    for name in ["ungated", "gated"] {
        let out = Command::new(env::current_exe().unwrap())
            .arg(name)
            .stderr(Stdio::inherit()) // the measured figures, which vary
            .output()
            .expect("run a variant");
        assert!(out.status.success(), "{name}: {}", out.status);
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}

// ANCHOR: variant
/// Worker 0 produces, worker 1 consumes; `gate` is how many rounds may be
/// in flight, `None` for no limit.
fn variant(gate: Option<u64>) {
    let sent = Arc::new(AtomicU64::new(0)); // records handed to the input
    let consumed = Arc::new(AtomicU64::new(0)); // records the consumer finished
    let peak = Arc::new(AtomicU64::new(0)); // most records ever in flight
    let primes = Arc::new(AtomicU64::new(0));
    let (s, c, pk, pr) = (sent.clone(), consumed.clone(), peak.clone(), primes.clone());
    let guards = timely::execute(timely::Config::process(2), move |worker| {
        let (mut input, probe) = (InputHandle::new(), ProbeHandle::new());
        let (consumed, primes) = (c.clone(), pr.clone());
        worker.dataflow::<u64, _, _>(|scope| {
            (scope
                .input_from(&mut input)
                .container::<Vec<(u64, Vec<u8>)>>())
            .exchange(|_| 1) // every record to worker 1, the slow consumer
            .inspect(move |(k, _payload)| {
                thread::sleep(SLOW); // the consumer's work
                primes.fetch_add(is_prime(*k) as u64, Ordering::Relaxed);
                consumed.fetch_add(1, Ordering::Relaxed);
            })
            .probe_with(&probe);
        });
        if worker.index() == 0 {
            for round in 0..ROUNDS {
                if let Some(k) = gate {
                    // rounds before `round + 1 - k` must be final first
                    let oldest = (round + 1).saturating_sub(k);
                    while probe.less_than(&oldest) {
                        worker.step();
                    }
                }
                for k in round * PER_ROUND..(round + 1) * PER_ROUND {
                    let now = s.fetch_add(1, Ordering::Relaxed) + 1;
                    input.send((k, vec![k as u8; PAYLOAD]));
                    let in_flight = now - c.load(Ordering::Relaxed);
                    pk.fetch_max(in_flight, Ordering::Relaxed);
                }
                input.advance_to(round + 1);
            }
        }
        input.close(); // worker 1 sends nothing
        while !probe.done() {
            worker.step();
        }
    });
    for result in guards.unwrap().join() {
        result.expect("a worker panicked");
    }
    report(
        gate,
        peak.load(Ordering::Relaxed),
        primes.load(Ordering::Relaxed),
    );
}
// ANCHOR_END: variant

// ANCHOR: report
/// Checks what holds by construction and prints it; the figures that
/// depend on timing go to stderr.
fn report(gate: Option<u64>, peak: u64, primes: u64) {
    let records = ROUNDS * PER_ROUND;
    assert_eq!(primes, count_primes_in(0..records), "the sequential answer");
    let name = gate.map_or("ungated".to_owned(), |k| format!("gated, K = {k}"));
    let hwm = peak_memory_kib();
    eprintln!(
        "{name}: peak {peak} records in flight, VmHWM {} MiB",
        hwm / 1024
    );
    let bound = match gate {
        Some(k) => {
            assert!(peak <= k * PER_ROUND, "{peak} records in flight");
            format!(
                "at most {} records in flight ({k} rounds), as the gate promises",
                k * PER_ROUND
            )
        }
        None => format!("no bound but the total, {records} records"),
    };
    println!("{name}: {primes} primes, as the sequential count says; {bound}");
}

/// The most resident memory this process has used, from /proc/self/status.
fn peak_memory_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .expect("VmHWM");
    line.trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .expect("a number of kB")
}
// ANCHOR_END: report
