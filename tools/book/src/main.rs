//! `cargo run -p book -- <build|serve|check>`: the book's one tool.
//!
//! mdBook 0.5's `serve` lives in its binary, not its library, so this tool
//! builds with `mdbook-driver` and serves the result itself (see `serve.rs`).

mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use book_harness::checks::tally;
use book_harness::plan::plan;
use book_harness::prepare::{describe, kind_name};
use mdbook_driver::MDBook;

const USAGE: &str = "usage: book [--root DIR] <build [--dest DIR] | serve [--port N] | check>";

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    Build { dest: Option<PathBuf> },
    Serve { port: u16 },
    Check,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()).and_then(|(root, command)| run(&root, command))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: Vec<String>) -> Result<(PathBuf, Command), String> {
    let mut root = default_root();
    let (mut command, mut dest, mut port) = (None, None, 3000);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value; {USAGE}"));
        match arg.as_str() {
            "--root" => root = PathBuf::from(value("--root")?),
            "--dest" => dest = Some(PathBuf::from(value("--dest")?)),
            "--port" => {
                let raw = value("--port")?;
                port = raw
                    .parse()
                    .map_err(|_| format!("--port {raw}: not a port number"))?;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            "build" | "serve" | "check" if command.is_none() => command = Some(arg),
            other => return Err(format!("unknown argument `{other}`; {USAGE}")),
        }
    }
    let command = match command.as_deref() {
        Some("build") => Command::Build { dest },
        Some("serve") => Command::Serve { port },
        Some("check") => Command::Check,
        _ => return Err(format!("no command given; {USAGE}")),
    };
    Ok((root, command))
}

/// The repository this tool was built from (tools/book/../..).
fn default_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(root: &Path, command: Command) -> Result<(), String> {
    if !root.join("book.toml").is_file() {
        return Err(format!("{} has no book.toml: not a book", root.display()));
    }
    match command {
        Command::Build { dest } => {
            let dest = build(root, dest.as_deref(), None)?;
            println!("wrote the book to {}", dest.display());
            Ok(())
        }
        Command::Serve { port } => serve::serve(root, port),
        Command::Check => check(root),
    }
}

/// Builds the HTML book into `dest` (default: book.toml's build-dir) and
/// returns where it went. `live_reload` adds mdBook's reload script.
pub fn build(
    root: &Path,
    dest: Option<&Path>,
    live_reload: Option<&str>,
) -> Result<PathBuf, String> {
    let mut book = MDBook::load(root).map_err(|e| format!("cannot load the book: {e:#}"))?;
    if let Some(dest) = dest {
        book.config.build.build_dir = std::path::absolute(dest).map_err(|e| e.to_string())?;
    }
    if let Some(endpoint) = live_reload {
        book.config
            .set("output.html.live-reload-endpoint", endpoint)
            .map_err(|e| e.to_string())?;
    }
    book.build()
        .map_err(|e| format!("cannot build the book: {e:#}"))?;
    Ok(book.build_dir_for("html"))
}

/// Prints every code block and how it is checked; fails on any problem.
fn check(root: &Path) -> Result<(), String> {
    let plan = plan(root);
    for block in &plan.blocks {
        println!("{:60} {}", describe(block), kind_name(&block.kind));
    }
    let counts = tally(plan.blocks.iter().map(|b| kind_name(&b.kind)));
    println!("\n{} code blocks:", plan.blocks.len());
    for (kind, n) in counts {
        println!("  {n:4}  {kind}");
    }
    for problem in &plan.problems {
        eprintln!("{problem}");
    }
    match plan.problems.len() {
        0 => Ok(()),
        n => Err(format!("{n} problem(s) in the book")),
    }
}
