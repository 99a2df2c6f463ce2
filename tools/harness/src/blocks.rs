//! What each code block of the book is, and so how it gets checked.

/// How a code block is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A Rust program: compiled and run by skeptic.
    Run,
    /// A Rust program that must fail to compile with exactly this error code.
    CompileFail { code: String },
    /// A Rust program that must fail to compile with exactly one error that
    /// rustc reports without a code (e.g. "future cannot be sent between
    /// threads safely"); the block quotes it in a `// error: …` comment.
    CompileFailMessage { message: String },
    /// A listing binary whose output the book records
    /// (`listings/<crate>/output/<bin>.txt` exists): the crate's
    /// `recorded_outputs!` test runs the binary cargo built from this very
    /// file and compares its output, so skeptic need not run it again.
    RunWithOutput,
    /// A library module of a listing crate (`listings/<crate>/src/<m>.rs`,
    /// no `fn main`), declared in the crate's `lib.rs`: cargo compiles it with
    /// its crate; its behaviour runs in the listings and tests that use it.
    Module,
    /// A coding exercise's solution (`exercises/solutions/<m>.rs`, listed in
    /// `exercises/exercises.toml`): the exercises crate's `solutions` test
    /// runs the exercise's checks against it.
    ExerciseSolution,
    /// Another part of a listing that an earlier block (`runner`, as
    /// `chapter:line`) already runs: the same program, so it is not compiled
    /// or run a second time.
    RunElsewhere { runner: String },
    /// A quiz's "what does this print?" program: skeptic runs it, and its
    /// stdout must be exactly the key, on each of three runs.
    QuizPrints { stdout: String },
    /// A quiz's "which of these outputs are possible?" program: skeptic runs
    /// it under a model checker that explores its schedules, and the outputs
    /// reached must be exactly the key's possible ones.
    QuizOutputs {
        outputs: Vec<String>,
        possible: Vec<String>,
        checker: crate::quiz::Checker,
        preemption_bound: Option<usize>,
    },
    /// Output recorded from a real run of a listing (a ```` ```text ```` block
    /// that includes `listings/<crate>/output/<bin>.txt`); the listing crate's
    /// `recorded_outputs!` test re-runs the binary and compares.
    RecordedOutput,
    /// A shell session; every `cargo run -p P --bin B` in it must name a real
    /// listing binary.
    Console,
    /// TOML, parsed when the book is prepared.
    Toml,
    /// A Python listing (`listings/<crate>/python/<name>.py`, shown whole
    /// or by anchor): its crate's `recorded_python!` test runs it with
    /// python3 and compares its output.
    Python,
    /// A figure drawn in text (diagrams, timelines): nothing to execute.
    Figure,
}

/// Languages a non-Rust block may declare.
pub const OTHER_LANGUAGES: &[&str] = &["text", "console", "toml", "python"];

/// Reads a fence's info string; `Err` says why the block cannot be checked.
pub fn classify(info: Option<&str>) -> Result<Kind, String> {
    let Some(info) = info.filter(|i| !i.is_empty()) else {
        return Err(format!(
            "untagged code block: say what it is (```rust for a program, or one of {})",
            OTHER_LANGUAGES.join(", ")
        ));
    };
    let mut words = info.split(',').map(str::trim);
    match words.next().unwrap_or_default() {
        "rust" => classify_rust(words.collect()),
        "text" => Ok(Kind::Figure),
        "console" => Ok(Kind::Console),
        "toml" => Ok(Kind::Toml),
        "python" => Ok(Kind::Python),
        other => Err(format!(
            "unknown language `{other}`: use rust, or one of {}",
            OTHER_LANGUAGES.join(", ")
        )),
    }
}

fn classify_rust(attributes: Vec<&str>) -> Result<Kind, String> {
    match attributes.as_slice() {
        [] => Ok(Kind::Run),
        ["compile_fail", code] if is_error_code(code) => Ok(Kind::CompileFail {
            code: (*code).to_owned(),
        }),
        ["compile_fail"] => Ok(Kind::CompileFailMessage {
            message: String::new(),
        }),
        ["compile_fail", ..] => Err(
            "a must-not-compile block names exactly one error code (```rust,compile_fail,E0277), \
             or none when rustc reports none (then quote its message in a `// error: …` line)"
                .to_owned(),
        ),
        [attr, ..] if ["ignore", "no_run", "should_panic"].contains(attr) => Err(format!(
            "`{attr}` would leave this block unchecked: every Rust block is compiled and run \
             (catch a panic with `join` or `catch_unwind`, or use compile_fail,EXXXX)"
        )),
        [attr, ..] => Err(format!("unknown Rust block attribute `{attr}`")),
    }
}

fn is_error_code(word: &str) -> bool {
    word.len() == 5 && word.starts_with('E') && word[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_fences_the_book_allows() {
        assert_eq!(classify(Some("rust")), Ok(Kind::Run));
        assert_eq!(
            classify(Some("rust,compile_fail,E0373")),
            Ok(Kind::CompileFail {
                code: "E0373".into()
            })
        );
        assert_eq!(
            classify(Some("rust,compile_fail")),
            Ok(Kind::CompileFailMessage {
                message: String::new()
            })
        );
        assert_eq!(classify(Some("console")), Ok(Kind::Console));
        assert_eq!(classify(Some("python")), Ok(Kind::Python));
    }

    #[test]
    fn rejects_blocks_that_would_go_unchecked() {
        for info in [
            None,
            Some(""),
            Some("rust,ignore"),
            Some("rust,no_run"),
            Some("rust,should_panic"),
            Some("rust,compile_fail,E0277,E0308"),
            Some("rust,compile_fail,E12"),
            Some("js"),
        ] {
            assert!(classify(info).is_err(), "{info:?} should be rejected");
        }
    }
}
