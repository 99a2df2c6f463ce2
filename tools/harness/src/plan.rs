//! Expands the book with mdBook's own preprocessors and decides, for every
//! code block, how it is checked and what program (if any) the tests run.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::builtin_renderers::MarkdownRenderer;
use mdbook_driver::config::RustEdition;
use regex::Regex;

use crate::blocks::{Kind, classify};
use crate::fences::{Fence, fences, line_of};
use crate::preprocessor::BookPreprocessor;
use crate::quiz::{self, Quiz};
use crate::quiz_page::QUIZ;

/// A mistake in the book, with the file and line an author must fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Where a block's code lives: typed into the chapter, or included from a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Chapter,
    /// A file included with `{{#rustdoc_include}}` / `{{#include}}`, relative to the book root.
    File(PathBuf),
}

/// One code block of the expanded book.
#[derive(Debug, Clone)]
pub struct Block {
    /// The chapter file, relative to the book root (`src/ch01-threading.md`).
    pub chapter: PathBuf,
    /// Line of the opening fence in the chapter as the author wrote it.
    pub line: usize,
    pub kind: Kind,
    pub origin: Origin,
    /// The block's text after mdBook expanded it: what the reader gets.
    pub text: String,
    /// For Rust blocks: the reader's text with blank lines added so that each
    /// line sits at its line number in the chapter or listing.
    pub aligned: Option<String>,
    /// For a quiz's program: the question's id (`chapter` is then the quiz
    /// file, and `line` the question's).
    pub question: Option<String>,
}

impl Block {
    /// The file rustc diagnostics and panics should point at.
    pub fn source_file(&self) -> &Path {
        match &self.origin {
            Origin::Chapter => &self.chapter,
            Origin::File(path) => path,
        }
    }
}

/// Everything the tests need to know about the book.
#[derive(Debug, Default)]
pub struct Plan {
    pub edition: String,
    pub blocks: Vec<Block>,
    pub problems: Vec<Problem>,
    /// Files the plan read, for build scripts to watch.
    pub inputs: Vec<PathBuf>,
    /// Every quiz the chapters show, in order.
    pub quizzes: Vec<Quiz>,
}

/// Expands the book at `root` and classifies every code block.
pub fn plan(root: &Path) -> Plan {
    let mut plan = Plan {
        edition: "2024".into(),
        ..Plan::default()
    };
    let mut book = match MDBook::load(root) {
        Ok(book) => book,
        Err(e) => {
            plan.problem(
                root.join("book.toml"),
                1,
                format!("mdBook cannot load the book: {e:#}"),
            );
            return plan;
        }
    };
    plan.edition = edition_name(book.config.rust.edition).to_owned();
    book.with_preprocessor(BookPreprocessor);
    let src = book.source_dir();
    let expanded = match book.preprocess_book(&MarkdownRenderer::new()) {
        Ok((expanded, _)) => expanded,
        Err(e) => {
            plan.problem(
                src.join("SUMMARY.md"),
                1,
                format!("mdBook cannot expand the book: {e:#}"),
            );
            return plan;
        }
    };
    for item in expanded.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(source) = &chapter.source_path else {
            continue;
        };
        let chapter_path = src.join(source);
        let relative = chapter_path
            .strip_prefix(root)
            .unwrap_or(&chapter_path)
            .to_path_buf();
        plan.inputs.push(chapter_path.clone());
        match std::fs::read_to_string(&chapter_path) {
            Ok(raw) => plan.add_chapter(root, &relative, &raw, &chapter.content),
            Err(e) => plan.problem(relative, 1, format!("cannot read the chapter: {e}")),
        }
    }
    plan.run_each_program_once();
    plan.report_duplicate_questions();
    plan
}

fn edition_name(edition: Option<RustEdition>) -> &'static str {
    match edition {
        Some(RustEdition::E2015) => "2015",
        Some(RustEdition::E2018) => "2018",
        Some(RustEdition::E2021) => "2021",
        _ => "2024",
    }
}

impl Plan {
    /// A listing shown in several parts is one program: the first block that
    /// shows it runs it. The alignment has proven that every part is the
    /// same file, so later parts are neither compiled nor run again.
    fn run_each_program_once(&mut self) {
        let mut first_run: Vec<(PathBuf, String)> = Vec::new();
        for block in &mut self.blocks {
            let (Kind::Run | Kind::RunWithOutput, Origin::File(path)) =
                (&block.kind, &block.origin)
            else {
                continue;
            };
            match first_run.iter().find(|(seen, _)| seen == path) {
                Some((_, runner)) => {
                    block.kind = Kind::RunElsewhere {
                        runner: runner.clone(),
                    }
                }
                None => first_run.push((
                    path.clone(),
                    format!("{}:{}", block.chapter.display(), block.line),
                )),
            }
        }
    }

    fn problem(&mut self, file: impl Into<PathBuf>, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.into(),
            line,
            message: message.into(),
        });
    }

    fn add_chapter(&mut self, root: &Path, chapter: &Path, raw: &str, expanded: &str) {
        self.report_failed_includes(chapter, raw, expanded);
        self.report_bad_anchors(root, chapter, raw);
        self.add_quizzes(root, chapter, raw);
        let (raw_fences, expanded_fences) = (fences(raw), fences(expanded));
        if raw_fences.len() != expanded_fences.len() {
            self.problem(
                chapter,
                1,
                format!(
                    "includes changed the number of code blocks ({} written, {} after expansion): \
                 include files inside code blocks only",
                    raw_fences.len(),
                    expanded_fences.len()
                ),
            );
            return;
        }
        for (raw, expanded) in raw_fences.iter().zip(&expanded_fences) {
            if let Err(message) = self.add_block(root, chapter, raw, expanded) {
                self.problem(chapter, raw.line, message);
            }
        }
    }

    /// mdBook logs a failed include and leaves the directive in the text.
    fn report_failed_includes(&mut self, chapter: &Path, raw: &str, expanded: &str) {
        for found in DIRECTIVE.find_iter(expanded) {
            let line = raw.find(found.as_str()).map_or(1, |at| line_of(raw, at));
            self.problem(
                chapter,
                line,
                format!("mdBook could not expand `{}`", found.as_str()),
            );
        }
    }

    /// Every `{{#quiz FILE}}` of the chapter: the quiz is read and checked,
    /// and each question's program becomes a block the tests run.
    fn add_quizzes(&mut self, root: &Path, chapter: &Path, raw: &str) {
        let dir = chapter.parent().unwrap_or(Path::new(""));
        for caps in QUIZ.captures_iter(raw) {
            let line = line_of(raw, caps.get(0).unwrap().start());
            let file = match Include::resolve_path(root, dir, &caps[1]) {
                Ok(file) => file,
                Err(why) => {
                    self.problem(chapter, line, why);
                    continue;
                }
            };
            self.inputs.push(root.join(&file));
            match quiz::load(root, &file) {
                Ok(quiz) => {
                    for question in &quiz.questions {
                        self.blocks.extend(quiz_block(&quiz, question));
                    }
                    self.quizzes.push(quiz);
                }
                Err(problems) => self.problems.extend(problems),
            }
        }
    }

    /// Question ids name saved answers and the page's elements: one each.
    fn report_duplicate_questions(&mut self) {
        let mut seen: Vec<(String, PathBuf, usize)> = Vec::new();
        let mut problems = Vec::new();
        for quiz in &self.quizzes {
            for q in &quiz.questions {
                match seen.iter().find(|(id, _, _)| *id == q.id) {
                    Some((_, file, line)) => problems.push(Problem {
                        file: quiz.file.clone(),
                        line: q.line,
                        message: format!(
                            "question `{}`: the id is already used at {}:{line}",
                            q.id,
                            file.display()
                        ),
                    }),
                    None => seen.push((q.id.clone(), quiz.file.clone(), q.line)),
                }
            }
        }
        self.problems.extend(problems);
    }

    /// mdBook quietly shows nothing for a misspelt anchor or one that
    /// encloses no lines (`rustdoc_include` hides the whole file instead):
    /// the reader would get an empty block while the tests still pass.
    fn report_bad_anchors(&mut self, root: &Path, chapter: &Path, raw: &str) {
        let dir = chapter.parent().unwrap_or(Path::new(""));
        for caps in ANCHORED_INCLUDE.captures_iter(raw) {
            let (directive, path, anchor) = (&caps[0], &caps[2], &caps[3]);
            if is_line_range(anchor) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(root.join(dir).join(path)) else {
                continue; // a missing file is mdBook's error, reported above
            };
            let line = line_of(raw, caps.get(0).unwrap().start());
            match anchored_lines(&text, anchor) {
                None => self.problem(
                    chapter,
                    line,
                    format!(
                        "`{directive}`: {path} has no anchor `{anchor}` \
                         (no `ANCHOR: {anchor}` line), so the reader would see an empty block"
                    ),
                ),
                Some(lines) if lines.iter().all(|l| l.trim().is_empty()) => self.problem(
                    chapter,
                    line,
                    format!(
                        "`{directive}`: the anchor `{anchor}` in {path} encloses no code, \
                         so the reader would see an empty block"
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    fn add_block(
        &mut self,
        root: &Path,
        chapter: &Path,
        raw: &Fence,
        expanded: &Fence,
    ) -> Result<(), String> {
        let kind = classify(raw.info.as_deref())?;
        let include = Include::parse(&raw.content);
        let origin = match &include {
            Some(include) => Origin::File(include.resolve(root, chapter)?),
            None => Origin::Chapter,
        };
        if let Origin::File(path) = &origin {
            self.inputs.push(root.join(path));
        }
        let kind = refine(root, kind, &origin, &expanded.content)?;
        let aligned = match kind {
            Kind::Run
            | Kind::RunWithOutput
            | Kind::CompileFail { .. }
            | Kind::CompileFailMessage { .. }
            | Kind::Module
            | Kind::RunElsewhere { .. } => Some(align_rust(
                root,
                raw,
                expanded,
                include.as_ref(),
                &origin,
                &kind,
            )?),
            Kind::Toml => {
                toml::from_str::<toml::Table>(&expanded.content)
                    .map_err(|e| format!("invalid TOML: {e}"))?;
                None
            }
            Kind::Console => {
                check_console(root, &expanded.content)?;
                None
            }
            _ => None,
        };
        self.blocks.push(Block {
            chapter: chapter.to_path_buf(),
            line: raw.line,
            kind,
            origin,
            text: expanded.content.clone(),
            aligned,
            question: None,
        });
        Ok(())
    }
}

/// The lines mdBook shows for `file:anchor`: those between every
/// `ANCHOR: anchor` and its `ANCHOR_END`, minus anchor comments. `None` when
/// the file has no such anchor.
fn anchored_lines<'a>(file: &'a str, anchor: &str) -> Option<Vec<&'a str>> {
    let named = |line: &str, end: bool| {
        ANCHOR_LINE
            .captures(line)
            .is_some_and(|caps| caps.get(1).is_some() == end && &caps[2] == anchor)
    };
    let (mut found, mut inside, mut lines) = (false, false, Vec::new());
    for line in file.lines() {
        if named(line, false) {
            (found, inside) = (true, true);
        } else if named(line, true) {
            inside = false;
        } else if inside && !ANCHOR_LINE.is_match(line) {
            lines.push(line);
        }
    }
    found.then_some(lines)
}

/// `file.rs:3:10` or `file.rs:5`: lines by number, not an anchor.
fn is_line_range(anchor: &str) -> bool {
    anchor.contains(':') || anchor.starts_with(|c: char| c.is_ascii_digit())
}

/// The block a question's program is, if it has one: where the program is
/// run or must fail, aligned so that line N is line N of the quiz file.
fn quiz_block(quiz: &Quiz, question: &quiz::Question) -> Option<Block> {
    let (program, kind) = match &question.kind {
        quiz::Kind::Tracing { program, answer } => {
            let kind = match answer {
                quiz::Tracing::Prints(stdout) => Kind::QuizPrints {
                    stdout: stdout.clone(),
                },
                quiz::Tracing::DoesNotCompile(error) if is_error_code(error) => Kind::CompileFail {
                    code: error.clone(),
                },
                quiz::Tracing::DoesNotCompile(error) => Kind::CompileFailMessage {
                    message: error.trim_start_matches("error: ").to_owned(),
                },
            };
            (program, kind)
        }
        quiz::Kind::PossibleOutputs {
            program,
            outputs,
            possible,
            checker,
            preemption_bound,
            ..
        } => (
            program,
            Kind::QuizOutputs {
                outputs: outputs.clone(),
                possible: possible.clone(),
                checker: *checker,
                preemption_bound: *preemption_bound,
            },
        ),
        _ => return None,
    };
    Some(Block {
        chapter: quiz.file.clone(),
        line: question.line,
        kind,
        origin: Origin::Chapter,
        text: program.text.clone(),
        aligned: Some("\n".repeat(program.line - 1) + &program.text),
        question: Some(question.id.clone()),
    })
}

fn is_error_code(word: &str) -> bool {
    word.len() == 5 && word.starts_with('E') && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// What an include makes of a block: a `text` block showing a recorded output
/// file is output, not a figure; a Rust block showing a listing crate's
/// library module (no `main`) is a module, not a program; a listing whose
/// output is recorded is run by its crate's test.
fn refine(root: &Path, kind: Kind, origin: &Origin, text: &str) -> Result<Kind, String> {
    Ok(match (kind, origin) {
        (Kind::CompileFailMessage { .. }, _) => Kind::CompileFailMessage {
            message: quoted_error(text).ok_or(
                "a must-not-compile block without an error code must quote rustc's error \
                 in a `// error: …` comment",
            )?,
        },
        (Kind::Figure, Origin::File(path)) if is_recorded_output(path) => Kind::RecordedOutput,
        (Kind::Run, Origin::File(path))
            if is_library_module(path) && !strip_hidden(text).contains("fn main") =>
        {
            check_declared_module(root, path)?;
            Kind::Module
        }
        (Kind::Run, Origin::File(path)) if path.starts_with("exercises/solutions") => {
            check_listed_exercise(root, path)?;
            Kind::ExerciseSolution
        }
        (Kind::Python, Origin::Chapter) => {
            return Err("a Python block is a program the tests run: write it as \
                        listings/<crate>/python/NAME.py and include it"
                .into());
        }
        (Kind::Python, Origin::File(path)) => {
            check_python_test_runs(root, path)?;
            Kind::Python
        }
        (Kind::Run, Origin::File(path)) if recorded_output_of(root, path).is_some() => {
            check_outputs_test_runs(root, path)?;
            Kind::RunWithOutput
        }
        (kind, _) => kind,
    })
}

/// `listings/<crate>/output/<bin>.txt` for `listings/<crate>/src/bin/<bin>.rs`,
/// when that file exists.
fn recorded_output_of(root: &Path, listing: &Path) -> Option<PathBuf> {
    let (krate, bin) = listing_binary(listing)?;
    let output = Path::new("listings")
        .join(krate)
        .join("output")
        .join(format!("{bin}.txt"));
    root.join(&output).is_file().then_some(output)
}

/// (crate directory, binary name) of `listings/<crate>/src/bin/<bin>.rs`.
fn listing_binary(path: &Path) -> Option<(String, String)> {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [first, krate, src, bin, file] if first == "listings" && src == "src" && bin == "bin" => {
            Some((krate.clone(), file.strip_suffix(".rs")?.to_owned()))
        }
        _ => None,
    }
}

/// A listing with a recorded output is run by its crate's `tests/outputs.rs`.
fn check_outputs_test_runs(root: &Path, listing: &Path) -> Result<(), String> {
    let (krate, bin) = listing_binary(listing).expect("a listing binary");
    let test = Path::new("listings").join(&krate).join("tests/outputs.rs");
    let source = std::fs::read_to_string(root.join(&test)).unwrap_or_default();
    let names_bin = Regex::new(&format!(r"\b{}\b", regex::escape(&bin))).unwrap();
    if source.contains("recorded_outputs!") && names_bin.is_match(&source) {
        return Ok(());
    }
    Err(format!(
        "the output of `{bin}` is recorded, but {} does not re-run it: \
         add it to `book_harness::recorded_outputs!`",
        test.display()
    ))
}

/// A Python listing is run by its crate's `tests/outputs.rs`.
fn check_python_test_runs(root: &Path, script: &Path) -> Result<(), String> {
    let parts: Vec<_> = script
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let [first, krate, python, file] = parts.as_slice() else {
        return Err(format!(
            "{}: Python listings live in listings/<crate>/python/",
            script.display()
        ));
    };
    let name = file.strip_suffix(".py").unwrap_or(file);
    if first != "listings" || python != "python" {
        return Err(format!(
            "{}: Python listings live in listings/<crate>/python/",
            script.display()
        ));
    }
    let test = Path::new("listings").join(krate).join("tests/outputs.rs");
    let source = std::fs::read_to_string(root.join(&test)).unwrap_or_default();
    let names_it = Regex::new(&format!(r"\b{}\b", regex::escape(name))).unwrap();
    if source.contains("recorded_python!") && names_it.is_match(&source) {
        return Ok(());
    }
    Err(format!(
        "{} runs no Python listing `{name}`: add it to `book_harness::recorded_python!`",
        test.display()
    ))
}

/// A solution a chapter shows must be one the exercises crate checks.
fn check_listed_exercise(root: &Path, path: &Path) -> Result<(), String> {
    let list = crate::exercises::load(&root.join("exercises"))?;
    if list
        .iter()
        .any(|e| Path::new("exercises").join(e.solution_file()) == path)
    {
        return Ok(());
    }
    Err(format!(
        "{} is not a listed exercise's solution: add it to exercises/exercises.toml",
        path.display()
    ))
}

/// A module a chapter shows must be compiled: declared in its crate's lib.rs.
fn check_declared_module(root: &Path, module: &Path) -> Result<(), String> {
    let (Some(src), Some(stem)) = (module.parent(), module.file_stem()) else {
        return Err(format!("{} is not a module", module.display()));
    };
    let lib = src.join("lib.rs");
    if module == lib {
        return Ok(());
    }
    let stem = stem.to_string_lossy();
    let declaration = Regex::new(&format!(
        r"(?m)^\s*(pub(\([^)]*\))?\s+)?mod\s+{}\s*;",
        regex::escape(&stem)
    ))
    .unwrap();
    let declared = src.ends_with("src")
        && std::fs::read_to_string(root.join(&lib)).is_ok_and(|text| declaration.is_match(&text));
    if declared {
        return Ok(());
    }
    Err(format!(
        "{} is not compiled: declare `mod {stem};` in {} (modules shown in the book sit \
         directly under their crate's src/)",
        module.display(),
        lib.display()
    ))
}

/// The message of a `// error: …` comment, as rustc prints it.
fn quoted_error(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.trim().strip_prefix("// error: "))
        .map(|message| message.trim().to_owned())
}

fn is_library_module(path: &Path) -> bool {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    matches!(parts.as_slice(), [first, _, src, rest @ ..]
        if first == "listings" && src == "src" && !rest.is_empty() && rest[0] != "bin")
}

fn is_recorded_output(path: &Path) -> bool {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    matches!(parts.as_slice(), [first, _, output, file]
        if first == "listings" && output == "output" && file.ends_with(".txt"))
}

static DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#(include|rustdoc_include)\s+[^}]*\}\}").unwrap());
static ANCHOR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR(_END)?:\s*([\w_-]+)").unwrap());
/// An include that names a part of its file: `{{#include path:part}}`.
static ANCHORED_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{#(include|rustdoc_include)\s+([^}\s:]+):([^}\s]+)\s*\}\}").unwrap()
});
static CARGO_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"cargo run (?:-q )?-p ([\w-]+) --bin ([\w-]+)").unwrap());

/// A block whose whole text is one include directive.
#[derive(Debug)]
struct Include {
    rustdoc: bool,
    path: String,
    anchor: Option<String>,
}

impl Include {
    fn parse(content: &str) -> Option<Include> {
        static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\{\{#(include|rustdoc_include)\s+([^}\s:]+)(?::([^}\s]*))?\s*\}\}$")
                .unwrap()
        });
        let caps = WHOLE.captures(content.trim())?;
        Some(Include {
            rustdoc: &caps[1] == "rustdoc_include",
            path: caps[2].to_owned(),
            anchor: caps.get(3).map(|m| m.as_str().to_owned()),
        })
    }

    /// The included file relative to the book root.
    fn resolve(&self, root: &Path, chapter: &Path) -> Result<PathBuf, String> {
        let dir = chapter.parent().unwrap_or(Path::new(""));
        Include::resolve_path(root, dir, &self.path)
    }

    /// `path`, written in a chapter in `dir`, relative to the book root.
    fn resolve_path(root: &Path, dir: &Path, path: &str) -> Result<PathBuf, String> {
        let joined = root.join(dir).join(path);
        let file = joined
            .canonicalize()
            .map_err(|e| format!("cannot include `{path}`: {e}"))?;
        let root = root.canonicalize().map_err(|e| e.to_string())?;
        let relative = file
            .strip_prefix(&root)
            .map_err(|_| format!("`{path}` is outside the book"))?;
        Ok(relative.to_path_buf())
    }
}

/// Lines up a Rust block with its source, so rustc's line numbers are the
/// chapter's (typed-in code) or the listing's (included code).
fn align_rust(
    root: &Path,
    raw: &Fence,
    expanded: &Fence,
    include: Option<&Include>,
    origin: &Origin,
    kind: &Kind,
) -> Result<String, String> {
    let program = strip_hidden(&expanded.content);
    if *kind != Kind::Module && !program.contains("fn main") {
        return Err(
            "a Rust block is a whole program: add `fn main` (hide setup lines with `# `)".into(),
        );
    }
    if let Kind::CompileFail { .. } | Kind::CompileFailMessage { .. } = kind
        && include.is_some()
    {
        return Err(
            "write must-not-compile blocks in the chapter, not in a listing crate \
                    (the crate would not build)"
                .into(),
        );
    }
    let Origin::File(path) = origin else {
        let padding = "\n".repeat(raw.content_line() - 1);
        return Ok(padding + &expanded.content);
    };
    let include = include.expect("a file origin comes from an include");
    if !include.rustdoc && include.anchor.is_some() {
        return Err(
            "`{{#include file:anchor}}` shows a fragment that cannot run alone: \
                    use `{{#rustdoc_include file:anchor}}` to hide the rest"
                .into(),
        );
    }
    if include.anchor.as_deref().is_some_and(is_line_range) {
        return Err("include listings by anchor name, not by line numbers".into());
    }
    let listing = std::fs::read_to_string(root.join(path)).map_err(|e| e.to_string())?;
    align_with_listing(&listing, &expanded.content)
        .ok_or_else(|| format!("cannot line up this block with {}", path.display()))
}

/// The expanded text with a blank line wherever mdBook dropped an anchor
/// comment, so line N of the result is line N of the listing.
fn align_with_listing(listing: &str, expanded: &str) -> Option<String> {
    let mut shown = expanded.lines().peekable();
    let mut aligned = String::new();
    for line in listing.lines() {
        let matches = shown.peek().is_some_and(|s| {
            *s == line || s.strip_prefix("# ") == Some(line) || (line.is_empty() && *s == "#")
        });
        if matches {
            aligned.push_str(shown.next().unwrap());
        } else if !ANCHOR_LINE.is_match(line) {
            return None;
        }
        aligned.push('\n');
    }
    shown.next().is_none().then_some(aligned)
}

/// The program skeptic compiles: hidden lines (`# `) un-hidden.
pub fn strip_hidden(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("# ") {
                rest
            } else if trimmed == "#" {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `cargo run -p P --bin B` in a shell session must name a real listing.
fn check_console(root: &Path, session: &str) -> Result<(), String> {
    for caps in CARGO_RUN.captures_iter(session) {
        let (package, bin) = (&caps[1], &caps[2]);
        let file = root
            .join("listings")
            .join(package)
            .join("src/bin")
            .join(format!("{bin}.rs"));
        if !file.is_file() {
            return Err(format!(
                "`cargo run -p {package} --bin {bin}`: no such listing ({} is missing)",
                file.strip_prefix(root).unwrap_or(&file).display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_puts_blank_lines_where_anchors_were() {
        let listing = "use x;\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n";
        let expanded = "# use x;\nfn main() {}";
        assert_eq!(
            align_with_listing(listing, expanded).unwrap(),
            "# use x;\n\nfn main() {}\n\n"
        );
        assert_eq!(align_with_listing(listing, "fn other() {}"), None);
    }

    #[test]
    fn anchored_lines_are_what_mdbook_shows() {
        let file = "a\n// ANCHOR: one\nb\n// ANCHOR: inner\nc\n// ANCHOR_END: inner\n\
                    // ANCHOR_END: one\n// ANCHOR: empty\n\n// ANCHOR_END: empty\n\
                    // ANCHOR: one\nd\n// ANCHOR_END: one\n";
        assert_eq!(anchored_lines(file, "one").unwrap(), ["b", "c", "d"]);
        assert_eq!(anchored_lines(file, "inner").unwrap(), ["c"]);
        assert_eq!(anchored_lines(file, "empty").unwrap(), [""]);
        assert_eq!(anchored_lines(file, "on"), None);
        assert_eq!(anchored_lines(file, "nowhere"), None);
    }

    #[test]
    fn recognises_library_modules() {
        assert!(is_library_module(Path::new(
            "listings/ch02-thread-pools/src/pool.rs"
        )));
        assert!(!is_library_module(Path::new(
            "listings/ch02-thread-pools/src/bin/pool.rs"
        )));
        assert!(!is_library_module(Path::new(
            "listings/ch02-thread-pools/tests/pool.rs"
        )));
    }

    #[test]
    fn recognises_recorded_outputs() {
        assert!(is_recorded_output(Path::new(
            "listings/ch01-threading/output/a.txt"
        )));
        assert!(!is_recorded_output(Path::new(
            "listings/ch01-threading/src/a.txt"
        )));
    }
}
