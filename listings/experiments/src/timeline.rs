//! Question 1, "What is the difference between concurrency and parallelism?",
//! as a picture: the same four jobs run three ways, each run traced.
//!
//! A job does a few rounds of one CPU slice (a hash loop: real work) followed
//! by one wait (a sleep standing in for I/O). Every slice and every wait is
//! recorded with its start and end (since the run's start) and the OS thread
//! that ran it. The chart draws the traces as lanes; the table sums them.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use nix::time::ClockId;
use plotters::prelude::*;
use plotters::style::full_palette::{BLUE_600, GREEN_700, ORANGE_800, PURPLE_500};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use tokio::runtime::Runtime;

use crate::chart::{Area, FONT};
use crate::{Error, Outcome, Settings, Table, progress};

const JOBS: usize = 4;

/// The three ways to run the jobs. The labels title the chart's panels and
/// the table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Sequential,
    Interleaved,
    Threads,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Sequential, Mode::Interleaved, Mode::Threads];

    fn label(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Interleaved => "interleaved on one thread (concurrency)",
            Mode::Threads => "four threads (parallelism)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cpu,
    Wait,
}

/// One CPU slice or one wait of one job, as the trace recorded it.
#[derive(Debug, Clone)]
struct Span {
    /// 1 to 4.
    job: usize,
    kind: Kind,
    /// Since the run's start.
    start: Duration,
    end: Duration,
    /// The OS thread id (gettid(2)) of the thread that ran it.
    thread: i32,
    /// For a CPU slice, the CPU time its thread got meanwhile (the thread's
    /// CPU clock): shorter than `end - start` when the OS ran another thread
    /// on the core. Zero for waits.
    cpu_clock: Duration,
}

/// What every job does, the same in all three modes.
#[derive(Debug, Clone, Copy)]
struct Plan {
    rounds: usize,
    slice: Duration,
    /// Iterations of `spin` in one CPU slice, calibrated to take about `slice`.
    iterations: u64,
    wait: Duration,
}

/// One traced run of one mode.
struct Run {
    mode: Mode,
    wall: Duration,
    spans: Vec<Span>,
    /// Of the hash values every slice computed: equal in every run.
    checksum: u64,
}

pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let slice = Duration::from_millis(settings.pick(3, 15));
    let plan = Plan {
        rounds: 3,
        slice,
        iterations: calibrate(slice),
        wait: Duration::from_millis(settings.pick(5, 25)),
    };
    // Odd, so that one run has the median wall time.
    let repeats = settings.pick(1, 5);
    let runs = run_all_modes(&plan, repeats)?;
    let checksum = same_checksum(&runs)?;
    let charted: Vec<&Run> = Mode::ALL.iter().map(|&m| median_run(&runs, m)).collect();
    draw_chart(&settings.chart_path("timeline"), &charted, &plan)
        .map_err(|e| format!("drawing the timeline chart: {e}"))?;
    Ok(Outcome {
        tables: vec![table(&charted, &plan, repeats)],
        notes: notes(&runs, &plan, repeats, checksum),
    })
}

/// Entry point for the processes this experiment starts (`experiments __child <name> …`).
pub fn child(_args: &[String]) -> Result<(), Error> {
    Err("this experiment starts no child processes".into())
}

/// Runs every mode `repeats` times, modes taking turns so that a noisy moment
/// on the machine does not fall on one mode only. Checks every run.
fn run_all_modes(plan: &Plan, repeats: usize) -> Result<Vec<Run>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let bar = progress::bar("timeline", (repeats * Mode::ALL.len()) as u64);
    let mut runs = Vec::new();
    for _ in 0..repeats {
        for mode in Mode::ALL {
            let run = run_mode(mode, plan, &runtime)?;
            check(&run, plan)?;
            runs.push(run);
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    Ok(runs)
}

fn run_mode(mode: Mode, plan: &Plan, runtime: &Runtime) -> Result<Run, Error> {
    let origin = Instant::now();
    let logs = match mode {
        Mode::Sequential => (1..=JOBS)
            .map(|job| job_blocking(job, plan, origin))
            .collect(),
        Mode::Interleaved => interleaved(plan, origin, runtime)?,
        Mode::Threads => on_threads(plan, origin),
    };
    let wall = origin.elapsed();
    Ok(Run {
        mode,
        wall,
        checksum: logs
            .iter()
            .fold(0, |sum, log| sum.wrapping_add(log.checksum)),
        spans: logs.into_iter().flat_map(|log| log.spans).collect(),
    })
}

/// All four jobs as tasks on a `current_thread` runtime: one thread, which
/// switches to another job whenever the running one awaits its wait.
fn interleaved(plan: &Plan, origin: Instant, runtime: &Runtime) -> Result<Vec<JobLog>, Error> {
    runtime.block_on(async {
        let tasks: Vec<_> = (1..=JOBS)
            .map(|job| tokio::spawn(job_async(job, *plan, origin)))
            .collect();
        let mut logs = Vec::new();
        for task in tasks {
            logs.push(task.await?);
        }
        Ok(logs)
    })
}

/// Each job on its own OS thread; the kernel decides which cores run them.
fn on_threads(plan: &Plan, origin: Instant) -> Vec<JobLog> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = (1..=JOBS)
            .map(|job| scope.spawn(move || job_blocking(job, plan, origin)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a job thread panicked"))
            .collect()
    })
}

/// One job whose waits block its thread (`std::thread::sleep`).
fn job_blocking(job: usize, plan: &Plan, origin: Instant) -> JobLog {
    let mut log = JobLog::new(job, origin);
    for round in 0..plan.rounds {
        log.cpu_slice(plan, round);
        let waiting = log.mark();
        std::thread::sleep(plan.wait);
        log.record(Kind::Wait, waiting);
    }
    log
}

/// The same job whose waits await a timer, handing the thread to other tasks.
/// Its CPU slice contains no `.await`, so it holds the thread until it is done:
/// exactly why no two slices can overlap on one thread.
async fn job_async(job: usize, plan: Plan, origin: Instant) -> JobLog {
    let mut log = JobLog::new(job, origin);
    for round in 0..plan.rounds {
        log.cpu_slice(&plan, round);
        let waiting = log.mark();
        tokio::time::sleep(plan.wait).await;
        log.record(Kind::Wait, waiting);
    }
    log
}

/// The trace one job writes as it goes.
struct JobLog {
    job: usize,
    origin: Instant,
    spans: Vec<Span>,
    checksum: u64,
}

/// Where a span began: on the run's clock and on its thread's CPU clock.
struct Mark {
    start: Duration,
    cpu_clock: Duration,
}

impl JobLog {
    fn new(job: usize, origin: Instant) -> JobLog {
        JobLog {
            job,
            origin,
            spans: Vec::new(),
            checksum: 0,
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            start: self.origin.elapsed(),
            cpu_clock: thread_cpu_clock(),
        }
    }

    fn cpu_slice(&mut self, plan: &Plan, round: usize) {
        let working = self.mark();
        let seed = (self.job * 1000 + round) as u64;
        self.checksum = self.checksum.wrapping_add(spin(plan.iterations, seed));
        self.record(Kind::Cpu, working);
    }

    fn record(&mut self, kind: Kind, mark: Mark) {
        let end = self.origin.elapsed();
        // During a wait this thread may run other jobs (interleaved mode),
        // so its CPU clock says nothing about the wait itself.
        let cpu_clock = match kind {
            Kind::Cpu => thread_cpu_clock() - mark.cpu_clock,
            Kind::Wait => Duration::ZERO,
        };
        self.spans.push(Span {
            job: self.job,
            kind,
            start: mark.start,
            end,
            thread: nix::unistd::gettid().as_raw(),
            cpu_clock,
        });
    }
}

/// CPU time the calling thread has used (clock_gettime(2), CLOCK_THREAD_CPUTIME_ID).
fn thread_cpu_clock() -> Duration {
    ClockId::CLOCK_THREAD_CPUTIME_ID
        .now()
        .expect("Linux has a per-thread CPU clock")
        .into()
}

/// Real CPU work: a chain of multiply-rotate-xor steps. Each step needs the
/// previous one, so the compiler can neither skip nor vectorise the loop.
fn spin(iterations: u64, seed: u64) -> u64 {
    let mut x = seed;
    for i in 0..black_box(iterations) {
        x = (x ^ i).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }
    x
}

/// Iterations of `spin` that take about `slice` here: grows a batch until it
/// takes a quarter of a slice, then scales the fastest of five timings (a
/// trial the OS interrupted is slower, not faster).
fn calibrate(slice: Duration) -> u64 {
    let time_spin = |iterations| {
        let started = Instant::now();
        black_box(spin(iterations, 1));
        started.elapsed()
    };
    let mut iterations: u64 = 1_000;
    while time_spin(iterations) < slice / 4 {
        iterations *= 2;
    }
    let fastest = (0..5)
        .map(|_| time_spin(iterations))
        .min()
        .expect("five trials");
    (iterations as f64 * slice.as_secs_f64() / fastest.as_secs_f64()) as u64
}

/// What a trace adds up to.
struct Summary {
    cpu: Duration,
    cpu_clock: Duration,
    wait: Duration,
    threads: usize,
    most_cpu_at_once: usize,
    most_waits_at_once: usize,
}

impl Summary {
    fn of(run: &Run) -> Summary {
        let total = |kind: Kind| -> Duration {
            run.spans
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.end - s.start)
                .sum()
        };
        Summary {
            cpu: total(Kind::Cpu),
            cpu_clock: run.spans.iter().map(|s| s.cpu_clock).sum(),
            wait: total(Kind::Wait),
            threads: run
                .spans
                .iter()
                .map(|s| s.thread)
                .collect::<BTreeSet<_>>()
                .len(),
            most_cpu_at_once: most_at_once(&run.spans, Kind::Cpu),
            most_waits_at_once: most_at_once(&run.spans, Kind::Wait),
        }
    }
}

/// The largest number of `kind` spans open at one instant: a sweep over their
/// starts (+1) and ends (-1) in time order. At equal times an end sorts
/// first, so a slice that starts as another ends does not overlap it.
fn most_at_once(spans: &[Span], kind: Kind) -> usize {
    let mut edges: Vec<(Duration, i32)> = spans
        .iter()
        .filter(|s| s.kind == kind)
        .flat_map(|s| [(s.start, 1), (s.end, -1)])
        .collect();
    edges.sort();
    let mut open = 0;
    let mut most = 0;
    for (_, change) in edges {
        open += change;
        most = most.max(open);
    }
    most as usize
}

/// What must hold however the timings fall.
fn check(run: &Run, plan: &Plan) -> Result<(), Error> {
    let label = run.mode.label();
    for job in 1..=JOBS {
        for kind in [Kind::Cpu, Kind::Wait] {
            let count = run
                .spans
                .iter()
                .filter(|s| s.job == job && s.kind == kind)
                .count();
            if count != plan.rounds {
                let want = plan.rounds;
                return Err(
                    format!("{label}: job {job} has {count} {kind:?} spans, not {want}").into(),
                );
            }
        }
    }
    let summary = Summary::of(run);
    let (threads, most_cpu) = (summary.threads, summary.most_cpu_at_once);
    match run.mode {
        Mode::Sequential | Mode::Interleaved if threads != 1 || most_cpu != 1 => Err(format!(
            "{label}: expected one OS thread and no overlapping CPU slices, \
             got {threads} threads and {most_cpu} slices at once"
        )
        .into()),
        Mode::Threads if threads != JOBS => {
            Err(format!("{label}: expected {JOBS} OS threads, got {threads}").into())
        }
        _ => Ok(()),
    }
}

fn same_checksum(runs: &[Run]) -> Result<u64, Error> {
    let first = runs[0].checksum;
    match runs.iter().find(|r| r.checksum != first) {
        Some(odd) => Err(format!(
            "{}: checksum {:#x} differs from {first:#x}",
            odd.mode.label(),
            odd.checksum
        )
        .into()),
        None => Ok(first),
    }
}

/// The run of `mode` with the median wall time: the one the chart and table
/// show. With an even number of runs no run sits in the middle, hence the
/// odd `repeats`.
fn median_run(runs: &[Run], mode: Mode) -> &Run {
    let mut of_mode: Vec<&Run> = runs.iter().filter(|r| r.mode == mode).collect();
    assert!(
        of_mode.len() % 2 == 1,
        "an odd number of runs has a middle one"
    );
    of_mode.sort_by_key(|r| r.wall);
    of_mode[of_mode.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn plan_text(plan: &Plan) -> String {
    format!(
        "{} × ({} ms CPU slice + {} ms wait)",
        plan.rounds,
        plan.slice.as_millis(),
        plan.wait.as_millis()
    )
}

fn table(charted: &[&Run], plan: &Plan, repeats: usize) -> Table {
    let title = format!(
        "Four jobs, each {}, run three ways: per mode the traced run with the median \
         wall time of {repeats} (the one charted); times from Instant, summed over its trace",
        plan_text(plan)
    );
    let mut table = Table::new(
        &title,
        &[
            "mode",
            "wall ms",
            "CPU slices ms (bar lengths)",
            "CPU the slices got ms (thread CPU clock)",
            "waits ms",
            "CPU + waits ms",
            "OS threads",
            "most CPU slices at once",
            "most waits at once",
        ],
    );
    for run in charted {
        let s = Summary::of(run);
        table.row(vec![
            run.mode.label().to_string(),
            ms(run.wall),
            ms(s.cpu),
            ms(s.cpu_clock),
            ms(s.wait),
            ms(s.cpu + s.wait),
            s.threads.to_string(),
            s.most_cpu_at_once.to_string(),
            s.most_waits_at_once.to_string(),
        ]);
    }
    table
}

fn notes(runs: &[Run], plan: &Plan, repeats: usize, checksum: u64) -> Vec<String> {
    let parallelism = std::thread::available_parallelism().map_or(1, |n| n.get());
    let walls = Mode::ALL.map(|mode| {
        let of_mode: Vec<String> = runs
            .iter()
            .filter(|r| r.mode == mode)
            .map(|r| ms(r.wall))
            .collect();
        format!("{} {}", mode.label(), of_mode.join(", "))
    });
    vec![
        format!(
            "How: a CPU slice is {} iterations of a multiply-rotate hash loop, calibrated at \
             startup to take about {} ms on an idle core; a wait is `std::thread::sleep` \
             (sequential, four threads) or `tokio::time::sleep(..).await` on a tokio \
             `current_thread` runtime (interleaved; \
             https://docs.rs/tokio/latest/tokio/runtime/struct.Builder.html#method.new_current_thread). \
             A wait lasts from the start of the sleep until the job runs again, so in the \
             interleaved mode it includes time the job was ready while the one thread ran \
             another job's slice; a gap in a lane is time its thread was not running \
             (not yet started, or preempted between two spans). \"CPU the slices got\" is each slice's thread CPU clock \
             (CLOCK_THREAD_CPUTIME_ID, https://man7.org/linux/man-pages/man2/clock_gettime.2.html).",
            plan.iterations,
            plan.slice.as_millis()
        ),
        format!(
            "`available_parallelism()` = {parallelism} here \
             (https://doc.rust-lang.org/std/thread/fn.available_parallelism.html). On a machine \
             whose cores are busy or fewer than four, the parallel panel shows stretched CPU \
             bars: the OS time-slices the four threads over the cores it has \
             (https://man7.org/linux/man-pages/man7/sched.7.html), so a bar grows longer than \
             the CPU its slice got, and \"most CPU slices at once\" counts slices in progress, \
             which can exceed the cores."
        ),
        format!(
            "Wall times of all {repeats} runs (ms): {}.",
            walls.join("; ")
        ),
        format!(
            "Checked in every run: each job ran its {rounds} CPU slices and {rounds} waits; \
             sequential and interleaved each ran on exactly one OS thread with no two CPU \
             slices overlapping; four threads ran on four distinct OS threads; all {n} runs \
             computed the same checksum {checksum:#018x}.",
            rounds = plan.rounds,
            n = runs.len()
        ),
    ]
}

const CHART_SIZE: (u32, u32) = (860, 720);
/// One colour per job, so a job can be followed across the panels.
const JOB_COLOURS: [RGBColor; JOBS] = [BLUE_600, ORANGE_800, GREEN_700, PURPLE_500];

/// Three panels stacked on one time axis, one lane per job: filled bars for
/// CPU slices, thin light bars for waits.
fn draw_chart(path: &Path, charted: &[&Run], plan: &Plan) -> Result<(), Error> {
    let root = SVGBackend::new(path, CHART_SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let (header, body) = root.split_vertically(64);
    draw_header(&header, plan)?;
    let axis_ms = charted
        .iter()
        .map(|r| r.wall)
        .max()
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3;
    for (area, run) in body.split_evenly((charted.len(), 1)).iter().zip(charted) {
        draw_panel(area, run, axis_ms * 1.02)?;
    }
    root.present()?;
    Ok(())
}

type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// The chart's title and a legend for the two kinds of bar.
fn draw_header(area: &Area, plan: &Plan) -> DrawResult {
    let title = format!("Four jobs, each {}, run three ways", plan_text(plan));
    area.draw(&Text::new(title, (16, 12), (FONT, 20)))?;
    let grey = RGBColor(90, 90, 90);
    let legend_font = TextStyle::from((FONT, 14)).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Rectangle::new([(64, 40), (94, 56)], grey.filled()))?;
    area.draw(&Text::new(
        "CPU slice (hash loop)",
        (102, 48),
        legend_font.clone(),
    ))?;
    area.draw(&Rectangle::new(
        [(290, 45), (320, 51)],
        light(grey).filled(),
    ))?;
    let wait_text = "wait (sleep standing in for I/O, until the job runs again)";
    area.draw(&Text::new(wait_text, (328, 48), legend_font))?;
    Ok(())
}

/// A pale version of `colour`, mixed with white rather than made transparent:
/// some SVG renderers ignore opacity.
fn light(colour: RGBColor) -> RGBColor {
    let pale = |c: u8| 255 - (255 - c) / 3;
    RGBColor(pale(colour.0), pale(colour.1), pale(colour.2))
}

fn draw_panel(area: &Area, run: &Run, axis_ms: f64) -> DrawResult {
    let caption = format!("{} — {} ms wall", run.mode.label(), ms(run.wall));
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 16))
        .margin(8)
        .margin_right(24)
        .x_label_area_size(28)
        .y_label_area_size(56)
        // Integer ranges in plotters include their end: 0..JOBS - 1 is JOBS lanes.
        .build_cartesian_2d(0.0..axis_ms, (0..JOBS - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(BLACK.mix(0.15))
        .light_line_style(WHITE)
        .y_labels(JOBS + 1)
        .y_label_formatter(&|lane| match lane {
            SegmentValue::CenterOf(i) => format!("job {}", JOBS - i),
            _ => String::new(),
        })
        .x_label_formatter(&|x| format!("{x:.0} ms"))
        .label_style((FONT, 13))
        .draw()?;
    chart.draw_series(run.spans.iter().map(bar))?;
    Ok(())
}

/// A span as a bar in its job's lane (job 1 on top).
fn bar(span: &Span) -> Rectangle<(f64, SegmentValue<usize>)> {
    let lane = JOBS - span.job;
    let colour = JOB_COLOURS[span.job - 1];
    let (style, margin) = match span.kind {
        Kind::Cpu => (colour.filled(), 4),
        Kind::Wait => (light(colour).filled(), 11),
    };
    let mut bar = Rectangle::new(
        [
            (span.start.as_secs_f64() * 1e3, SegmentValue::Exact(lane)),
            (span.end.as_secs_f64() * 1e3, SegmentValue::Exact(lane + 1)),
        ],
        style,
    );
    bar.set_margin(margin, margin, 0, 0);
    bar
}
