//! Chapter 1's contention page: what sharing one counter costs.
//!
//! T threads count to one fixed total of increments, in six ways: one
//! `std::sync::Mutex<u64>`, one `parking_lot::Mutex<u64>`, one shared
//! `AtomicU64`, one atomic slot per thread packed side by side (so slots
//! share cache lines), one slot per thread each in a
//! `crossbeam_utils::CachePadded` (a line or two of its own), and a plain
//! local `u64` per thread summed at the join. Every run checks that the
//! total is exactly the expected count; the timings are reported, never
//! checked.

use std::hint::black_box;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_utils::CachePadded;

use crate::table::thousands;
use crate::{Error, Outcome, Settings, Table, chart, progress};

/// One way to count: a row of the table for every thread count.
pub struct Variant {
    /// The table's row label.
    pub name: &'static str,
    /// The chart's bar label: short, so labels do not overlap.
    pub label: &'static str,
    /// Counts `total` increments on `threads` threads and returns the sum.
    count: fn(threads: usize, total: u64) -> u64,
}

/// The rows, in the order the table shows them.
pub const VARIANTS: &[Variant] = &[
    Variant {
        name: "`std::sync::Mutex<u64>`, shared",
        label: "std Mutex",
        count: std_mutex,
    },
    Variant {
        name: "`parking_lot::Mutex<u64>`, shared",
        label: "parking_lot",
        count: parking_lot_mutex,
    },
    Variant {
        name: "`AtomicU64::fetch_add`, shared",
        label: "one atomic",
        count: shared_atomic,
    },
    Variant {
        name: "one `AtomicU64` per thread, adjacent",
        label: "adjacent slots",
        count: adjacent_slots,
    },
    Variant {
        name: "one `CachePadded<AtomicU64>` per thread",
        label: "padded slots",
        count: padded_slots,
    },
    Variant {
        name: "local `u64` per thread, summed at join",
        label: "local sums",
        count: local_sums,
    },
];

/// How big a run is.
struct Sizes {
    /// Increments per run, split between the threads.
    total: u64,
    /// Timed runs of every (variant, threads) pair.
    runs: usize,
}

/// The thread counts measured: 1, 4 and `available_parallelism`, each once.
pub fn thread_counts(parallelism: usize) -> Vec<usize> {
    let mut counts = vec![1, 4, parallelism.max(1)];
    counts.sort_unstable();
    counts.dedup();
    counts
}

struct Measured {
    variant: &'static Variant,
    threads: usize,
    /// Sorted wall times of the runs.
    walls: Vec<Duration>,
}

impl Measured {
    fn ns_per_increment(&self, wall: Duration, total: u64) -> f64 {
        wall.as_secs_f64() * 1e9 / total as f64
    }
}

pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let sizes = Sizes {
        total: settings.pick(40_000, 20_000_000),
        runs: settings.pick(1, 7),
    };
    let counts = thread_counts(settings.machine.parallelism);
    let measured = measure_in_rounds(&counts, &sizes)?;
    draw_chart(
        &settings.chart_path("contention"),
        &measured,
        &sizes,
        settings.machine.parallelism,
    )
    .map_err(|e| format!("chart: {e}"))?;
    Ok(Outcome {
        tables: vec![table(&measured, &sizes)],
        notes: Vec::new(),
    })
}

/// Times every (variant, threads) pair `runs` times, in rounds (each round
/// runs every pair once) so that load from elsewhere hits every row alike.
/// A run whose total is not exactly `sizes.total` is an error.
fn measure_in_rounds(counts: &[usize], sizes: &Sizes) -> Result<Vec<Measured>, Error> {
    let mut measured: Vec<Measured> = VARIANTS
        .iter()
        .flat_map(|variant| {
            counts.iter().map(move |&threads| Measured {
                variant,
                threads,
                walls: Vec::new(),
            })
        })
        .collect();
    let bar = progress::bar("contention", (measured.len() * sizes.runs) as u64);
    for _ in 0..sizes.runs {
        for row in &mut measured {
            bar.set_message(format!("{} × {}", row.variant.label, row.threads));
            let started = Instant::now();
            let counted = (row.variant.count)(row.threads, sizes.total);
            row.walls.push(started.elapsed());
            if counted != sizes.total {
                let (name, threads, total) = (row.variant.name, row.threads, sizes.total);
                return Err(
                    format!("{name} on {threads} threads counted {counted}, not {total}").into(),
                );
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    for row in &mut measured {
        row.walls.sort_unstable();
    }
    Ok(measured)
}

// ------------------------------------------------------------- the variants

/// Thread `i`'s share of `total`: the remainder goes to the first threads,
/// so the shares add up to `total` exactly.
fn share(i: usize, threads: usize, total: u64) -> u64 {
    let threads = threads as u64;
    total / threads + u64::from((i as u64) < total % threads)
}

/// Runs `work(i, share)` on `threads` scoped threads and sums what they return.
fn on_threads(threads: usize, total: u64, work: impl Fn(usize, u64) -> u64 + Sync) -> u64 {
    thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..threads)
            .map(|i| scope.spawn(move || work(i, share(i, threads, total))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a counting thread panicked"))
            .sum()
    })
}

fn std_mutex(threads: usize, total: u64) -> u64 {
    let counter = Mutex::new(0u64);
    on_threads(threads, total, |_, mine| {
        for _ in 0..mine {
            *counter.lock().expect("no thread panics holding it") += 1;
        }
        0
    });
    counter.into_inner().expect("no thread panicked holding it")
}

fn parking_lot_mutex(threads: usize, total: u64) -> u64 {
    let counter = parking_lot::Mutex::new(0u64);
    on_threads(threads, total, |_, mine| {
        for _ in 0..mine {
            *counter.lock() += 1;
        }
        0
    });
    counter.into_inner()
}

fn shared_atomic(threads: usize, total: u64) -> u64 {
    let counter = AtomicU64::new(0);
    on_threads(threads, total, |_, mine| {
        for _ in 0..mine {
            // Relaxed: only the count matters, and `join` orders the read.
            counter.fetch_add(1, Ordering::Relaxed);
        }
        0
    });
    counter.into_inner()
}

/// One slot per thread in one array: 8 bytes each, so eight share a
/// 64-byte line. No two threads touch the same slot, yet they write the
/// same line.
fn adjacent_slots(threads: usize, total: u64) -> u64 {
    let slots: Vec<AtomicU64> = (0..threads).map(|_| AtomicU64::new(0)).collect();
    on_threads(threads, total, |i, mine| {
        for _ in 0..mine {
            slots[i].fetch_add(1, Ordering::Relaxed);
        }
        0
    });
    slots.into_iter().map(AtomicU64::into_inner).sum()
}

/// The same, each slot padded and aligned to `CachePadded`'s line size.
fn padded_slots(threads: usize, total: u64) -> u64 {
    let slots: Vec<CachePadded<AtomicU64>> = (0..threads)
        .map(|_| CachePadded::new(AtomicU64::new(0)))
        .collect();
    on_threads(threads, total, |i, mine| {
        for _ in 0..mine {
            slots[i].fetch_add(1, Ordering::Relaxed);
        }
        0
    });
    slots.into_iter().map(|s| s.into_inner().into_inner()).sum()
}

/// Nothing shared until the end: each thread adds in a local and returns
/// it through `join`. `black_box` keeps the compiler from replacing the
/// loop by one addition, so every increment is still executed.
fn local_sums(threads: usize, total: u64) -> u64 {
    on_threads(threads, total, |_, mine| {
        let mut local = 0u64;
        for _ in 0..mine {
            local = black_box(local + 1);
        }
        local
    })
}

// ---------------------------------------------------------------- the report

fn ns(value: f64) -> String {
    match value {
        v if v < 10.0 => format!("{v:.2} ns"),
        v if v < 100.0 => format!("{v:.1} ns"),
        v => format!("{} ns", thousands(v.round() as u64)),
    }
}

fn median(walls: &[Duration]) -> Duration {
    crate::stats::percentile(walls, 0.5)
}

fn table(measured: &[Measured], sizes: &Sizes) -> Table {
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let title = format!(
        "Counting to {} with T threads: wall time per increment \
         ({build} build; median, fastest and slowest of {} run(s), in rounds; \
         × local = this median / the local sums' median at the same T)",
        thousands(sizes.total),
        sizes.runs
    );
    let mut table = Table::new(
        &title,
        &[
            "variant",
            "threads",
            "median",
            "fastest",
            "slowest",
            "× local",
            "total checked",
        ],
    );
    for row in measured {
        let local = measured
            .iter()
            .find(|m| m.variant.label == "local sums" && m.threads == row.threads)
            .expect("every thread count has a local-sums row");
        let per = |wall| row.ns_per_increment(wall, sizes.total);
        let ratio = median(&row.walls).as_secs_f64() / median(&local.walls).as_secs_f64();
        table.row(vec![
            row.variant.name.to_string(),
            row.threads.to_string(),
            ns(per(median(&row.walls))),
            ns(per(row.walls[0])),
            ns(per(*row.walls.last().expect("at least one run"))),
            format!("{ratio:.1}×"),
            thousands(sizes.total),
        ]);
    }
    table
}

/// One bar per variant at `parallelism` threads (the contended case), and
/// first the std mutex alone on one thread: the uncontended lock.
fn draw_chart(
    path: &Path,
    measured: &[Measured],
    sizes: &Sizes,
    parallelism: usize,
) -> Result<(), Error> {
    let per = |row: &Measured| row.ns_per_increment(median(&row.walls), sizes.total);
    let uncontended = measured
        .iter()
        .find(|m| m.variant.label == "std Mutex" && m.threads == 1)
        .ok_or("no one-thread std Mutex row")?;
    let mut bars = vec![("std Mutex, 1 thread".to_string(), per(uncontended))];
    bars.extend(
        measured
            .iter()
            .filter(|m| m.threads == parallelism.max(1))
            .map(|m| (m.variant.label.to_string(), per(m))),
    );
    let title = format!(
        "Counting to {}: ns per increment, {} threads unless marked (median, log scale)",
        thousands(sizes.total),
        parallelism.max(1)
    );
    chart::bars(
        path,
        &chart::Bars {
            title: &title,
            unit: "ns per increment",
            bars: &bars,
            log: true,
            value_label: &ns,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_are_one_four_and_the_machine_once_each() {
        assert_eq!(thread_counts(2), [1, 2, 4]);
        assert_eq!(thread_counts(4), [1, 4]);
        assert_eq!(thread_counts(1), [1, 4]);
        assert_eq!(thread_counts(16), [1, 4, 16]);
    }

    #[test]
    fn shares_add_up_to_the_total() {
        for threads in 1..=7 {
            let sum: u64 = (0..threads).map(|i| share(i, threads, 1_000)).sum();
            assert_eq!(sum, 1_000, "{threads} threads");
        }
    }

    #[test]
    fn every_variant_counts_exactly() {
        for variant in VARIANTS {
            for threads in [1, 3] {
                assert_eq!((variant.count)(threads, 1_001), 1_001, "{}", variant.name);
            }
        }
    }
}
