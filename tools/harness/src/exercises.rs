//! The coding exercises: the list in `exercises/exercises.toml`, and each
//! exercise's stub and mutant, both derived from its one solution file.
//!
//! A solution marks the code a student writes:
//!
//! ```text
//! // exercise: solution
//! let total = parts.iter().sum();
//! // exercise: stub
//! // todo!("add up the parts")
//! // exercise: end
//! ```
//!
//! The stub keeps everything outside the markers, drops the solution lines
//! and uncomments the stub lines. The mutant is the solution with one edit:
//! a plausible wrong answer that the exercise's checks must catch.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One exercise, as `exercises.toml` lists it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// `ch02-bounded-pool`: the name a student types.
    pub id: String,
    /// The chapter file whose section states it, e.g. `ch02-thread-pools.md`.
    pub chapter: String,
    pub title: String,
    pub mutant: Mutant,
}

/// A plausible wrong solution: the solution with `replace` changed to `with`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutant {
    /// What the wrong solution does, in a few words.
    pub does: String,
    pub replace: String,
    pub with: String,
    /// The check that must fail on it.
    pub caught_by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct List {
    exercise: Vec<Exercise>,
}

impl Exercise {
    /// The Rust module name: `ch02_bounded_pool`.
    pub fn module(&self) -> String {
        self.id.replace('-', "_")
    }

    /// The solution file, relative to the exercises directory.
    pub fn solution_file(&self) -> PathBuf {
        Path::new("solutions").join(format!("{}.rs", self.module()))
    }

    /// The checks (tests) file, relative to the exercises directory.
    pub fn checks_file(&self) -> PathBuf {
        Path::new("checks").join(format!("{}.rs", self.module()))
    }

    /// The student's copy, relative to the exercises directory.
    pub fn work_file(&self) -> PathBuf {
        Path::new("work").join(format!("{}.rs", self.module()))
    }
}

/// Every exercise in `dir/exercises.toml`, checked: unique ids, and for each
/// a solution and a checks file whose stub and mutant can be derived.
pub fn load(dir: &Path) -> Result<Vec<Exercise>, String> {
    let list_file = dir.join("exercises.toml");
    let text =
        std::fs::read_to_string(&list_file).map_err(|e| format!("{}: {e}", list_file.display()))?;
    let list: List = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |span| text[..span.start].matches('\n').count() + 1);
        format!("{}:{line}: {}", list_file.display(), e.message())
    })?;
    let mut seen = std::collections::HashSet::new();
    for exercise in &list.exercise {
        let at = |message: String| {
            let line = text
                .find(&format!("id = \"{}\"", exercise.id))
                .map_or(1, |at| text[..at].matches('\n').count() + 1);
            format!(
                "{}:{line}: exercise `{}`: {message}",
                list_file.display(),
                exercise.id
            )
        };
        if !seen.insert(exercise.id.clone()) {
            return Err(at("the id is used twice".into()));
        }
        let solution = read(dir, &exercise.solution_file()).map_err(at)?;
        let checks = read(dir, &exercise.checks_file()).map_err(at)?;
        stub(&solution).map_err(|e| at(format!("{}: {e}", exercise.solution_file().display())))?;
        mutant(&solution, &exercise.mutant).map_err(at)?;
        if !checks.contains(&format!("fn {}()", exercise.mutant.caught_by)) {
            return Err(at(format!(
                "mutant.caught_by names `{}`, which is not a check in {}",
                exercise.mutant.caught_by,
                exercise.checks_file().display()
            )));
        }
    }
    Ok(list.exercise)
}

fn read(dir: &Path, file: &Path) -> Result<String, String> {
    std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{}: {e}", file.display()))
}

/// What a student starts from: the solution with every marked region cut
/// down to its stub lines.
pub fn stub(solution: &str) -> Result<String, String> {
    #[derive(PartialEq)]
    enum In {
        Code,
        Solution,
        Stub,
    }
    let mut state = In::Code;
    let mut out = String::new();
    let mut opened = 0;
    for (index, line) in solution.lines().enumerate() {
        let number = index + 1;
        let marker = line.trim().strip_prefix("// exercise:").map(str::trim);
        match (marker, &state) {
            (Some("solution"), In::Code) => (state, opened) = (In::Solution, number),
            (Some("stub"), In::Solution) => state = In::Stub,
            (Some("end"), In::Stub) => state = In::Code,
            (Some(other), _) => {
                return Err(format!(
                    "line {number}: unexpected marker `// exercise: {other}`"
                ));
            }
            (None, In::Code) => {
                out.push_str(line);
                out.push('\n');
            }
            (None, In::Solution) => {}
            (None, In::Stub) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                let Some(code) = line.trim_start().strip_prefix("//") else {
                    return Err(format!("line {number}: a stub line must be a `//` comment"));
                };
                out.push_str(indent);
                out.push_str(code.strip_prefix(' ').unwrap_or(code));
                out.push('\n');
            }
        }
    }
    match state {
        In::Code if opened > 0 => Ok(out),
        In::Code => Err("no `// exercise: solution` region to cut".into()),
        _ => Err(format!(
            "line {opened}: this `// exercise: solution` region has no `// exercise: end`"
        )),
    }
}

/// The solution with the mutant's one edit, which must match exactly once.
pub fn mutant(solution: &str, mutant: &Mutant) -> Result<String, String> {
    match solution.matches(&mutant.replace).count() {
        1 => Ok(solution.replacen(&mutant.replace, &mutant.with, 1)),
        0 => Err(format!(
            "mutant.replace is not in the solution: {:?}",
            mutant.replace
        )),
        n => Err(format!(
            "mutant.replace occurs {n} times in the solution; make it unique: {:?}",
            mutant.replace
        )),
    }
}

/// Where a student stands on one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The student's copy is still the stub.
    NotStarted,
    /// Every check passes.
    Passed { checks: usize },
    /// Some check fails.
    Failing { passed: usize, checks: usize },
    /// The student's copy (or the checks, against it) does not compile:
    /// the compiler's first error, and where.
    DoesNotCompile { error: String },
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Progress::NotStarted => write!(f, "not started"),
            Progress::Passed { checks } => write!(f, "passed ({checks} of {checks} checks)"),
            Progress::Failing { passed, checks } => {
                write!(f, "failing ({passed} of {checks} checks pass)")
            }
            Progress::DoesNotCompile { error } => write!(f, "does not compile: {error}"),
        }
    }
}

/// The environment variable that names, comma-separated, the exercises
/// whose student copy is replaced by the stub: those that do not compile,
/// so that the others can still be judged.
pub const BENCHED: &str = "EXERCISES_BENCHED";

/// The exercises that the compiler's errors (its human-readable output)
/// point into, through their copy in `work/` or their checks, each with
/// its first error: `E0308: mismatched types (work/ch01_sum.rs:3)`.
pub fn not_compiling(compiler_output: &str, list: &[Exercise]) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut lines = compiler_output.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error") else {
            continue;
        };
        let Some(place) = lines
            .clone()
            .find_map(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let message = match message.strip_prefix('[') {
            Some(coded) => coded.replacen("]:", ":", 1),
            None => message.trim_start_matches(':').trim().to_owned(),
        };
        for exercise in list {
            let files = [exercise.work_file(), exercise.checks_file()];
            let Some(file) = files.iter().find(|f| {
                let f = f.to_string_lossy();
                place.starts_with(&*f) || place.contains(&format!("/{f}:"))
            }) else {
                continue;
            };
            if !found.iter().any(|(id, _)| *id == exercise.id) {
                let at = place.rsplit_once(':').map_or(place, |(at, _column)| at);
                let line = at.rsplit_once(':').map_or("?", |(_, line)| line);
                let error = format!("{message} ({}:{line})", file.display());
                found.push((exercise.id.clone(), error));
            }
        }
    }
    found
}

/// The verdict of each check in libtest's output, by exercise module:
/// `test ch02_bounded_pool::checks::runs_every_job_once ... ok`.
pub fn check_results(libtest_output: &str) -> Vec<(String, String, bool)> {
    libtest_output
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, verdict) = rest.split_once(" ... ")?;
            let (module, check) = name.split_once("::checks::")?;
            let passed = match verdict.trim() {
                "ok" => true,
                "FAILED" => false,
                _ => return None,
            };
            Some((module.to_owned(), check.to_owned(), passed))
        })
        .collect()
}

/// One exercise's progress: its copy against its stub, and its checks.
pub fn progress(
    work: &str,
    stub: &str,
    module: &str,
    results: &[(String, String, bool)],
) -> Progress {
    let mine: Vec<bool> = (results.iter())
        .filter(|(m, _, _)| m == module)
        .map(|(_, _, passed)| *passed)
        .collect();
    let passed = mine.iter().filter(|p| **p).count();
    if work == stub {
        Progress::NotStarted
    } else if passed == mine.len() && !mine.is_empty() {
        Progress::Passed { checks: passed }
    } else {
        Progress::Failing {
            passed,
            checks: mine.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str = "\
fn total(parts: &[u32]) -> u32 {
    // exercise: solution
    parts.iter().sum()
    // exercise: stub
    // todo!(\"add up the parts\")
    // exercise: end
}
";

    #[test]
    fn a_stub_keeps_the_code_and_uncomments_the_stub_lines() {
        assert_eq!(
            stub(SOLUTION).unwrap(),
            "fn total(parts: &[u32]) -> u32 {\n    todo!(\"add up the parts\")\n}\n"
        );
    }

    #[test]
    fn a_region_without_an_end_names_its_line() {
        let broken = SOLUTION.replace("    // exercise: end\n}\n", "");
        assert_eq!(
            stub(&broken).unwrap_err(),
            "line 2: this `// exercise: solution` region has no `// exercise: end`"
        );
        assert!(stub("fn f() {}\n").is_err(), "nothing to cut is an error");
        let uncommented = SOLUTION.replace("    // todo!", "    todo!");
        assert_eq!(
            stub(&uncommented).unwrap_err(),
            "line 5: a stub line must be a `//` comment"
        );
    }

    #[test]
    fn progress_reads_libtest_and_compares_with_the_stub() {
        let output = "running 3 tests\n\
            test ch01_a::checks::one ... ok\n\
            test ch01_a::checks::two ... FAILED\n\
            test ch01_b::checks::one ... ok\n\
            test result: FAILED. 2 passed; 1 failed\n";
        let results = check_results(output);
        assert_eq!(results.len(), 3);
        let failing = Progress::Failing {
            passed: 1,
            checks: 2,
        };
        assert_eq!(progress("edited", "stub", "ch01_a", &results), failing);
        assert_eq!(
            progress("edited", "stub", "ch01_b", &results),
            Progress::Passed { checks: 1 }
        );
        assert_eq!(
            progress("stub", "stub", "ch01_a", &results),
            Progress::NotStarted
        );
        assert_eq!(failing.to_string(), "failing (1 of 2 checks pass)");
    }

    #[test]
    fn compiler_errors_name_the_exercises_they_are_in() {
        let exercise = |id: &str| Exercise {
            id: id.into(),
            chapter: "ch01-threading.md".into(),
            title: "A title".into(),
            mutant: Mutant {
                does: String::new(),
                replace: String::new(),
                with: String::new(),
                caught_by: String::new(),
            },
        };
        let list = [exercise("ch01-a"), exercise("ch01-b"), exercise("ch02-c")];
        let output = "\
error[E0308]: mismatched types
  --> /home/me/book/exercises/work/ch01_a.rs:3:5
   |
error: expected one of `)`, `,`, found `;`
 --> /home/me/book/exercises/work/ch01_a.rs:9:1
error[E0061]: this function takes 2 arguments but 1 argument was supplied
  --> /home/me/book/exercises/checks/ch02_c.rs:12:17
error: could not compile `exercises` (test \"student\") due to 3 previous errors
";
        assert_eq!(
            not_compiling(output, &list),
            [
                (
                    "ch01-a".to_owned(),
                    "E0308: mismatched types (work/ch01_a.rs:3)".to_owned()
                ),
                (
                    "ch02-c".to_owned(),
                    "E0061: this function takes 2 arguments but 1 argument was supplied \
                     (checks/ch02_c.rs:12)"
                        .to_owned()
                ),
            ]
        );
        let elsewhere = "error[E0425]: cannot find value `x`\n  --> src/lib.rs:3:5\n";
        assert!(not_compiling(elsewhere, &list).is_empty());
    }

    #[test]
    fn a_mutant_edit_must_match_exactly_once() {
        let edit = |replace: &str| Mutant {
            does: "adds one too many".into(),
            replace: replace.into(),
            with: "parts.iter().sum::<u32>() + 1".into(),
            caught_by: "sums".into(),
        };
        assert!(
            mutant(SOLUTION, &edit("parts.iter().sum()"))
                .unwrap()
                .contains("+ 1")
        );
        assert!(mutant(SOLUTION, &edit("missing")).is_err());
        assert!(
            mutant(SOLUTION, &edit("parts"))
                .unwrap_err()
                .contains("occurs 3 times")
        );
    }
}
