//! `cargo run -p book -- <build|serve|check>`: the book's one tool.
//!
//! mdBook 0.5's `serve` lives in its binary, not its library, so this tool
//! builds with `mdbook-driver` and serves the result itself (see `serve.rs`).

mod exercises;
mod log;
mod serve;
mod site;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use book_harness::checks::tally;
use book_harness::plan::plan;
use book_harness::prepare::{describe, kind_name};

const USAGE: &str = "usage: book [--root DIR] <build [--dest DIR] [--site-url PATH] | serve [--port N] | check | stats | exercises [reset] [ID]>";

const HELP: &str = "\
The book's tool: build, serve and check the book with mdBook.

Usage: book [--root DIR] <COMMAND>

Commands:
  build [--dest DIR] [--site-url PATH]
          write the static site to DIR (default: book.toml's build-dir, `book/`);
          the old site is replaced only by a complete build. --site-url is the
          path the site is served under (e.g. /concurrency-book/), for 404.html
  serve [--port N] [--published]
          build, serve on http://127.0.0.1:N (default 3000; 0 picks a free port)
          and reload open pages after every edit. --published: build once,
          as `build` publishes it, and serve it as a static host does
          (compressed, 404.html for a missing page), with no reloading
  check   list every code block and how the tests check it; fail on a problem
  stats   per page: words of prose (code and speaker notes left out), code
          blocks, and the longest block as the reader sees it
  exercises [ID]
          run the coding exercises' checks against your copies in
          exercises/work/ (each starts as its stub) and print your progress;
          with an ID, that exercise's checks in full
  exercises reset ID
          start exercise ID again from its stub (your copy is kept as .bak)
  preprocess [supports RENDERER]
          the book's preprocessor (tabs and quizzes), as stock mdBook runs it
          (book.toml's [preprocessor.book]): a book as JSON on stdin, the
          book on stdout

Options:
  --root DIR   the book to work on (default: this repository)
  -h, --help   print this help
";

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    Build {
        dest: Option<PathBuf>,
        site_url: Option<String>,
    },
    Serve {
        port: u16,
        published: bool,
    },
    Check,
    Stats,
    Exercises(exercises::Action),
    /// mdBook's preprocessor protocol: `supports RENDERER`, or a book on stdin.
    Preprocess {
        supports: Option<String>,
    },
    Help,
}

fn main() -> ExitCode {
    log::init();
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
    let (mut command, mut dest, mut site_url, mut port) = (None, None, None, 3000);
    let mut published = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| match args.next() {
            Some(value) if !value.starts_with("--") => Ok(value),
            _ => Err(format!("{flag} needs a value; {USAGE}")),
        };
        match arg.as_str() {
            "--root" => root = PathBuf::from(value("--root")?),
            "--dest" => dest = Some(PathBuf::from(value("--dest")?)),
            "--site-url" => site_url = Some(value("--site-url")?),
            "--port" => {
                let raw = value("--port")?;
                port = raw
                    .parse()
                    .map_err(|_| format!("--port {raw}: not a port number"))?;
            }
            "--published" => published = true,
            "-h" | "--help" => return Ok((root, Command::Help)),
            "preprocess" if command.is_none() => {
                return match (args.next().as_deref(), args.next()) {
                    (None, _) => Ok((root, Command::Preprocess { supports: None })),
                    (Some("supports"), Some(renderer)) => Ok((
                        root,
                        Command::Preprocess {
                            supports: Some(renderer),
                        },
                    )),
                    (Some(other), _) => Err(format!("unknown argument `{other}`; {USAGE}")),
                };
            }
            "exercises" if command.is_none() => {
                let rest: Vec<String> = args.collect();
                let action = match rest.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                    [] => exercises::Action::All,
                    ["reset", id] => exercises::Action::Reset(id.to_owned()),
                    [id] if id != "reset" && !id.starts_with('-') => {
                        exercises::Action::One(id.to_owned())
                    }
                    _ => return Err(format!("exercises takes [reset] [ID]; {USAGE}")),
                };
                return Ok((root, Command::Exercises(action)));
            }
            "build" | "serve" | "check" | "stats" if command.is_none() => command = Some(arg),
            other => return Err(format!("unknown argument `{other}`; {USAGE}")),
        }
    }
    let command = match command.as_deref() {
        Some("build") => Command::Build { dest, site_url },
        Some("serve") => Command::Serve { port, published },
        Some("check") => Command::Check,
        Some("stats") => Command::Stats,
        _ => return Err(format!("no command given; {USAGE}")),
    };
    Ok((root, command))
}

/// The repository this tool was built from (tools/book/../..).
fn default_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(root: &Path, command: Command) -> Result<(), String> {
    match command {
        Command::Help => {
            print!("{HELP}");
            return Ok(());
        }
        Command::Preprocess { supports } => return preprocess(supports.as_deref()),
        _ => {}
    }
    if !root.join("book.toml").is_file() {
        return Err(format!("{} has no book.toml: not a book", root.display()));
    }
    match command {
        Command::Build { dest, site_url } => {
            let options = site::Options {
                dest: dest.as_deref(),
                live_reload: None,
                site_url: site_url.as_deref(),
            };
            let dest = site::build(root, &options)?;
            println!("wrote the book to {}", dest.display());
            Ok(())
        }
        Command::Serve { port, published } => serve::serve(root, port, published),
        Command::Check => check(root),
        Command::Stats => stats(root),
        Command::Exercises(action) => exercises::run(root, action),
        Command::Help | Command::Preprocess { .. } => unreachable!("handled above"),
    }
}

/// The book's preprocessor for stock mdBook: every renderer is supported;
/// otherwise the book arrives on stdin and leaves on stdout.
fn preprocess(supports: Option<&str>) -> Result<(), String> {
    use mdbook_preprocessor::Preprocessor as _;
    if supports.is_some() {
        return Ok(());
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock())
        .map_err(|e| format!("cannot read the book from mdBook: {e:#}"))?;
    let book = book_harness::preprocessor::BookPreprocessor
        .run(&ctx, book)
        .map_err(|e| format!("{e:#}"))?;
    serde_json::to_writer(std::io::stdout().lock(), &book).map_err(|e| e.to_string())?;
    if crate::log::errors() > 0 {
        return Err("a quiz or a tab group could not be read (above)".into());
    }
    Ok(())
}

/// Prints how long each page is for a reader.
fn stats(root: &Path) -> Result<(), String> {
    let plan = plan(root);
    let pages = book_harness::stats::pages(root, &plan)?;
    let width = pages
        .iter()
        .map(|p| p.page.display().to_string().len())
        .max()
        .unwrap_or(4);
    println!(
        "{:width$}  {:>6}  {:>6}  longest block shown",
        "page", "words", "blocks"
    );
    for p in &pages {
        let at = match p.longest {
            0 => String::new(),
            _ => format!("{} lines (line {})", p.longest, p.longest_at),
        };
        println!(
            "{:width$}  {:>6}  {:>6}  {at}",
            p.page.display().to_string(),
            p.words,
            p.blocks
        );
    }
    let words: usize = pages.iter().map(|p| p.words).sum();
    println!("{:width$}  {words:>6}", "all pages");
    Ok(())
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
