//! `experiments <name>|all [--tiny] [--out DIR]`, and the hidden worker
//! entry points that experiments start as separate processes.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use experiments::{Error, Machine, Outcome, Scale, Settings};

use experiments::{c10k, contention, gil, idle_memory, spawn_cost, timeline};

type Run = fn(&Settings) -> Result<Outcome, Error>;
type Child = fn(&[String]) -> Result<(), Error>;

/// Every experiment (name, what it measures, run, child entry point), in the
/// order `all` runs them.
const EXPERIMENTS: &[(&str, &str, Run, Child)] = &[
    (
        "timeline",
        "four jobs: sequential, interleaved on one thread, on four threads (Q1)",
        timeline::run,
        timeline::child,
    ),
    (
        "spawn-cost",
        "cost of starting one unit of work: task, thread, rayon job, fork, exec (Q4, Q5)",
        spawn_cost::run,
        spawn_cost::child,
    ),
    (
        "idle-memory",
        "memory per waiting unit: sleeping threads vs sleeping tokio tasks (Q5)",
        idle_memory::run,
        idle_memory::child,
    ),
    (
        "gil",
        "one CPU kernel: sequential, GIL-like lock, threads, rayon, processes, Python (Q2, Q7)",
        gil::run,
        gil::child,
    ),
    (
        "c10k",
        "10,000 loopback connections: tokio vs thread per connection (Q12)",
        c10k::run,
        c10k::child,
    ),
    (
        "contention",
        "counting on T threads: std and parking_lot mutexes, atomics, padded slots, local sums (ch. 1)",
        contention::run,
        no_child,
    ),
];

/// For experiments that start no processes of their own.
fn no_child(_: &[String]) -> Result<(), Error> {
    Err("this experiment starts no child processes".into())
}

/// Ends the results of a `--tiny` run, so they are never mistaken for (or
/// committed as) the book's figures.
const TINY_MARK: &str = "Tiny configuration: a test run, not figures to read.\n";

const USAGE: &str = "usage: experiments <name>|all|list [--tiny] [--out DIR]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("__child") => run_child(&args[1..]),
        _ => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("experiments: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Error> {
    let mut names = Vec::new();
    let mut scale = Scale::Full;
    let mut out_dir = default_out_dir();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--tiny" => scale = Scale::Tiny,
            "--out" => {
                out_dir = rest.next().ok_or("--out needs a directory")?.into();
            }
            "list" => {
                for (name, about, _, _) in EXPERIMENTS {
                    println!("{name:<12} {about}");
                }
                return Ok(());
            }
            "all" => names.extend(EXPERIMENTS.iter().map(|(name, _, _, _)| name.to_string())),
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option {flag}; {USAGE}").into());
            }
            name => names.push(name.to_string()),
        }
    }
    if names.is_empty() {
        return Err(USAGE.into());
    }
    let runs: Vec<(&str, Run)> = names
        .iter()
        .map(|name| find(name))
        .collect::<Result<_, _>>()?;
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let settings = Settings {
        scale,
        out_dir,
        machine: Machine::detect(),
    };
    println!("{}\n", settings.machine);
    let started = Instant::now();
    for (name, experiment) in runs {
        run_one(name, experiment, &settings)?;
    }
    println!("all done in {:.1?}", started.elapsed());
    Ok(())
}

fn find(name: &str) -> Result<(&'static str, Run), Error> {
    let (known, _, run, _) = experiment(name)
        .ok_or_else(|| format!("no experiment named {name:?}; `experiments list` names them"))?;
    Ok((known, *run))
}

fn experiment(name: &str) -> Option<&'static (&'static str, &'static str, Run, Child)> {
    EXPERIMENTS.iter().find(|(known, _, _, _)| *known == name)
}

/// `experiments __child <experiment> <args…>`: a process an experiment
/// started from its own executable (`std::env::current_exe()`).
fn run_child(args: &[String]) -> Result<(), Error> {
    let name = args.first().ok_or("__child needs an experiment name")?;
    let (_, _, _, child) =
        experiment(name).ok_or_else(|| format!("__child: no experiment named {name:?}"))?;
    child(&args[1..])
}

fn run_one(name: &str, experiment: Run, settings: &Settings) -> Result<(), Error> {
    let started = Instant::now();
    let outcome = experiment(settings).map_err(|e| format!("{name}: {e}"))?;
    let elapsed = started.elapsed();
    let mut markdown = format!("{}\n\n", settings.machine);
    for table in &outcome.tables {
        println!("{}", table.to_terminal());
        markdown += &table.to_markdown();
        markdown.push('\n');
    }
    for note in &outcome.notes {
        println!("note: {note}");
        markdown += &format!("{}\n\n", link_bare_urls(note));
    }
    markdown += &format!("This run took {:.1?}.\n", elapsed);
    if settings.scale == Scale::Tiny {
        markdown += TINY_MARK;
    }
    println!("{name} took {elapsed:.1?}\n");
    write_atomically(&settings.out_dir.join(format!("{name}.md")), &markdown)
}

/// Wraps each bare `https://…` in a note as a Markdown autolink (`<…>`), so
/// the book shows it as a link; URLs already inside `[text](…)` are left alone.
fn link_bare_urls(note: &str) -> String {
    let mut out = String::new();
    let mut rest = note;
    while let Some(start) = rest.find("https://") {
        let (before, from_url) = rest.split_at(start);
        out += before;
        let len = from_url
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .unwrap_or(from_url.len());
        let url = from_url[..len].trim_end_matches(['.', ',', ';', ':']);
        if before.ends_with("](") || before.ends_with('<') {
            out += url;
        } else {
            out += &format!("<{url}>");
        }
        rest = &from_url[url.len()..];
    }
    out + rest
}

/// Writes via a temporary file and a rename, so a failed run never leaves
/// half a results file for the book to include.
fn write_atomically(path: &std::path::Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

/// The book's `src/experiments`, so a full run updates what the book shows.
fn default_out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../src/experiments")
}

#[cfg(test)]
mod tests {
    use super::link_bare_urls;

    #[test]
    fn bare_urls_become_autolinks_and_markdown_links_stay() {
        assert_eq!(
            link_bare_urls("see https://a.org/x. And (https://b.org/y), [z](https://c.org/z)"),
            "see <https://a.org/x>. And (<https://b.org/y>), [z](https://c.org/z)"
        );
    }
}
