//! Q4 and Q5: what it costs to start one unit of work and get its result
//! back, from a tokio task to a whole new process.
//!
//! Every unit returns something the caller checks (its index, or exit status
//! 0), so nothing can be optimised away. Each run is timed on its own with
//! `Instant`, one after another: this is the latency of one start, not the
//! throughput of many started at once.

use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, fork};

use crate::children::{ChildProcess, child_command};
use crate::table::thousands;
use crate::{Error, Outcome, Settings, Table, chart, procfs, progress, stats};

/// How long the fork-timing child may take: it needs milliseconds.
const FORK_CHILD_TIMEOUT: Duration = Duration::from_secs(60);

/// One way of starting a unit of work.
struct Operation {
    /// The table's row label.
    name: &'static str,
    /// The chart's bar label: short, so labels do not overlap.
    label: &'static str,
    /// Timed runs: (tiny, full).
    runs: (usize, usize),
    /// Starts `count` units one after another and times each one.
    measure: fn(usize) -> Result<Vec<Duration>, Error>,
}

/// The first row is the reference the others are compared with.
const OPERATIONS: &[Operation] = &[
    Operation {
        name: "`tokio::spawn(..).await`, multi-thread runtime",
        label: "task (multi)",
        runs: (200, 20_000),
        measure: tokio_multi_thread,
    },
    Operation {
        name: "`tokio::spawn(..).await`, current_thread runtime",
        label: "task (1 thread)",
        runs: (200, 20_000),
        measure: tokio_current_thread,
    },
    Operation {
        name: "`rayon` pool `spawn` + channel `recv`",
        label: "rayon job",
        runs: (200, 20_000),
        measure: rayon_spawn,
    },
    Operation {
        name: "`std::thread::spawn(..).join()`",
        label: "thread",
        runs: (100, 5_000),
        measure: thread_spawn,
    },
    Operation {
        name: "`fork` + child `_exit` + `waitpid`",
        label: "fork",
        runs: (20, 500),
        measure: fork_in_a_child_process,
    },
    Operation {
        name: "`Command::new(\"/bin/true\").status()`",
        label: "/bin/true",
        runs: (10, 300),
        measure: run_bin_true,
    },
    Operation {
        name: "`Command` running this executable (exits at once)",
        label: "this exe",
        runs: (10, 300),
        measure: run_this_executable,
    },
];

pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let results = measure_every_operation(settings)?;
    draw_chart(&settings.chart_path("spawn-cost"), &results).map_err(|e| format!("chart: {e}"))?;
    Ok(Outcome {
        tables: vec![table(&results)],
        notes: notes(),
    })
}

fn measure_every_operation(
    settings: &Settings,
) -> Result<Vec<(&'static Operation, Spread)>, Error> {
    let bar = progress::bar("spawn-cost", OPERATIONS.len() as u64);
    let mut results = Vec::new();
    for operation in OPERATIONS {
        bar.set_message(operation.label);
        let runs = settings.pick(operation.runs.0, operation.runs.1);
        results.push((operation, measure_after_warm_up(operation, runs)?));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(results)
}

fn table(results: &[(&Operation, Spread)]) -> Table {
    let reference = results[0].1.median;
    let mut table = Table::new(
        "Starting one unit of work and getting its result: µs per unit \
         (each run timed alone with Instant; median, p10, p90 of the runs)",
        &[
            "operation",
            "runs",
            "median",
            "p10",
            "p90",
            "× multi-thread tokio task",
        ],
    );
    for (operation, spread) in results {
        table.row(vec![
            operation.name.to_string(),
            thousands(spread.runs as u64),
            micros(spread.median),
            micros(spread.p10),
            micros(spread.p90),
            ratio(spread.median, reference),
        ]);
    }
    table
}

fn draw_chart(path: &Path, results: &[(&Operation, Spread)]) -> Result<(), Error> {
    let bars: Vec<(String, f64)> = results
        .iter()
        .map(|(operation, spread)| (operation.label.to_string(), as_micros(spread.median)))
        .collect();
    chart::bars(
        path,
        &chart::Bars {
            title: "Starting one unit of work and getting its result (median, log scale)",
            unit: "µs per unit",
            bars: &bars,
            log: true,
            value_label: &|us| micros(Duration::from_secs_f64(us / 1e6)),
        },
    )
}

/// Runs a tenth as many untimed units first (at least 5): they start the
/// runtime's and the pool's threads and warm the caches, which is not what a
/// single start costs in a running program.
fn measure_after_warm_up(operation: &Operation, runs: usize) -> Result<Spread, Error> {
    let warm_up = (runs / 10).max(5);
    let samples =
        (operation.measure)(warm_up + runs).map_err(|e| format!("{}: {e}", operation.name))?;
    Ok(Spread::of(samples[warm_up..].to_vec()))
}

/// Times `unit(0)`, `unit(1)`, … one after another.
fn time_each(
    count: usize,
    mut unit: impl FnMut(usize) -> Result<(), Error>,
) -> Result<Vec<Duration>, Error> {
    (0..count)
        .map(|i| {
            let start = Instant::now();
            unit(i)?;
            Ok(start.elapsed())
        })
        .collect()
}

fn expect_index(expected: usize, got: usize) -> Result<(), Error> {
    if got == expected {
        Ok(())
    } else {
        Err(format!("unit {expected} returned {got}").into())
    }
}

fn tokio_multi_thread(count: usize) -> Result<Vec<Duration>, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread().build()?;
    // The loop itself runs as a task on a worker thread, as code in a tokio
    // program does, rather than on the thread that called `block_on`.
    runtime.block_on(async { tokio::spawn(time_tokio_spawns(count)).await? })
}

fn tokio_current_thread(count: usize) -> Result<Vec<Duration>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(time_tokio_spawns(count))
}

/// Not `time_each`: the await needs an async loop.
async fn time_tokio_spawns(count: usize) -> Result<Vec<Duration>, Error> {
    let mut samples = Vec::with_capacity(count);
    for i in 0..count {
        let start = Instant::now();
        let got = tokio::spawn(async move { i }).await?;
        expect_index(i, got)?;
        samples.push(start.elapsed());
    }
    Ok(samples)
}

/// A pool of its own (default size: one thread per CPU), dropped at the end
/// so its threads do not outlive the measurement. `rayon::spawn` returns
/// nothing, so the job sends its result back on a channel.
fn rayon_spawn(count: usize) -> Result<Vec<Duration>, Error> {
    let pool = rayon::ThreadPoolBuilder::new().build()?;
    let (results, received) = mpsc::channel();
    time_each(count, |i| {
        let results = results.clone();
        pool.spawn(move || results.send(i).expect("the receiver outlives every job"));
        expect_index(i, received.recv()?)
    })
}

fn thread_spawn(count: usize) -> Result<Vec<Duration>, Error> {
    time_each(count, |i| {
        let got = std::thread::spawn(move || i)
            .join()
            .map_err(|_| "a thread panicked")?;
        expect_index(i, got)
    })
}

/// `fork` copies only the calling thread, so in a multi-threaded process the
/// child may call only async-signal-safe functions. This process has just
/// run tokio and rayon, so the forks run in a fresh child process of their
/// own (`experiments __child spawn-cost fork N`), which checks that it has
/// one thread and prints one time in nanoseconds per line.
fn fork_in_a_child_process(count: usize) -> Result<Vec<Duration>, Error> {
    let mut command = child_command("spawn-cost");
    command.args(["fork", &count.to_string()]);
    let lines =
        ChildProcess::start("the fork-timing child", command)?.finish(FORK_CHILD_TIMEOUT)?;
    let samples: Vec<Duration> = lines
        .iter()
        .map(|line| line.parse().map(Duration::from_nanos))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("the fork-timing child printed a non-number: {e}"))?;
    if samples.len() != count {
        return Err(format!("asked for {count} forks, got {} times", samples.len()).into());
    }
    Ok(samples)
}

/// Each child exits with its index (mod 128) and the parent checks it.
fn time_forks(count: usize) -> Result<Vec<Duration>, Error> {
    let threads = procfs::status(0)?.threads;
    if threads != 1 {
        return Err(
            format!("fork must run single-threaded here, but there are {threads} threads").into(),
        );
    }
    time_each(count, |i| {
        let code = (i % 128) as i32;
        // SAFETY: this process has one thread (checked above), and the child
        // calls only `_exit`, which is async-signal-safe.
        match unsafe { fork() }? {
            ForkResult::Child => unsafe { libc::_exit(code) },
            ForkResult::Parent { child } => match waitpid(child, None)? {
                WaitStatus::Exited(_, got) if got == code => Ok(()),
                other => Err(format!("fork child {i}: expected exit {code}, got {other:?}").into()),
            },
        }
    })
}

fn run_bin_true(count: usize) -> Result<Vec<Duration>, Error> {
    time_each(count, |_| expect_success(Command::new("/bin/true")))
}

/// `experiments __child spawn-cost`: a Rust program that exits at once.
fn run_this_executable(count: usize) -> Result<Vec<Duration>, Error> {
    time_each(count, |_| expect_success(child_command("spawn-cost")))
}

/// `status()` waits for the child, so it is reaped before this returns.
fn expect_success(mut command: Command) -> Result<(), Error> {
    let status = command.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} exited with {status}").into())
    }
}

/// Entry point for the processes this experiment starts
/// (`experiments __child spawn-cost …`): no arguments exits at once;
/// `fork N` times N forks and prints the times.
pub fn child(args: &[String]) -> Result<(), Error> {
    match args {
        [] => Ok(()),
        [what, count] if what == "fork" => {
            let samples = time_forks(count.parse()?)?;
            let lines: Vec<String> = samples.iter().map(|d| d.as_nanos().to_string()).collect();
            println!("{}", lines.join("\n"));
            Ok(())
        }
        _ => Err(format!("spawn-cost child: unexpected arguments {args:?}").into()),
    }
}

/// The median and the 10th and 90th percentiles of a set of timings.
struct Spread {
    runs: usize,
    median: Duration,
    p10: Duration,
    p90: Duration,
}

impl Spread {
    fn of(mut samples: Vec<Duration>) -> Spread {
        samples.sort_unstable();
        Spread {
            runs: samples.len(),
            median: stats::percentile(&samples, 0.5),
            p10: stats::percentile(&samples, 0.1),
            p90: stats::percentile(&samples, 0.9),
        }
    }
}

fn as_micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Three significant figures or so: "0.412 µs", "41.2 µs", "1,412 µs".
fn micros(d: Duration) -> String {
    match as_micros(d) {
        us if us < 1.0 => format!("{us:.3} µs"),
        us if us < 10.0 => format!("{us:.2} µs"),
        us if us < 100.0 => format!("{us:.1} µs"),
        us => format!("{} µs", thousands(us.round() as u64)),
    }
}

fn ratio(d: Duration, reference: Duration) -> String {
    match d.as_secs_f64() / reference.as_secs_f64() {
        r if r < 10.0 => format!("{r:.1}×"),
        r => format!("{}×", thousands(r.round() as u64)),
    }
}

fn notes() -> Vec<String> {
    vec![
        "Each run starts one unit, waits for its result and checks it (the unit's index, \
         or exit status 0), timed alone with `Instant`; a tenth as many untimed runs \
         (at least 5) come first, so the runtime's and the pool's threads already exist. \
         The tokio rows spawn from inside a task; on the multi-thread runtime that is a \
         worker thread. The rayon row queues a job on an existing pool thread: no thread \
         is started, unlike `thread::spawn`. Its p10 can fall far below its median: an \
         idle rayon worker keeps looking for work for a few dozen `yield_now` rounds \
         before it sleeps \
         (https://github.com/rayon-rs/rayon/blob/main/rayon-core/src/sleep/README.md): \
         a job that finds it still awake is picked up at once, one that finds it asleep \
         waits for it to be woken."
            .into(),
        "The fork row runs in a child process of its own, started for it and checked to \
         have exactly one thread. In a multi-threaded process, `fork` copies only the \
         calling thread, and until it calls `execve` the child may call only \
         async-signal-safe functions such as `_exit` \
         (https://man7.org/linux/man-pages/man2/fork.2.html); this process has run tokio \
         and rayon threads by then. `fork` also copies the parent's page tables, so a \
         bigger parent forks more slowly; this child is small."
            .into(),
        "The two `Command` rows include `execve`, the dynamic loader and the program's \
         start-up; \"this executable\" is the experiments binary run as \
         `experiments __child spawn-cost`, which returns at once. That start-up is what a \
         process pool pays once per worker, not once per task. `Command` does not `fork`: \
         `strace -f` shows it starting the child with `clone3(CLONE_VM|CLONE_VFORK)`, \
         glibc's `posix_spawn` (https://man7.org/linux/man-pages/man3/posix_spawn.3.html), \
         which shares the parent's memory until `execve` instead of copying its page tables."
            .into(),
    ]
}
