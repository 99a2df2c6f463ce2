//! The experiments behind the book's twelve questions, and chapter 1's
//! `contention` page.
//!
//! `cargo run --release -p experiments -- <name>` runs one; `all` runs every
//! one. Each prints a table headed by the machine it ran on and writes
//! `<out>/<name>.md` (that header and the tables, as the book includes them)
//! and `<out>/<name>.svg` (its chart). `--tiny` shrinks every size so the
//! tests can run each experiment in seconds; tiny runs still measure, but
//! their figures are not meant for the book.

pub mod chart;
pub mod children;
pub mod machine;
pub mod procfs;
pub mod progress;
pub mod stats;
pub mod table;

pub mod c10k;
pub mod contention;
pub mod gil;
pub mod idle_memory;
pub mod spawn_cost;
pub mod timeline;

use std::path::PathBuf;

pub use children::child_command;
pub use machine::Machine;
pub use table::Table;

/// How big a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Seconds in a debug build: what the tests run.
    Tiny,
    /// The sizes the book reports.
    Full,
}

/// What every experiment is given.
#[derive(Debug, Clone)]
pub struct Settings {
    pub scale: Scale,
    /// Where `<name>.md` and `<name>.svg` go.
    pub out_dir: PathBuf,
    pub machine: Machine,
}

impl Settings {
    pub fn chart_path(&self, name: &str) -> PathBuf {
        self.out_dir.join(format!("{name}.svg"))
    }

    /// Picks the tiny or the full value of a size.
    pub fn pick<T>(&self, tiny: T, full: T) -> T {
        match self.scale {
            Scale::Tiny => tiny,
            Scale::Full => full,
        }
    }
}

/// What an experiment found: tables for the book, and sentences the tables
/// cannot say (e.g. "python3 not found, so its rows are missing").
#[derive(Debug, Default)]
pub struct Outcome {
    pub tables: Vec<Table>,
    pub notes: Vec<String>,
}

pub type Error = Box<dyn std::error::Error + Send + Sync>;
