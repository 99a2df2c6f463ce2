//! Q5: how much memory does one *waiting* unit cost: an OS thread blocked on
//! a condition variable, or a tokio task suspended on a `Notify`?
//!
//! Each measurement runs in a fresh child process
//! (`experiments __child idle-memory threads|tasks N [STACK_KIB]`), so one
//! does not inherit the other's heap. The child reads `/proc/self/status`,
//! starts N units, waits until all N are known to be waiting, reads it
//! again, prints one line of numbers, then releases and joins every unit.

use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use crate::children::{ChildProcess, child_command};
use crate::procfs::{self, ProcStatus};
use crate::table::thousands;
use crate::{Error, Outcome, Settings, Table, chart, progress};

/// How long one child may take: a million tasks or ten thousand threads
/// take a second or two.
const CHILD_TIMEOUT: Duration = Duration::from_secs(120);

/// What kind of unit waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `std::thread::Builder`, with this stack size in KiB (`None`: std's default).
    Threads(Option<usize>),
    /// Tasks on a current_thread tokio runtime.
    Tasks,
}

/// One measurement: N units of one kind.
#[derive(Debug, Clone, Copy)]
struct Case {
    kind: Kind,
    units: usize,
}

const SMALL_STACK_KIB: usize = 64;

fn cases(settings: &Settings) -> Vec<Case> {
    let case = |kind, units| Case { kind, units };
    let small = Kind::Threads(Some(SMALL_STACK_KIB));
    settings.pick(
        vec![
            case(Kind::Threads(None), 50),
            case(small, 50),
            case(Kind::Tasks, 500),
        ],
        vec![
            case(Kind::Threads(None), 1_000),
            case(Kind::Threads(None), 10_000),
            case(small, 10_000),
            case(Kind::Tasks, 10_000),
            case(Kind::Tasks, 100_000),
            case(Kind::Tasks, 1_000_000),
        ],
    )
}

pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let cases = cases(settings);
    let bar = progress::bar("idle-memory", cases.len() as u64);
    let mut results = Vec::new();
    for case in cases {
        bar.set_message(chart_label(case));
        results.push((case, measure_in_a_child(case)?));
        bar.inc(1);
    }
    bar.finish_and_clear();
    let bars: Vec<(String, f64)> = results
        .iter()
        .map(|(case, report)| (chart_label(*case), report.rss_per_unit()))
        .collect();
    let chart = chart::Bars {
        title: "Resident memory per waiting unit (RSS growth / N, log scale)",
        unit: "bytes per unit (RSS)",
        bars: &bars,
        log: true,
        value_label: &bytes,
    };
    chart::bars(&settings.chart_path("idle-memory"), &chart).map_err(|e| format!("chart: {e}"))?;
    Ok(Outcome {
        tables: vec![table(&results)],
        notes: notes(&results),
    })
}

fn table(results: &[(Case, Report)]) -> Table {
    let mut table = Table::new(
        "Memory of N waiting units, each N in a fresh process: growth of VmRSS and VmSize \
         (/proc/self/status) from before the first unit starts to when all N wait",
        &[
            "kind",
            "N",
            "RSS growth",
            "RSS per unit",
            "virtual growth",
            "virtual per unit",
            "threads",
            "kernel stacks per unit",
        ],
    );
    for (case, report) in results {
        table.row(vec![
            kind_name(case.kind),
            thousands(report.units as u64),
            bytes(report.rss_growth() as f64),
            bytes(report.rss_per_unit()),
            bytes(report.virtual_growth() as f64),
            bytes(report.virtual_growth() as f64 / report.units as f64),
            thousands(report.after.status.threads),
            bytes(report.kernel_stack_growth() as f64 / report.units as f64),
        ]);
    }
    table
}

fn kind_name(kind: Kind) -> String {
    match kind {
        Kind::Threads(None) => "OS thread, default stack".into(),
        Kind::Threads(Some(kib)) => format!("OS thread, {kib} KiB stack"),
        Kind::Tasks => "tokio task, current_thread runtime".into(),
    }
}

/// "thread ×10k", "thread 64K ×10k", "task ×1M".
fn chart_label(case: Case) -> String {
    let kind = match case.kind {
        Kind::Threads(None) => "thread".to_string(),
        Kind::Threads(Some(kib)) => format!("thread {kib}K"),
        Kind::Tasks => "task".into(),
    };
    let units = match case.units {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    };
    format!("{kind} ×{units}")
}

fn child_args(case: Case) -> Vec<String> {
    let units = case.units.to_string();
    match case.kind {
        Kind::Threads(None) => vec!["threads".into(), units],
        Kind::Threads(Some(kib)) => vec!["threads".into(), units, kib.to_string()],
        Kind::Tasks => vec!["tasks".into(), units],
    }
}

/// Runs one case in a fresh child process and checks that all N units
/// waited, with one OS thread each (threads) or none (tasks).
fn measure_in_a_child(case: Case) -> Result<Report, Error> {
    let what = chart_label(case);
    let mut command = child_command("idle-memory");
    command.args(child_args(case));
    let lines = ChildProcess::start(format!("the {what} child"), command)?.finish(CHILD_TIMEOUT)?;
    let [line] = &lines[..] else {
        return Err(format!("{what}: expected one line from the child, got {lines:?}").into());
    };
    let report = Report::parse(line).map_err(|e| format!("{what}: {e}"))?;
    if report.units != case.units {
        let asked = case.units;
        return Err(format!("{what}: asked for {asked} units, {} waited", report.units).into());
    }
    // The main thread, plus one per waiting thread; tasks add none.
    let expected_threads = match case.kind {
        Kind::Threads(_) => case.units as u64 + 1,
        Kind::Tasks => 1,
    };
    let threads = report.after.status.threads;
    if threads != expected_threads {
        return Err(
            format!("{what}: {threads} threads while waiting, not {expected_threads}").into(),
        );
    }
    Ok(report)
}

/// What a child measured: the process before any unit started and once all
/// `units` were waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Report {
    units: usize,
    before: Snapshot,
    after: Snapshot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    status: ProcStatus,
    /// `KernelStack` of /proc/meminfo: all kernel stacks, machine-wide.
    kernel_stacks: u64,
}

fn snapshot() -> Result<Snapshot, Error> {
    Ok(Snapshot {
        status: procfs::status(0)?,
        kernel_stacks: kernel_stack_bytes()?,
    })
}

fn kernel_stack_bytes() -> Result<u64, Error> {
    let meminfo = std::fs::read_to_string("/proc/meminfo")?;
    let kib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("KernelStack:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .ok_or("no KernelStack line in /proc/meminfo")?;
    Ok(kib * 1024)
}

impl Report {
    const FIELDS: [&str; 8] = [
        "units",
        "rss_before",
        "rss_after",
        "virtual_before",
        "virtual_after",
        "threads_after",
        "kernel_stacks_before",
        "kernel_stacks_after",
    ];

    /// One line of `name=value` pairs, in `FIELDS` order.
    fn line(&self) -> String {
        let (b, a) = (self.before, self.after);
        let values = [
            self.units as u64,
            b.status.rss_bytes,
            a.status.rss_bytes,
            b.status.virtual_bytes,
            a.status.virtual_bytes,
            a.status.threads,
            b.kernel_stacks,
            a.kernel_stacks,
        ];
        let pairs: Vec<String> = Self::FIELDS
            .iter()
            .zip(values)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        pairs.join(" ")
    }

    fn parse(line: &str) -> Result<Report, Error> {
        let values: Vec<u64> = line
            .split_whitespace()
            .zip(Self::FIELDS)
            .map(|(pair, name)| {
                let value = pair
                    .strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('='))
                    .ok_or_else(|| format!("expected {name}=…, got {pair:?}"))?;
                Ok(value.parse()?)
            })
            .collect::<Result<_, Error>>()?;
        let [units, rss_b, rss_a, virt_b, virt_a, threads, ks_b, ks_a] = values[..] else {
            return Err(format!("expected {} numbers, got {line:?}", Self::FIELDS.len()).into());
        };
        let snapshot = |rss_bytes, virtual_bytes, threads, kernel_stacks| Snapshot {
            status: ProcStatus {
                rss_bytes,
                virtual_bytes,
                threads,
            },
            kernel_stacks,
        };
        Ok(Report {
            units: units as usize,
            before: snapshot(rss_b, virt_b, 0, ks_b),
            after: snapshot(rss_a, virt_a, threads, ks_a),
        })
    }

    fn rss_growth(&self) -> i64 {
        self.after.status.rss_bytes as i64 - self.before.status.rss_bytes as i64
    }

    fn rss_per_unit(&self) -> f64 {
        self.rss_growth() as f64 / self.units as f64
    }

    fn virtual_growth(&self) -> i64 {
        self.after.status.virtual_bytes as i64 - self.before.status.virtual_bytes as i64
    }

    fn kernel_stack_growth(&self) -> i64 {
        self.after.kernel_stacks as i64 - self.before.kernel_stacks as i64
    }
}

/// Entry point for the processes this experiment starts:
/// `threads N [STACK_KIB]` or `tasks N`. Prints one `Report` line.
pub fn child(args: &[String]) -> Result<(), Error> {
    let report = match args {
        [kind, n] if kind == "threads" => hold_threads(units(n)?, None)?,
        [kind, n, kib] if kind == "threads" => hold_threads(units(n)?, Some(kib.parse()?))?,
        [kind, n] if kind == "tasks" => hold_tasks(units(n)?)?,
        _ => return Err(format!("idle-memory child: unexpected arguments {args:?}").into()),
    };
    println!("{}", report.line());
    Ok(())
}

/// N, which must be at least 1: with none, nothing would ever report that
/// all N wait.
fn units(arg: &str) -> Result<usize, Error> {
    match arg.parse()? {
        0 => Err("idle-memory child: N must be at least 1".into()),
        n => Ok(n),
    }
}

/// Where the threads wait. Every thread counts itself in and then waits,
/// both under the one lock; so once the main thread holds the lock and sees
/// the count at N, every thread is inside `Condvar::wait` (which lets go of
/// the lock and starts waiting in one step).
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    all_waiting: Condvar,
    opened: Condvar,
}

#[derive(Default)]
struct GateState {
    waiting: usize,
    open: bool,
}

impl Gate {
    /// Runs on each thread: count in, then block until the gate opens.
    fn wait_for_opening(&self, units: usize) {
        let mut state = self
            .state
            .lock()
            .expect("no thread panics holding the gate");
        state.waiting += 1;
        if state.waiting == units {
            self.all_waiting.notify_one();
        }
        while !state.open {
            state = self
                .opened
                .wait(state)
                .expect("no thread panics holding the gate");
        }
    }

    /// Blocks until `units` threads wait, then returns while holding the
    /// lock, so none of them can move on.
    fn until_all_wait(&self, units: usize) -> std::sync::MutexGuard<'_, GateState> {
        let mut state = self
            .state
            .lock()
            .expect("no thread panics holding the gate");
        while state.waiting < units {
            state = self
                .all_waiting
                .wait(state)
                .expect("no thread panics holding the gate");
        }
        state
    }

    fn open(&self) {
        self.state
            .lock()
            .expect("no thread panics holding the gate")
            .open = true;
        self.opened.notify_all();
    }
}

fn hold_threads(units: usize, stack_kib: Option<usize>) -> Result<Report, Error> {
    let gate = Arc::new(Gate::default());
    let before = snapshot()?;
    let mut handles = Vec::with_capacity(units);
    for i in 0..units {
        match spawn_waiting_thread(i, units, stack_kib, Arc::clone(&gate)) {
            Ok(handle) => handles.push(handle),
            Err(e) => {
                // Release and join the threads already started before failing.
                gate.open();
                join_threads(handles)?;
                return Err(thread_limit_error(i, units, e).into());
            }
        }
    }
    let waiting = gate.until_all_wait(units);
    let after = snapshot()?;
    let report = Report {
        units: waiting.waiting,
        before,
        after,
    };
    drop(waiting);
    gate.open();
    join_threads(handles)?;
    Ok(report)
}

/// Thread `i` waits at the gate, then returns `i`.
fn spawn_waiting_thread(
    i: usize,
    units: usize,
    stack_kib: Option<usize>,
    gate: Arc<Gate>,
) -> std::io::Result<std::thread::JoinHandle<usize>> {
    let mut builder = std::thread::Builder::new();
    if let Some(kib) = stack_kib {
        builder = builder.stack_size(kib * 1024);
    }
    builder.spawn(move || {
        gate.wait_for_opening(units);
        i
    })
}

/// Joins every thread and checks each returned its index.
fn join_threads(handles: Vec<std::thread::JoinHandle<usize>>) -> Result<(), Error> {
    for (i, handle) in handles.into_iter().enumerate() {
        let got = handle.join().map_err(|_| format!("thread {i} panicked"))?;
        if got != i {
            return Err(format!("thread {i} returned {got}").into());
        }
    }
    Ok(())
}

/// The usual reasons `pthread_create` fails with EAGAIN, read from the
/// system, so the error says which limit to look at.
fn thread_limit_error(started: usize, units: usize, error: std::io::Error) -> String {
    let read = |path: &str| {
        std::fs::read_to_string(path).map_or_else(|_| "unreadable".into(), |s| s.trim().to_string())
    };
    let nproc = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NPROC)
        .map_or_else(|_| "unknown".into(), |(soft, _)| soft.to_string());
    format!(
        "starting thread {} of {units} failed: {error}. Limits: /proc/sys/kernel/threads-max = {}, \
         ulimit -u (RLIMIT_NPROC) = {nproc}, /sys/fs/cgroup/pids.max = {}, \
         /proc/sys/vm/max_map_count = {}",
        started + 1,
        read("/proc/sys/kernel/threads-max"),
        read("/sys/fs/cgroup/pids.max"),
        read("/proc/sys/vm/max_map_count"),
    )
}

/// Where the tasks wait: a `Notify` that opens them all at once, and a
/// count of tasks already registered with it.
struct TaskGate {
    units: usize,
    opened: Notify,
    waiting: AtomicUsize,
    all_waiting: Notify,
}

fn hold_tasks(units: usize) -> Result<Report, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(async {
        let gate = Arc::new(TaskGate {
            units,
            opened: Notify::new(),
            waiting: AtomicUsize::new(0),
            all_waiting: Notify::new(),
        });
        let before = snapshot()?;
        let handles: Vec<_> = (0..units)
            .map(|i| tokio::spawn(wait_for_opening(i, Arc::clone(&gate))))
            .collect();
        // `notify_one` stores a permit, so this cannot miss the last task's call.
        gate.all_waiting.notified().await;
        let after = snapshot()?;
        gate.opened.notify_waiters();
        for (i, handle) in handles.into_iter().enumerate() {
            let got = handle.await?;
            if got != i {
                return Err(format!("task {i} returned {got}").into());
            }
        }
        Ok(Report {
            // Relaxed: every task has been awaited.
            units: gate.waiting.load(Ordering::Relaxed),
            before,
            after,
        })
    })
}

/// One task: register with the gate, count in, wait.
async fn wait_for_opening(i: usize, gate: Arc<TaskGate>) -> usize {
    let mut opened = pin!(gate.opened.notified());
    // Registered from here on, so `notify_waiters` cannot pass it by.
    opened.as_mut().enable();
    // Relaxed: one counter; exactly one task sees the last count, and the
    // `Notify` carries the wake-up.
    if gate.waiting.fetch_add(1, Ordering::Relaxed) + 1 == gate.units {
        gate.all_waiting.notify_one();
    }
    opened.await;
    i
}

/// 1536 → "1.5 KiB"; negative growth (memory returned) keeps its sign.
fn bytes(n: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n;
    let mut unit = 0;
    while value.abs() >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    match (unit, value.abs()) {
        // `+ 0.0` turns a rounded -0 into 0.
        (0, _) => format!("{} {}", value.round() + 0.0, units[0]),
        (_, v) if v < 10.0 => format!("{value:.2} {}", units[unit]),
        (_, v) if v < 100.0 => format!("{value:.1} {}", units[unit]),
        _ => format!("{value:.0} {}", units[unit]),
    }
}

fn notes(results: &[(Case, Report)]) -> Vec<String> {
    vec![
        "Each row is one child process: it reads /proc/self/status (VmRSS, VmSize, Threads), \
         starts N units that each block until released (threads in `Condvar::wait`, tasks \
         awaiting a `tokio::sync::Notify`), waits until a counter shows all N waiting (no \
         sleeps), reads it again, then releases and joins every unit and checks each \
         returned its index. The growth includes each unit's join handle and its share of \
         the gate. Checked in every row: all N units waited, and the child had one thread \
         per waiting thread besides its main thread (tasks: that one thread only)."
            .into(),
        format!(
            "A Rust thread reserves a 2 MiB stack by default \
             (https://doc.rust-lang.org/std/thread/#stack-size): that is virtual memory, and \
             only the pages a thread touches become resident, which is why the RSS per thread \
             ({}) is a small part of the virtual size per thread. `Builder::stack_size` shrinks \
             the reservation, not the resident part. A task is one heap allocation holding its \
             future, so its RSS and virtual growth are the same bytes.",
            thread_rss_range(results)
        ),
        "The threads' virtual growth also holds glibc's per-thread malloc arenas: a thread \
         that allocates, even a little as it starts, gets an arena of its own, up to 8 per \
         core (M_ARENA_MAX, https://man7.org/linux/man-pages/man3/mallopt.3.html), each a \
         reservation of up to 64 MiB. So the virtual growth per thread can exceed the stack \
         it reserves. To see the arenas' share, cap them and compare `virtual_after`: \
         `cargo run --release -p experiments -- __child idle-memory threads 1000`, then the \
         same with `MALLOC_ARENA_MAX=1` in front."
            .into(),
        "RSS leaves out what the kernel keeps per thread: its task struct and a kernel stack. \
         The last column is the growth of `KernelStack` in /proc/meminfo \
         (https://man7.org/linux/man-pages/man5/proc_meminfo.5.html) per unit; that counter \
         is machine-wide, so other processes starting or ending threads at the same time \
         blur it."
            .into(),
    ]
}

/// "9.60 KiB to 9.78 KiB here": the RSS per unit of the thread rows.
fn thread_rss_range(results: &[(Case, Report)]) -> String {
    let per_thread: Vec<f64> = results
        .iter()
        .filter(|(case, _)| matches!(case.kind, Kind::Threads(_)))
        .map(|(_, report)| report.rss_per_unit())
        .collect();
    let low = per_thread.iter().copied().fold(f64::INFINITY, f64::min);
    let high = per_thread.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    match per_thread.len() {
        0 => "no thread rows in this run".into(),
        1 => format!("{} here", bytes(low)),
        _ => format!("{} to {} here", bytes(low), bytes(high)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_survives_its_line() {
        let snapshot = |rss_bytes, threads| Snapshot {
            status: ProcStatus {
                rss_bytes,
                virtual_bytes: rss_bytes * 4,
                threads,
            },
            kernel_stacks: rss_bytes / 2,
        };
        let report = Report {
            units: 3,
            before: snapshot(4096, 0),
            after: snapshot(8192, 4),
        };
        assert_eq!(Report::parse(&report.line()).unwrap(), report);
    }

    #[test]
    fn labels_and_sizes_read_well() {
        let case = |kind, units| chart_label(Case { kind, units });
        assert_eq!(case(Kind::Threads(Some(64)), 10_000), "thread 64K ×10k");
        assert_eq!(case(Kind::Tasks, 1_000_000), "task ×1M");
        assert_eq!(case(Kind::Tasks, 500), "task ×500");
        assert_eq!(bytes(1536.0), "1.50 KiB");
        assert_eq!(bytes(-300.0), "-300 B");
        assert_eq!(bytes(-0.2), "0 B");
    }
}
