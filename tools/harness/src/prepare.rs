//! Turns a [`Plan`] into files for skeptic and for the book's own tests.
//!
//! skeptic reads Markdown and runs every ```` ```rust ```` block; it knows
//! nothing of includes, must-not-compile blocks, editions or time limits. So
//! each Rust block is written to its own small Markdown file, its program
//! extended with a trailer that:
//! - arms a watchdog (`alarm(2)`): a snippet still running after the limit
//!   exits with a message naming its chapter instead of hanging the suite;
//! - carries a `// book-snippet:` marker that `tools/snippet-rustc` (the
//!   `RUSTC` skeptic runs) reads to pass the book's edition, to point
//!   diagnostics and panics at the chapter or listing line, and to turn
//!   "fails with exactly EXXXX" into success for must-not-compile blocks.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use regex::Regex;

use crate::blocks::Kind;
use crate::plan::{Block, Origin, Plan};
use crate::quiz::Checker;

/// How long a snippet may run before the watchdog ends it. The slowest
/// program in the book takes about a second; a deadlock fails in seconds.
pub const SNIPPET_TIMEOUT: Duration = Duration::from_secs(15);

/// The program skeptic compiles for a Rust block: the reader's text, aligned
/// with its source, plus the harness trailer. `None` for blocks skeptic does
/// not check: other languages, and programs cargo builds and a test runs.
pub fn program(block: &Block, edition: &str, timeout: Duration) -> Option<String> {
    if !is_for_skeptic(&block.kind) {
        return None;
    }
    let aligned = block.aligned.as_ref()?;
    let location = format!("{}:{}", block.chapter.display(), block.line);
    let mut marker = format!(
        "// book-snippet: edition={edition} path={} chapter={location}",
        block.source_file().display()
    );
    if let Some(id) = &block.question {
        write!(marker, " question={id}").unwrap();
    }
    let mut program = match &block.kind {
        Kind::QuizPrints { stdout } => quiz_prints(block, aligned, stdout),
        Kind::QuizOutputs { .. } => quiz_outputs(block, aligned),
        _ => aligned.clone(),
    };
    if !program.ends_with('\n') {
        program.push('\n');
    }
    match &block.kind {
        Kind::CompileFail { code } => write!(marker, " expect={code}").unwrap(),
        // Last: the shim reads the rest of the line as the message.
        Kind::CompileFailMessage { message } => {
            write!(marker, " expect_message={message}").unwrap()
        }
        _ => program.push_str(&watchdog(&describe(block), timeout)),
    }
    program.push_str(&marker);
    program.push('\n');
    Some(program)
}

/// `fn main` of a question's program becomes `fn quiz_program`, which the
/// harness's own `main` calls.
fn renamed_main(program: &str) -> String {
    static MAIN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^(\s*(?:pub\s+)?(?:async\s+)?fn\s+)main\s*\(").unwrap());
    MAIN.replace(program, "${1}quiz_program(").into_owned()
}

/// A "what does this print?" program, run as a child of a `main` that
/// compares its stdout with the key.
fn quiz_prints(block: &Block, aligned: &str, stdout: &str) -> String {
    format!(
        "{}\nconst BOOK_QUIZ_QUESTION: &str = {:?};\nconst BOOK_QUIZ_STDOUT: &str = {stdout:?};\n{}",
        renamed_main(aligned),
        describe(block),
        include_str!("trailers/prints.rs"),
    )
}

/// A "which outputs are possible?" program, its `std::thread` and
/// `std::sync` the model checker's, its `print!`s collected per schedule.
fn quiz_outputs(block: &Block, aligned: &str) -> String {
    let Kind::QuizOutputs {
        outputs,
        possible,
        checker,
        preemption_bound,
    } = &block.kind
    else {
        unreachable!("a possible-outputs block")
    };
    static STD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bstd::").unwrap());
    // The first line of a quiz file is its title, never the program's: the
    // harness's `print!` macros go there, ahead of every use.
    let (first, rest) = aligned.split_once('\n').expect("a program below line 1");
    assert!(first.is_empty(), "line 1 of a quiz file holds no program");
    let program = STD
        .replace_all(&renamed_main(rest), "crate::book_std::")
        .into_owned();
    let (name, model) = match checker {
        Checker::Shuttle => ("shuttle", include_str!("trailers/model_shuttle.rs")),
        Checker::Loom => ("loom", include_str!("trailers/model_loom.rs")),
    };
    format!(
        "{PRINT_MACROS}\n{program}\n\
         const BOOK_QUIZ_QUESTION: &str = {:?};\n\
         const BOOK_QUIZ_CHECKER: &str = {name:?};\n\
         const BOOK_QUIZ_OUTPUTS: &[&str] = &{outputs:?};\n\
         const BOOK_QUIZ_POSSIBLE: &[&str] = &{possible:?};\n\
         const BOOK_QUIZ_MAX_SCHEDULES: usize = 100_000;\n\
         #[allow(dead_code)]\nconst BOOK_QUIZ_PREEMPTION_BOUND: Option<usize> = {preemption_bound:?};\n\
         {model}{}",
        describe(block),
        include_str!("trailers/outputs.rs"),
    )
}

/// One line: `print!` and `println!` that collect what a schedule prints.
const PRINT_MACROS: &str = "#[allow(unused_macros)] macro_rules! print { ($($t:tt)*) => { crate::book_model::print(format!($($t)*)) }; } \
     #[allow(unused_macros)] macro_rules! println { () => { crate::book_model::print(String::from(\"\\n\")) }; \
     ($($t:tt)*) => { crate::book_model::print(format!(\"{}\\n\", format_args!($($t)*))) }; }";

/// Programs typed into a chapter, listings whose output is not recorded,
/// and must-not-compile blocks. (A listing whose output is recorded is run
/// by its crate's test; a module is compiled with its crate; a second part
/// of a listing is the program its first part already runs.)
fn is_for_skeptic(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Run
            | Kind::CompileFail { .. }
            | Kind::CompileFailMessage { .. }
            | Kind::QuizPrints { .. }
            | Kind::QuizOutputs { .. }
    )
}

/// "src/ch01.md:45 (listings/…/x.rs)": how messages name a block.
pub fn describe(block: &Block) -> String {
    if let Some(id) = &block.question {
        return format!(
            "{}:{} (question `{id}`)",
            block.chapter.display(),
            block.line
        );
    }
    match &block.origin {
        Origin::Chapter => format!("{}:{}", block.chapter.display(), block.line),
        Origin::File(file) => {
            format!(
                "{}:{} ({})",
                block.chapter.display(),
                block.line,
                file.display()
            )
        }
    }
}

fn watchdog(block: &str, timeout: Duration) -> String {
    let message = format!(
        "\\nbook: the code block at {block} was still running after {} and was \
         stopped: a deadlock, or a wait that never ends?\\n",
        human(timeout)
    );
    let (secs, micros) = (timeout.as_secs(), timeout.subsec_micros());
    format!(
        r#"// ---- added by the book's test harness; readers never see it ----
#[cfg(target_os = "linux")]
mod book_watchdog {{
    use core::ffi::c_long;
    const MESSAGE: &[u8] = b"{message}";
    const SIGALRM: i32 = 14;
    const ITIMER_REAL: i32 = 0;
    #[repr(C)]
    struct Timeval {{
        sec: c_long,
        usec: c_long,
    }}
    #[repr(C)]
    struct Itimerval {{
        interval: Timeval,
        value: Timeval,
    }}
    unsafe extern "C" {{
        fn setitimer(which: i32, new: *const Itimerval, old: *mut Itimerval) -> i32;
        fn signal(signum: i32, handler: usize) -> usize;
        fn write(fd: i32, buf: *const u8, count: usize) -> isize;
        fn _exit(status: i32) -> !;
    }}
    extern "C" fn on_alarm(_: i32) {{
        unsafe {{
            write(2, MESSAGE.as_ptr(), MESSAGE.len());
            _exit(124);
        }}
    }}
    extern "C" fn arm() {{
        let handler: extern "C" fn(i32) = on_alarm;
        let once = Itimerval {{
            interval: Timeval {{ sec: 0, usec: 0 }},
            value: Timeval {{ sec: {secs}, usec: {micros} }},
        }};
        unsafe {{
            signal(SIGALRM, handler as usize);
            setitimer(ITIMER_REAL, &once, core::ptr::null_mut());
        }}
    }}
    #[used]
    #[unsafe(link_section = ".init_array")]
    static ARM: extern "C" fn() = arm;
}}
"#
    )
}

/// "20 s" or "300 ms".
pub fn human(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

/// A test-name-friendly name for a block: chapter, line and listing.
pub fn stem(block: &Block) -> String {
    let chapter = block
        .chapter
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy();
    if let Some(id) = &block.question {
        return format!("quiz_{chapter}_{id}")
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            .to_ascii_lowercase();
    }
    let mut stem = format!("{chapter}_md_{}", block.line);
    match (&block.kind, &block.origin) {
        (Kind::CompileFail { code }, _) => write!(stem, "_compile_fail_{code}").unwrap(),
        (Kind::CompileFailMessage { .. }, _) => stem.push_str("_compile_fail"),
        (_, Origin::File(file)) => write!(
            stem,
            "_{}",
            file.file_stem().unwrap_or_default().to_string_lossy()
        )
        .unwrap(),
        _ => {}
    }
    stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        .to_ascii_lowercase()
}

/// Writes one Markdown file per Rust block into `dir` (removing stale ones)
/// and returns their paths, for `skeptic::generate_doc_tests`.
pub fn write_skeptic_input(plan: &Plan, dir: &Path, timeout: Duration) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for block in &plan.blocks {
        let Some(program) = program(block, &plan.edition, timeout) else {
            continue;
        };
        let fence = match block.kind {
            Kind::CompileFail { .. } | Kind::CompileFailMessage { .. } => "rust,no_run",
            _ => "rust",
        };
        let path = dir.join(format!("{}.md", stem(block)));
        write_if_changed(&path, &format!("````{fence}\n{program}````\n"))?;
        written.push(path);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !written.contains(&path) {
            std::fs::remove_file(path)?;
        }
    }
    written.sort();
    Ok(written)
}

/// skeptic starts every program with a newline; without it, line N of the
/// program is line N of the chapter or listing. Programs are run through
/// [`crate::checks::run_snippet`], which survives a known skeptic race.
pub fn align_skeptic_tests(generated: &str) -> String {
    generated
        .replace("&format!(r####\"\n{}\"####", "&format!(r####\"{}\"####")
        .replace(
            "skeptic::rt::run_test(",
            "book_harness::checks::run_snippet(",
        )
}

/// Writes `contents` unless the file already holds it. A fresh file gets an
/// old timestamp: the files are outputs, and a new mtime would only make
/// cargo rerun the build script once more for nothing.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)?;
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(path)?
        .set_modified(old)
}

/// Rust source for the book's structural tests: the problems found, and a
/// count of blocks by kind.
pub fn checks_source(plan: &Plan, skeptic_tests: usize) -> String {
    let problems: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    let blocks: Vec<(String, String)> = plan
        .blocks
        .iter()
        .map(|b| (describe(b), kind_name(&b.kind).to_owned()))
        .collect();
    format!(
        "/// Problems found while preparing the book.\n\
         pub const BOOK_PROBLEMS: &[&str] = &{problems:?};\n\
         /// Every code block of the book and how it is checked.\n\
         pub const BOOK_BLOCKS: &[(&str, &str)] = &{blocks:?};\n\
         /// How many tests skeptic generated.\n\
         pub const SKEPTIC_TESTS: usize = {skeptic_tests};\n"
    )
}

/// A short name for how a block is checked.
pub fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Run => "run by skeptic",
        Kind::QuizPrints { .. } => "quiz program (run by skeptic; stdout must equal the key)",
        Kind::QuizOutputs {
            checker: Checker::Shuttle,
            ..
        } => "quiz program (every schedule explored with shuttle, by skeptic)",
        Kind::QuizOutputs {
            checker: Checker::Loom,
            ..
        } => "quiz program (every execution explored with loom, by skeptic)",
        Kind::CompileFail { .. } | Kind::CompileFailMessage { .. } => {
            "must not compile (checked by skeptic)"
        }
        Kind::RunWithOutput => "run by its crate's outputs test (output compared)",
        Kind::Module => "library module (compiled with its crate; run by its listings)",
        Kind::ExerciseSolution => "exercise solution (its checks run by the exercises crate)",
        Kind::RunElsewhere { .. } => "part of a listing another block runs",
        Kind::RecordedOutput => "recorded output (re-run by its listing crate)",
        Kind::Console => "console (cargo commands checked)",
        Kind::Toml => "toml (parsed)",
        Kind::Python => "python listing (run by its crate's outputs test, output compared)",
        Kind::Figure => "text figure",
    }
}
