//! `book exercises`: a student's coding exercises. Each student copy lives in
//! `exercises/work/`, starts as the exercise's stub, and is judged by the
//! exercise's checks (`cargo test -p exercises --features student`).

use std::path::Path;
use std::process::Command;

use book_harness::exercises::{self, Exercise, Progress};

/// What `book exercises` was asked to do.
#[derive(Debug)]
pub enum Action {
    /// Every exercise, as a progress table.
    All,
    /// One exercise's checks, with their failures in full.
    One(String),
    /// Put the stub back, keeping the old copy beside it.
    Reset(String),
}

pub fn run(root: &Path, action: Action) -> Result<(), String> {
    let dir = root.join("exercises");
    let list = exercises::load(&dir)?;
    let find = |id: &str| {
        list.iter().find(|e| e.id == id).ok_or_else(|| {
            let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
            format!("no exercise `{id}`; there are: {}", ids.join(", "))
        })
    };
    match action {
        Action::Reset(id) => reset(&dir, find(&id)?),
        Action::One(id) => {
            let exercise = find(&id)?;
            start_every_exercise(&dir, &list)?;
            let output = run_checks(root, &list, Some(&exercise.module()))?;
            if let Some((_, error)) = output.benched.iter().find(|(b, _)| *b == exercise.id) {
                eprint!("{}", errors_in(&output.compiler, exercise));
                return Err(format!("{}: does not compile: {error}", exercise.id));
            }
            print!("{}", output.libtest);
            let progress = progress_of(&dir, exercise, &output)?;
            println!("\n{}: {progress}", exercise.id);
            println!("edit exercises/{}", exercise.work_file().display());
            Ok(())
        }
        Action::All => {
            start_every_exercise(&dir, &list)?;
            let output = run_checks(root, &list, None)?;
            let id = list.iter().map(|e| e.id.len()).max().unwrap_or(0);
            let title = list.iter().map(|e| e.title.len()).max().unwrap_or(0);
            println!("{:id$}  {:title$}  progress", "exercise", "title");
            for exercise in &list {
                let progress = progress_of(&dir, exercise, &output)?;
                println!("{:id$}  {:title$}  {progress}", exercise.id, exercise.title);
            }
            println!(
                "\nOne exercise's checks in full: cargo run -p book -- exercises ID\n\
                 Start one again from its stub: cargo run -p book -- exercises reset ID"
            );
            Ok(())
        }
    }
}

/// Gives every exercise without a copy in `work/` its stub; never
/// overwrites a copy.
fn start_every_exercise(dir: &Path, list: &[Exercise]) -> Result<(), String> {
    for exercise in list {
        let work = dir.join(exercise.work_file());
        if !work.exists() {
            write_new(&work, &stub_of(dir, exercise)?)?;
        }
    }
    Ok(())
}

fn stub_of(dir: &Path, exercise: &Exercise) -> Result<String, String> {
    let file = dir.join(exercise.solution_file());
    let solution =
        std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    exercises::stub(&solution).map_err(|e| format!("{}: {e}", file.display()))
}

fn reset(dir: &Path, exercise: &Exercise) -> Result<(), String> {
    let work = dir.join(exercise.work_file());
    let stub = stub_of(dir, exercise)?;
    if let Ok(old) = std::fs::read_to_string(&work)
        && old != stub
    {
        let backup = work.with_extension("rs.bak");
        std::fs::write(&backup, old).map_err(|e| format!("{}: {e}", backup.display()))?;
        println!(
            "kept your copy as exercises/{}.bak",
            exercise.work_file().display()
        );
    }
    write_new(&work, &stub)?;
    println!(
        "{} is the stub again: exercises/{}",
        exercise.id,
        exercise.work_file().display()
    );
    Ok(())
}

/// Writes `text` to `file` whole or not at all (a temporary, then a rename).
fn write_new(file: &Path, text: &str) -> Result<(), String> {
    let dir = file.parent().expect("a file in work/");
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let temporary = file.with_extension("rs.new");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, file))
        .map_err(|e| format!("{}: {e}", file.display()))
}

fn progress_of(dir: &Path, exercise: &Exercise, output: &ChecksOutput) -> Result<Progress, String> {
    if let Some((_, error)) = output.benched.iter().find(|(id, _)| *id == exercise.id) {
        return Ok(Progress::DoesNotCompile {
            error: error.clone(),
        });
    }
    let libtest = &output.libtest;
    let file = dir.join(exercise.work_file());
    let work = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let results = exercises::check_results(libtest);
    Ok(exercises::progress(
        &work,
        &stub_of(dir, exercise)?,
        &exercise.module(),
        &results,
    ))
}

struct ChecksOutput {
    libtest: String,
    /// The exercises judged as their stubs because their copies (or their
    /// checks, against them) did not compile, each with its first error.
    benched: Vec<(String, String)>,
    /// The compiler's errors, when some copy did not compile.
    compiler: String,
}

/// Runs the student's checks (those of `module` only, if given). A copy
/// that does not compile is set aside, judged as its stub, and reported,
/// so that one syntax error does not hide every other exercise.
fn run_checks(
    root: &Path,
    list: &[Exercise],
    module: Option<&str>,
) -> Result<ChecksOutput, String> {
    let mut benched: Vec<(String, String)> = Vec::new();
    let mut compiler = String::new();
    loop {
        let ids: Vec<&str> = benched.iter().map(|(id, _)| id.as_str()).collect();
        let output = cargo_test_student(root, module, &ids.join(","))?;
        let libtest = String::from_utf8_lossy(&output.stdout).into_owned();
        if libtest.contains("running ") {
            return Ok(ChecksOutput {
                libtest,
                benched,
                compiler,
            });
        }
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let broken = exercises::not_compiling(&stderr, list);
        let new: Vec<_> = (broken.into_iter())
            .filter(|(id, _)| !benched.iter().any(|(b, _)| b == id))
            .collect();
        if new.is_empty() {
            // Not an exercise's file: the compiler's errors say where.
            eprint!("{stderr}");
            return Err(
                "the exercises do not compile (above); fix the file it names, \
                        or start it again with `exercises reset ID`"
                    .into(),
            );
        }
        compiler.push_str(&stderr);
        benched.extend(new);
    }
}

/// The compiler's error messages about one exercise's files, without its
/// warnings: a stub's unused variables are no news to a student.
fn errors_in(compiler_output: &str, exercise: &Exercise) -> String {
    let files = [exercise.work_file(), exercise.checks_file()].map(|f| format!("{}:", f.display()));
    (compiler_output.split("\n\n"))
        .filter(|block| block.trim_start().starts_with("error"))
        .filter(|block| files.iter().any(|file| block.contains(file.as_str())))
        .map(|block| format!("{}\n\n", block.trim_end()))
        .collect()
}

fn cargo_test_student(
    root: &Path,
    module: Option<&str>,
    benched: &str,
) -> Result<std::process::Output, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // The check's own message says what went wrong; a backtrace buries it.
    command.env("RUST_BACKTRACE", "0");
    command.env(exercises::BENCHED, benched);
    command.current_dir(root).args([
        "test",
        "--quiet",
        "-p",
        "exercises",
        "--features",
        "student",
        "--test",
        "student",
        "--",
        "--format",
        "pretty",
    ]);
    if let Some(module) = module {
        command.arg(format!("{module}::"));
    }
    command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))
}
