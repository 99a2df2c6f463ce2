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
            let output = run_checks(root, Some(&exercise.module()))?;
            print!("{}", output.libtest);
            let progress = progress_of(&dir, exercise, &output.libtest)?;
            println!("\n{}: {progress}", exercise.id);
            println!("edit exercises/{}", exercise.work_file().display());
            Ok(())
        }
        Action::All => {
            start_every_exercise(&dir, &list)?;
            let output = run_checks(root, None)?;
            println!("{:24} {:44} progress", "exercise", "title");
            for exercise in &list {
                let progress = progress_of(&dir, exercise, &output.libtest)?;
                println!("{:24} {:44} {progress}", exercise.id, exercise.title);
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

fn progress_of(dir: &Path, exercise: &Exercise, libtest: &str) -> Result<Progress, String> {
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
}

/// Runs the student's checks (those of `module` only, if given).
fn run_checks(root: &Path, module: Option<&str>) -> Result<ChecksOutput, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // The check's own message says what went wrong; a backtrace buries it.
    command.env("RUST_BACKTRACE", "0");
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
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let libtest = String::from_utf8_lossy(&output.stdout).into_owned();
    if !libtest.contains("running ") {
        // It did not build: the compiler's errors say where.
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        return Err(
            "your exercises do not compile (above); fix the file it names, \
                    or start it again with `exercises reset ID`"
                .into(),
        );
    }
    Ok(ChecksOutput { libtest })
}
