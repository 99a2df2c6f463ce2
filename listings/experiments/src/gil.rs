//! Questions 2 and 7: why Python threads cannot speed up CPU work, and when
//! `ProcessPoolExecutor` beats `ThreadPoolExecutor`.
//!
//! One CPU-bound kernel (count the primes below a bound by trial division,
//! split into fixed chunks) run as: one thread; W threads that must hold one
//! global lock while they compute, as CPython's threads must hold the GIL
//! (the "GIL simulation"); W plain threads; rayon with W threads; W worker
//! processes started from this executable; and, where python3 exists, the
//! same count in pure Python: sequentially, with `ThreadPoolExecutor` and
//! with `ProcessPoolExecutor`.

use std::ops::Range;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

use crate::children::{ChildProcess, child_command, python_script, python3};
use crate::table::thousands;
use crate::{Error, Outcome, Settings, Table, chart, progress, stats};

/// Workers in every parallel variant, Rust and Python alike.
const WORKERS: usize = 4;
/// The range is cut into this many equal chunks, the unit of work handed out.
const CHUNKS: u64 = 64;
/// CPython's default switch interval: a thread that holds the GIL is asked to
/// drop it after this long when another thread wants it.
const SWITCH_INTERVAL: Duration = Duration::from_millis(5);
/// The GIL-holding loop looks at the clock once per this many numbers.
const CLOCK_EVERY: u64 = 64;

const SWITCH_INTERVAL_DOCS: &str =
    "https://docs.python.org/3/library/sys.html#sys.setswitchinterval";
/// How long a worker process may take to count its share: under a second.
const WORKER_TIMEOUT: Duration = Duration::from_secs(120);
/// How long `python/gil.py` may take for all its runs: about 15 s here.
const PYTHON_TIMEOUT: Duration = Duration::from_secs(600);

/// How big a run is.
struct Sizes {
    /// Rust counts the primes below this.
    bound: u64,
    /// Pure Python is far slower, so it counts below a smaller bound.
    python_bound: u64,
    /// Timed runs per variant, Rust and Python; the tables show the median.
    runs: usize,
}

impl Sizes {
    fn for_scale(settings: &Settings) -> Sizes {
        Sizes {
            bound: settings.pick(20_000, 5_000_000),
            python_bound: settings.pick(20_000, 600_000),
            runs: settings.pick(1, 3),
        }
    }
}

/// One measured variant: a row of a table and a bar of the chart.
struct Measured {
    variant: String,
    workers: usize,
    /// The median of the variant's timed runs.
    wall: Duration,
    primes: u64,
}

pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let sizes = Sizes::for_scale(settings);
    let gil = Gil::default();
    let rust = measure_rust(&chunks(sizes.bound), sizes.runs, &gil)?;
    let mut outcome = Outcome::default();
    outcome.tables.push(rust_table(&rust, &sizes));
    outcome.notes.push(workers_note(settings));
    outcome.notes.push(gil_note(&gil, sizes.runs));
    let python = python3()
        .map(|python3| run_python(&python3, &sizes))
        .transpose()?;
    match &python {
        Some(report) => {
            outcome.tables.push(python_table(report, &sizes));
            outcome.notes.push(report.describe());
        }
        None => outcome
            .notes
            .push("python3 was not found, so the Python rows were skipped.".into()),
    }
    outcome.notes.push(reading_note());
    let rows = python.as_ref().map_or(&[][..], |p| &p.rows[..]);
    speedup_chart(&settings.chart_path("gil"), &rust, rows, &sizes)
        .map_err(|e| format!("chart: {e}"))?;
    Ok(outcome)
}

// ---------------------------------------------------------------- the kernel

/// The Introduction's trial-division prime counter: one kernel for the
/// whole book, so the chapters and this experiment time the same work.
fn count_primes(numbers: Range<u64>) -> u64 {
    ch00_introduction::count_primes(numbers) as u64
}

/// `0..bound` cut into `CHUNKS` equal ranges; Python cuts it the same way.
fn chunks(bound: u64) -> Vec<Range<u64>> {
    (0..CHUNKS)
        .map(|i| bound * i / CHUNKS..bound * (i + 1) / CHUNKS)
        .collect()
}

/// Worker `worker`'s share of the chunks: every `WORKERS`-th one, so each
/// worker gets small and large numbers alike (large ones cost more).
fn share(chunks: &[Range<u64>], worker: usize) -> Vec<Range<u64>> {
    chunks
        .iter()
        .skip(worker)
        .step_by(WORKERS)
        .cloned()
        .collect()
}

// ---------------------------------------------------------- the Rust variants

/// A way to count the primes: a row of the Rust table.
struct Variant<'a> {
    name: &'static str,
    workers: usize,
    count: Box<dyn Fn() -> Result<u64, Error> + 'a>,
}

fn variant<'a>(
    name: &'static str,
    workers: usize,
    count: impl Fn() -> Result<u64, Error> + 'a,
) -> Variant<'a> {
    Variant {
        name,
        workers,
        count: Box::new(count),
    }
}

fn measure_rust(chunks: &[Range<u64>], runs: usize, gil: &Gil) -> Result<Vec<Measured>, Error> {
    // Built once, outside the timed runs, like a pool a program keeps.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .build()?;
    let variants = [
        variant("sequential", 1, || Ok(sequential(chunks))),
        variant("GIL-sim threads", WORKERS, || Ok(gil_threads(chunks, gil))),
        variant("threads", WORKERS, || Ok(plain_threads(chunks))),
        variant("rayon", WORKERS, || Ok(rayon_chunks(chunks, &pool))),
        variant("processes", WORKERS, || processes(chunks)),
    ];
    time_in_rounds(&variants, runs)
}

/// Times every variant `runs` times, in rounds (each round runs every variant
/// once) so that a burst of load from elsewhere hits all variants alike, and
/// checks that every run of every variant found the same number of primes.
fn time_in_rounds(variants: &[Variant], runs: usize) -> Result<Vec<Measured>, Error> {
    let bar = progress::bar("gil (rust)", (variants.len() * runs) as u64);
    let mut walls = vec![Vec::new(); variants.len()];
    let mut expected = None;
    for _ in 0..runs {
        for (variant, times) in variants.iter().zip(&mut walls) {
            bar.set_message(variant.name);
            let started = Instant::now();
            let primes = (variant.count)()?;
            times.push(started.elapsed());
            let expected = *expected.get_or_insert(primes);
            if primes != expected {
                let name = variant.name;
                return Err(format!("{name} found {primes} primes, sequential {expected}").into());
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let primes = expected.ok_or("no runs")?;
    let measured = variants.iter().zip(walls).map(|(variant, times)| Measured {
        variant: variant.name.to_string(),
        workers: variant.workers,
        wall: stats::median(times),
        primes,
    });
    Ok(measured.collect())
}

fn sequential(chunks: &[Range<u64>]) -> u64 {
    chunks.iter().cloned().map(count_primes).sum()
}

/// W scoped threads, no lock: each counts its share in parallel.
fn plain_threads(chunks: &[Range<u64>]) -> u64 {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|worker| scope.spawn(move || sequential(&share(chunks, worker))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a counting thread panicked"))
            .sum()
    })
}

/// Rayon's work stealing hands the chunks to the pool's W threads.
fn rayon_chunks(chunks: &[Range<u64>], pool: &rayon::ThreadPool) -> u64 {
    pool.install(|| chunks.par_iter().cloned().map(count_primes).sum())
}

// ------------------------------------------------------------ the GIL stand-in

/// Stands in for CPython's interpreter lock: a thread computes only while it
/// holds `lock`, so however many threads there are, one computes at a time.
/// The lock guards no data, just as the point here is only who may run.
#[derive(Default)]
struct Gil {
    lock: Mutex<()>,
    /// Which thread held the lock last, to count hand-overs.
    last_holder: AtomicUsize,
    acquisitions: AtomicU64,
    /// Acquisitions by a different thread than the last holder.
    handovers: AtomicU64,
}

/// W threads, each counting its share while holding the GIL stand-in.
fn gil_threads(chunks: &[Range<u64>], gil: &Gil) -> u64 {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|worker| {
                scope.spawn(move || {
                    let mine = share(chunks, worker);
                    mine.into_iter()
                        .map(|c| count_holding_gil(gil, worker + 1, c))
                        .sum::<u64>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a counting thread panicked"))
            .sum()
    })
}

/// Counts `numbers` in turns: take the lock, compute for at most one switch
/// interval, let go so that another thread may take a turn.
fn count_holding_gil(gil: &Gil, me: usize, numbers: Range<u64>) -> u64 {
    let mut primes = 0;
    let mut next = numbers.start;
    while next < numbers.end {
        let _held = gil.lock.lock().unwrap_or_else(PoisonError::into_inner);
        // Relaxed: statistics, updated under the lock and read after the join.
        gil.acquisitions.fetch_add(1, Ordering::Relaxed);
        if gil.last_holder.swap(me, Ordering::Relaxed) != me {
            gil.handovers.fetch_add(1, Ordering::Relaxed);
        }
        let turn_ends = Instant::now() + SWITCH_INTERVAL;
        while next < numbers.end && Instant::now() < turn_ends {
            let end = (next + CLOCK_EVERY).min(numbers.end);
            primes += count_primes(next..end);
            next = end;
        }
    } // `_held` is dropped at the end of each turn: the lock is released
    primes
}

// ------------------------------------------------------------- the processes

/// W worker processes, each this executable run as `__child gil` with its
/// share of the chunks as `start..end` arguments; each prints its count.
/// The workers are all started before any is waited for, so they run at
/// once; if anything fails, dropping `workers` kills and reaps the rest.
fn processes(chunks: &[Range<u64>]) -> Result<u64, Error> {
    let mut workers = Vec::with_capacity(WORKERS);
    for worker in 0..WORKERS {
        let mut command = child_command("gil");
        command.args(
            share(chunks, worker)
                .iter()
                .map(|r| format!("{}..{}", r.start, r.end)),
        );
        workers.push(ChildProcess::start(
            format!("worker process {worker}"),
            command,
        )?);
    }
    let mut total = 0;
    for (worker, process) in workers.into_iter().enumerate() {
        let printed = process.finish(WORKER_TIMEOUT)?;
        let [count] = &printed[..] else {
            return Err(
                format!("worker process {worker} printed {printed:?}, not one count").into(),
            );
        };
        total += count
            .parse::<u64>()
            .map_err(|e| format!("worker process {worker} printed {count:?}: {e}"))?;
    }
    Ok(total)
}

/// `experiments __child gil 0..78125 312500..390625 …`: count the primes in
/// each range and print the total on stdout.
pub fn child(args: &[String]) -> Result<(), Error> {
    let mut primes = 0;
    for arg in args {
        let not_a_range = || format!("gil child: not a range START..END: {arg:?}");
        let (start, end) = arg.split_once("..").ok_or_else(not_a_range)?;
        let (Ok(start), Ok(end)) = (start.parse(), end.parse()) else {
            return Err(not_a_range().into());
        };
        primes += count_primes(start..end);
    }
    println!("{primes}");
    Ok(())
}

// ----------------------------------------------------------------- Python

/// The rows `python/gil.py` prints, in order: the first is the baseline.
const PYTHON_ROWS: [&str; 3] = ["sequential", "ThreadPoolExecutor", "ProcessPoolExecutor"];

/// What `python/gil.py` printed.
#[derive(Default)]
struct PythonReport {
    version: String,
    /// "enabled" or "disabled".
    gil: String,
    /// How the script knows.
    gil_evidence: String,
    switch_interval: String,
    start_method: String,
    rows: Vec<Measured>,
}

impl PythonReport {
    fn describe(&self) -> String {
        format!(
            "Python {}. The GIL is {}: {} \
             (https://docs.python.org/3/library/sys.html#sys._is_gil_enabled). \
             Switch interval: {} s. Worker processes started with {:?} \
             (https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods).",
            self.version, self.gil, self.gil_evidence, self.switch_interval, self.start_method
        )
    }
}

/// Runs the script once (it times its three variants itself, in rounds like
/// the Rust side), checks that every variant found the primes Rust finds
/// below the same bound.
fn run_python(python3: &Path, sizes: &Sizes) -> Result<PythonReport, Error> {
    let bound = sizes.python_bound;
    let bar = progress::bar("gil (python)", 1);
    bar.enable_steady_tick(Duration::from_millis(250)); // keeps the elapsed time moving
    let mut command = Command::new(python3);
    command
        .arg(python_script("gil.py"))
        .args([bound, CHUNKS, WORKERS as u64, sizes.runs as u64].map(|n| n.to_string()));
    let lines = ChildProcess::start("python/gil.py", command)?.finish(PYTHON_TIMEOUT)?;
    bar.finish_and_clear();
    let report = parse_python(&lines)?;
    let expected = sequential(&chunks(bound));
    if let Some(wrong) = report.rows.iter().find(|r| r.primes != expected) {
        return Err(format!(
            "python {} found {} primes below {bound}, Rust {expected}",
            wrong.variant, wrong.primes
        )
        .into());
    }
    Ok(report)
}

/// Parses the script's tab-separated `key<TAB>value…` lines, and checks that
/// it said everything, and its rows in `PYTHON_ROWS` order.
fn parse_python(lines: &[String]) -> Result<PythonReport, Error> {
    let mut report = PythonReport::default();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[..] {
            ["python_version", v] => report.version = v.to_string(),
            ["gil", state, evidence] => {
                report.gil = state.to_string();
                report.gil_evidence = evidence.to_string();
            }
            ["switch_interval", v] => report.switch_interval = v.to_string(),
            ["start_method", v] => report.start_method = v.to_string(),
            ["row", variant, workers, seconds, primes] => report.rows.push(Measured {
                variant: variant.to_string(),
                workers: workers.parse()?,
                wall: Duration::try_from_secs_f64(seconds.parse()?)?,
                primes: primes.parse()?,
            }),
            _ => return Err(format!("python/gil.py printed an unexpected line: {line:?}").into()),
        }
    }
    let said = [
        &report.version,
        &report.gil,
        &report.switch_interval,
        &report.start_method,
    ];
    let variants: Vec<&str> = report.rows.iter().map(|r| r.variant.as_str()).collect();
    if said.iter().any(|field| field.is_empty()) || variants != PYTHON_ROWS {
        return Err(format!("python/gil.py printed too little or out of order: {lines:?}").into());
    }
    Ok(report)
}

// ------------------------------------------------------------- the report

fn rust_table(rows: &[Measured], sizes: &Sizes) -> Table {
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let title = format!(
        "Rust: counting the primes below {} by trial division in {CHUNKS} chunks \
         ({build} build; wall time: median of {} run(s), in rounds of one run per variant; \
         speed-up = sequential time / this time)",
        thousands(sizes.bound),
        sizes.runs
    );
    table(&title, rows)
}

fn python_table(report: &PythonReport, sizes: &Sizes) -> Table {
    let title = format!(
        "Python: counting the primes below {} by trial division in {CHUNKS} chunks \
         (pure Python; wall time: median of {} run(s), in rounds of one run per variant, \
         each pool created inside the timed call; speed-up = sequential time / this time)",
        thousands(sizes.python_bound),
        sizes.runs
    );
    table(&title, &report.rows)
}

fn table(title: &str, rows: &[Measured]) -> Table {
    let mut table = Table::new(
        title,
        &[
            "variant",
            "workers",
            "wall time",
            "speed-up vs sequential",
            "primes found",
        ],
    );
    for row in rows {
        table.row(vec![
            row.variant.clone(),
            row.workers.to_string(),
            format!("{:.3} s", row.wall.as_secs_f64()),
            format!("{:.2}×", speedup(rows, row)),
            thousands(row.primes),
        ]);
    }
    table
}

/// The first row of each table is its sequential baseline.
fn speedup(rows: &[Measured], row: &Measured) -> f64 {
    rows[0].wall.as_secs_f64() / row.wall.as_secs_f64()
}

fn workers_note(settings: &Settings) -> String {
    let machine = &settings.machine;
    let quota = match machine.cgroup_cpus() {
        Some(cpus) => format!("a cgroup quota of {cpus} CPUs"),
        None if machine.cgroup_cpu_max == "unavailable" => {
            "no cgroup v2 CPU quota to read (`/sys/fs/cgroup/cpu.max` is missing)".to_string()
        }
        None => format!("no cgroup CPU quota (`{}`)", machine.cgroup_cpu_max),
    };
    format!(
        "Every parallel variant uses W = {WORKERS} workers; this machine reports \
         `available_parallelism()` = {} and {quota}, so at most {} of them can compute at \
         any instant. Plain threads and processes take every {WORKERS}th chunk each; rayon \
         and the Python pools hand chunks out as workers become free.",
        machine.parallelism,
        WORKERS.min(machine.parallelism)
    )
}

/// The counters add up over every run of the GIL simulation; the note gives
/// their mean per run.
fn gil_note(gil: &Gil, runs: usize) -> String {
    let acquisitions = gil.acquisitions.load(Ordering::Relaxed) / runs as u64;
    let handovers = gil.handovers.load(Ordering::Relaxed) / runs as u64;
    format!(
        "The GIL simulation: each of the {WORKERS} threads computes only while it holds one \
         global `Mutex<()>`, and lets go after at most {} ms of computing — CPython's default \
         switch interval ({SWITCH_INTERVAL_DOCS}) — or at the end of a chunk. On average per run the lock \
         was taken {acquisitions} times and passed to a different thread {handovers} times: a \
         thread that lets go of std's `Mutex` can take it straight back before a sleeping \
         waiter wakes, so the lock changes hands less often than it is taken.",
        SWITCH_INTERVAL.as_millis()
    )
}

fn reading_note() -> String {
    "How to read this: the GIL simulation cannot beat sequential by construction (one \
     thread computes at a time) and pays for lock hand-overs besides. Python's \
     ThreadPoolExecutor is in the same position because of the real GIL \
     (https://docs.python.org/3/glossary.html#term-global-interpreter-lock); \
     ProcessPoolExecutor escapes it with one interpreter, and one GIL, per process. Rust's \
     threads and rayon have no such lock, so worker processes can beat only the GIL-like \
     threads: against real threads or rayon they do the same work plus starting processes, \
     and any difference between those rows is noise. Every speed-up is bounded by the cores \
     the machine really gives, and no figure here is asserted by the tests."
        .into()
}

// ------------------------------------------------------------------ the chart

const RUST_COLOUR: RGBColor = RGBColor(206, 66, 43);
const PYTHON_COLOUR: RGBColor = RGBColor(55, 118, 171);

/// One horizontal bar: label, speed-up, colour.
type SpeedupBar = (String, f64, RGBColor);

/// Horizontal bars of speed-up vs sequential, Rust rows then Python rows,
/// with a line at 1× (as fast as sequential).
fn speedup_chart(
    path: &Path,
    rust: &[Measured],
    python: &[Measured],
    sizes: &Sizes,
) -> Result<(), Error> {
    let bars = speedup_bars(rust, python);
    let root = SVGBackend::new(path, chart::SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let caption = format!(
        "Speed-up vs sequential, {WORKERS} workers (Rust: primes below {}, Python: below {})",
        thousands(sizes.bound),
        thousands(sizes.python_bound)
    );
    let top = bars.iter().map(|b| b.1).fold(1.0, f64::max) * 1.2;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (chart::FONT, 17))
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(190)
        .build_cartesian_2d(0.0..top, chart::bar_slots(bars.len()))?;
    draw_speedup_bars(&mut chart, &bars, top)?;
    root.present()?;
    Ok(())
}

fn speedup_bars(rust: &[Measured], python: &[Measured]) -> Vec<SpeedupBar> {
    let rust_bars = rust.iter().map(|row| {
        let label = format!("rust: {}", row.variant);
        (label, speedup(rust, row), RUST_COLOUR)
    });
    let python_bars = python.iter().map(|row| {
        let label = format!("python: {}", short_python_name(&row.variant));
        (label, speedup(python, row), PYTHON_COLOUR)
    });
    rust_bars.chain(python_bars).collect()
}

type SpeedupContext<'a> = ChartContext<
    'a,
    SVGBackend<'a>,
    Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize>,
    >,
>;

/// The axes, the bars with their values, and the 1× line.
fn draw_speedup_bars(
    chart: &mut SpeedupContext,
    bars: &[SpeedupBar],
    top: f64,
) -> Result<(), Error> {
    let n = bars.len();
    // The y axis counts slots from the bottom; bar i goes in slot n - 1 - i,
    // so the first bar is on top.
    let slot = |i: usize| n - 1 - i;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .x_labels(8)
        .y_labels(n)
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(s) if *s < n => bars[slot(*s)].0.clone(),
            _ => String::new(),
        })
        .x_desc("speed-up vs sequential (×, higher is faster)")
        .label_style((chart::FONT, 13))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, value, colour))| {
        let corners = [
            (0.0, SegmentValue::Exact(slot(i))),
            (*value, SegmentValue::Exact(slot(i) + 1)),
        ];
        let mut bar = Rectangle::new(corners, colour.mix(0.85).filled());
        bar.set_margin(6, 6, 0, 0);
        bar
    }))?;
    let beside = TextStyle::from((chart::FONT, 13)).pos(Pos::new(HPos::Left, VPos::Center));
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, value, _))| {
        // Right of the bar, and of the 1× line when the bar stops short of it.
        let at = (value.max(1.0) + top * 0.01, SegmentValue::CenterOf(slot(i)));
        Text::new(format!("{value:.2}×"), at, beside.clone())
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, SegmentValue::Exact(0)), (1.0, SegmentValue::Exact(n))],
        BLACK.stroke_width(1),
    )))?;
    Ok(())
}

fn short_python_name(variant: &str) -> &str {
    match variant {
        "ThreadPoolExecutor" => "ThreadPool",
        "ProcessPoolExecutor" => "ProcessPool",
        other => other,
    }
}
