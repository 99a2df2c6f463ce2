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
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

use crate::{Error, Outcome, Settings, Table, child_command, procfs, progress};

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
    seconds: f64,
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
    let python = match procfs::python3() {
        Some(python3) => Some(run_python(&python3, &sizes)?),
        None => None,
    };
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

/// How many primes lie in `numbers`, by deliberately plain trial division
/// (the same kernel as the Introduction's `count_primes`).
fn count_primes(numbers: Range<u64>) -> u64 {
    let is_prime = |n: u64| {
        n >= 2
            && (2..)
                .take_while(|d| d * d <= n)
                .all(|d| !n.is_multiple_of(d))
    };
    numbers.filter(|&n| is_prime(n)).count() as u64
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

/// Times every variant `runs` times, in rounds (each round runs every variant
/// once) so that a burst of load from elsewhere hits all variants alike, and
/// checks that every run of every variant found the same number of primes.
fn measure_rust(chunks: &[Range<u64>], runs: usize, gil: &Gil) -> Result<Vec<Measured>, Error> {
    // Built once, outside the timed runs, like a pool a program keeps.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .build()?;
    type Variant<'a> = (&'a str, usize, Box<dyn Fn() -> Result<u64, Error> + 'a>);
    let variants: [Variant; 5] = [
        ("sequential", 1, Box::new(|| Ok(sequential(chunks)))),
        (
            "GIL-sim threads",
            WORKERS,
            Box::new(|| Ok(gil_threads(chunks, gil))),
        ),
        ("threads", WORKERS, Box::new(|| Ok(plain_threads(chunks)))),
        (
            "rayon",
            WORKERS,
            Box::new(|| Ok(rayon_chunks(chunks, &pool))),
        ),
        ("processes", WORKERS, Box::new(|| processes(chunks))),
    ];
    let bar = progress::bar("gil (rust)", (variants.len() * runs) as u64);
    let mut seconds = vec![Vec::new(); variants.len()];
    let mut expected = None;
    for _ in 0..runs {
        for ((variant, _, count), times) in variants.iter().zip(&mut seconds) {
            bar.set_message(variant.to_string());
            let started = Instant::now();
            let primes = count()?;
            times.push(started.elapsed().as_secs_f64());
            let expected = *expected.get_or_insert(primes);
            if primes != expected {
                return Err(
                    format!("{variant} found {primes} primes, sequential {expected}").into(),
                );
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let primes = expected.ok_or("no runs")?;
    let measured = variants
        .iter()
        .zip(seconds)
        .map(|((variant, workers, _), times)| Measured {
            variant: variant.to_string(),
            workers: *workers,
            seconds: median(times),
            primes,
        });
    Ok(measured.collect())
}

fn median(mut seconds: Vec<f64>) -> f64 {
    seconds.sort_by(f64::total_cmp);
    seconds[seconds.len() / 2]
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
fn processes(chunks: &[Range<u64>]) -> Result<u64, Error> {
    let mut workers = Workers(Vec::new());
    for worker in 0..WORKERS {
        let ranges = share(chunks, worker)
            .into_iter()
            .map(|r| format!("{}..{}", r.start, r.end));
        let child = child_command("gil")
            .args(ranges)
            .stdout(Stdio::piped())
            .spawn()?;
        workers.0.push(child);
    }
    workers.collect_counts()
}

/// The worker processes; whatever is still here when this is dropped (an
/// error cut the collection short) is killed and reaped.
struct Workers(Vec<Child>);

impl Workers {
    /// Waits for every worker (reaping it) and adds up what they printed.
    fn collect_counts(&mut self) -> Result<u64, Error> {
        let mut total = 0;
        while let Some(child) = self.0.pop() {
            let output = child.wait_with_output()?;
            if !output.status.success() {
                return Err(format!("a worker process failed: {}", output.status).into());
            }
            let text = String::from_utf8_lossy(&output.stdout);
            total += text
                .trim()
                .parse::<u64>()
                .map_err(|e| format!("worker printed {text:?}: {e}"))?;
        }
        Ok(total)
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `experiments __child gil 0..78125 312500..390625 …`: count the primes in
/// each range and print the total on stdout.
pub fn child(args: &[String]) -> Result<(), Error> {
    let mut primes = 0;
    for arg in args {
        let (start, end) = arg
            .split_once("..")
            .ok_or_else(|| format!("not a range: {arg:?}"))?;
        primes += count_primes(start.parse()?..end.parse()?);
    }
    println!("{primes}");
    Ok(())
}

// ----------------------------------------------------------------- Python

/// What `python/gil.py` printed.
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

fn python_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python/gil.py")
}

/// Runs the script once (it times its three variants itself, in rounds like
/// the Rust side), checks that every variant found the primes Rust finds
/// below the same bound.
fn run_python(python3: &Path, sizes: &Sizes) -> Result<PythonReport, Error> {
    let bound = sizes.python_bound;
    let bar = progress::bar("gil (python)", 1);
    bar.enable_steady_tick(Duration::from_millis(250)); // keeps the elapsed time moving
    let output = Command::new(python3)
        .arg(python_script())
        .args([bound, CHUNKS, WORKERS as u64, sizes.runs as u64].map(|n| n.to_string()))
        .output()?;
    bar.finish_and_clear();
    if !output.status.success() {
        return Err(format!(
            "python/gil.py failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let report = parse_python(&String::from_utf8_lossy(&output.stdout))?;
    if report.rows.len() != 3 {
        return Err(format!("python/gil.py printed {} rows, not 3", report.rows.len()).into());
    }
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

/// Parses the script's tab-separated `key<TAB>value…` lines.
fn parse_python(text: &str) -> Result<PythonReport, Error> {
    let mut report = PythonReport {
        version: String::new(),
        gil: String::new(),
        gil_evidence: String::new(),
        switch_interval: String::new(),
        start_method: String::new(),
        rows: Vec::new(),
    };
    for line in text.lines() {
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
                seconds: seconds.parse()?,
                primes: primes.parse()?,
            }),
            _ => return Err(format!("python/gil.py printed an unexpected line: {line:?}").into()),
        }
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
            format!("{:.3} s", row.seconds),
            format!("{:.2}×", speedup(rows, row)),
            thousands(row.primes),
        ]);
    }
    table
}

/// The first row of each table is its sequential baseline.
fn speedup(rows: &[Measured], row: &Measured) -> f64 {
    rows[0].seconds / row.seconds
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

fn gil_note(gil: &Gil, runs: usize) -> String {
    let acquisitions = gil.acquisitions.load(Ordering::Relaxed) / runs as u64;
    let handovers = gil.handovers.load(Ordering::Relaxed) / runs as u64;
    format!(
        "The GIL simulation: each of the {WORKERS} threads computes only while it holds one \
         global `Mutex<()>`, and lets go after at most {} ms of computing — CPython's default \
         switch interval ({SWITCH_INTERVAL_DOCS}) — or at the end of a chunk. Per run the lock \
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

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

// ------------------------------------------------------------------ the chart

const RUST_COLOUR: RGBColor = RGBColor(206, 66, 43);
const PYTHON_COLOUR: RGBColor = RGBColor(55, 118, 171);

/// Horizontal bars of speed-up vs sequential, Rust rows then Python rows,
/// with a line at 1× (as fast as sequential).
fn speedup_chart(
    path: &Path,
    rust: &[Measured],
    python: &[Measured],
    sizes: &Sizes,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut bars: Vec<(String, f64, RGBColor)> = Vec::new();
    for row in rust {
        bars.push((
            format!("rust: {}", row.variant),
            speedup(rust, row),
            RUST_COLOUR,
        ));
    }
    for row in python {
        bars.push((
            format!("python: {}", short_python_name(&row.variant)),
            speedup(python, row),
            PYTHON_COLOUR,
        ));
    }
    let top = bars.iter().map(|b| b.1).fold(1.0, f64::max) * 1.2;
    let root = SVGBackend::new(path, crate::chart::SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let caption = format!(
        "Speed-up vs sequential, {WORKERS} workers (Rust: primes below {}, Python: below {})",
        thousands(sizes.bound),
        thousands(sizes.python_bound)
    );
    let n = bars.len();
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 17))
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(190)
        .build_cartesian_2d(0.0..top, (0..n).into_segmented())?;
    // Row i is drawn at the top when i = 0.
    let slot = |i: usize| n - 1 - i;
    let labels: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .x_labels(8)
        .y_labels(n)
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(s) if *s < n => labels[n - 1 - s].clone(),
            _ => String::new(),
        })
        .x_desc("speed-up vs sequential (×, higher is faster)")
        .label_style(("sans-serif", 13))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, value, colour))| {
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(slot(i))),
                (*value, SegmentValue::Exact(slot(i) + 1)),
            ],
            colour.mix(0.85).filled(),
        );
        bar.set_margin(6, 6, 0, 0);
        bar
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, value, _))| {
        Text::new(
            format!("{value:.2}×"),
            (*value + top * 0.01, SegmentValue::CenterOf(slot(i))),
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
        )
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, SegmentValue::Exact(0)), (1.0, SegmentValue::Exact(n))],
        BLACK.stroke_width(1),
    )))?;
    root.present()?;
    Ok(())
}

fn short_python_name(variant: &str) -> &str {
    match variant {
        "ThreadPoolExecutor" => "ThreadPool",
        "ProcessPoolExecutor" => "ProcessPool",
        other => other,
    }
}
