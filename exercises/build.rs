//! Writes one module per exercise for each test target: the solution as it
//! is, the stub and the mutant derived from it, and the student's copy.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use book_harness::exercises::{self, Exercise};

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo::rerun-if-changed=exercises.toml");
    println!("cargo::rerun-if-changed=solutions");
    println!("cargo::rerun-if-changed=checks");
    println!("cargo::rerun-if-changed=work");
    println!("cargo::rerun-if-env-changed={}", exercises::BENCHED);
    // Copies that do not compile are judged as their stubs, so that the
    // others can still be judged; `book exercises` says which they are.
    let benched = std::env::var(exercises::BENCHED).unwrap_or_default();
    let benched: Vec<&str> = benched.split(',').filter(|id| !id.is_empty()).collect();
    let list = exercises::load(&dir).unwrap_or_else(|problem| {
        // One clear line, then a non-zero exit: cargo shows it as the error.
        eprintln!("error: {problem}");
        std::process::exit(1);
    });
    let student = std::env::var_os("CARGO_FEATURE_STUDENT").is_some();
    let mut targets = [
        ("solutions", String::new()),
        ("stubs", String::new()),
        ("mutants", String::new()),
        ("student", String::new()),
    ];
    for exercise in &list {
        let solution = std::fs::read_to_string(dir.join(exercise.solution_file())).unwrap();
        let derived = |kind: &str, text: String| {
            let file = out.join(format!("{kind}-{}.rs", exercise.module()));
            std::fs::write(&file, text).unwrap();
            file
        };
        let stub = derived("stub", exercises::stub(&solution).unwrap());
        let mutant = derived(
            "mutant",
            exercises::mutant(&solution, &exercise.mutant).unwrap(),
        );
        let on_the_bench = benched.contains(&exercise.id.as_str());
        let work = match on_the_bench {
            true => stub.clone(),
            false => dir.join(exercise.work_file()),
        };
        let implementations = [dir.join(exercise.solution_file()), stub, mutant, work];
        for ((target, text), implementation) in targets.iter_mut().zip(&implementations) {
            // Derived code is not linted: a stub's unused imports are the
            // student's to use.
            let derived = matches!(*target, "stubs" | "mutants") || on_the_bench;
            if *target != "student" || student {
                let checks = dir.join(exercise.checks_file());
                module(text, exercise, implementation, &checks, derived);
            }
        }
    }
    for (target, text) in &targets {
        std::fs::write(out.join(format!("{target}.rs")), text).unwrap();
    }
}

/// The exercise's module: its implementation, and its checks against it.
fn module(
    text: &mut String,
    exercise: &Exercise,
    implementation: &Path,
    checks: &Path,
    derived: bool,
) {
    let lints = if derived {
        "#[allow(unused, clippy::all)]"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "/// {title}\npub mod {module} {{\n\
         \x20   const ID: &str = {id:?};\n\
         \x20   const CAUGHT_BY: &str = {caught_by:?};\n\
         \x20   // The model checker's `sync` and `thread`, for exercises whose\n\
         \x20   // checks explore every interleaving.\n\
         \x20   #[allow(unused_imports)]\n    use ::shuttle::{{sync, thread}};\n\
         \x20   {lints}\n\
         \x20   pub mod exercise {{\n        include!({implementation:?});\n    }}\n\
         \x20   mod checks {{\n\
         \x20       #[allow(unused_imports)]\n        use super::exercise::*;\n\
         \x20       use super::{{CAUGHT_BY, ID}};\n        include!({checks:?});\n    }}\n}}",
        title = exercise.title,
        module = exercise.module(),
        id = exercise.id,
        caught_by = exercise.mutant.caught_by,
    );
}
