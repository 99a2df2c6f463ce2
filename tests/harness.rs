//! The harness itself, proven on small books in tests/fixtures: each guard
//! fails when it should and names the file and line an author must fix.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use book_harness::blocks::Kind;
use book_harness::fences::fences;
use book_harness::plan::{Block, Plan, plan, strip_hidden};
use book_harness::prepare::program;
use book_harness::recorded;
use tempfile::TempDir;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const OUT_DIR: &str = env!("OUT_DIR");
const TARGET: &str = env!("BOOK_TARGET");
/// Short, so the deadlock fixtures cost little (the book uses 15 s), yet
/// long enough for the model-checked fixtures on a loaded two-vCPU machine:
/// at 300 ms they were stopped mid-search while other builds ran.
const FIXTURE_TIMEOUT: Duration = Duration::from_secs(2);

fn fixture(name: &str) -> PathBuf {
    Path::new(ROOT).join("tests/fixtures").join(name)
}

/// The blocks of one chapter of a fixture book, in order.
fn blocks_of<'a>(plan: &'a Plan, chapter: &str) -> Vec<&'a Block> {
    plan.blocks
        .iter()
        .filter(|b| b.chapter == Path::new("src").join(chapter))
        .collect()
}

/// The program skeptic compiles for a block: its Markdown text with the
/// hidden-line markers removed, as skeptic removes them.
fn program_of(plan: &Plan, block: &Block) -> String {
    strip_hidden(&program(block, &plan.edition, FIXTURE_TIMEOUT).expect("a Rust block"))
}

/// What skeptic does for a block, reporting failure as `Err` instead of a panic.
fn skeptic(text: &str, run: bool) -> Result<(), ()> {
    let text = text.to_owned();
    std::panic::catch_unwind(move || {
        if run {
            skeptic::rt::run_test(ROOT, OUT_DIR, TARGET, &text)
        } else {
            skeptic::rt::compile_test(ROOT, OUT_DIR, TARGET, &text)
        }
    })
    .map_err(|_| ())
}

/// Compiles a program with the book's rustc shim, as skeptic would, keeping
/// the diagnostics. Returns (success, stderr, the binary in a directory that
/// is deleted on drop).
fn compile_with_shim(text: &str) -> (bool, String, (TempDir, PathBuf)) {
    // The shim recognises skeptic's files by this directory name.
    let dir = tempfile::Builder::new()
        .prefix("rust-skeptic-fixture-")
        .tempdir()
        .unwrap();
    let (source, binary) = (dir.path().join("test.rs"), dir.path().join("out"));
    std::fs::write(&source, text).unwrap();
    let output = Command::new(Path::new(ROOT).join("tools/snippet-rustc"))
        .arg(&source)
        .args(["--crate-type=bin", "--edition=2021", "-o"])
        .arg(&binary)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        (dir, binary),
    )
}

#[test]
fn blocks_that_cannot_be_checked_are_reported_with_file_and_line() {
    let plan = plan(&fixture("problems"));
    let chapter = std::fs::read_to_string(fixture("problems/src/problems.md")).unwrap();
    let lines: Vec<usize> = fences(&chapter).iter().map(|f| f.line).collect();
    let expected = [
        "untagged code block",
        "`ignore` would leave this block unchecked",
        "must quote rustc's error",
        "add `fn main`",
        "cannot include `../listings/demo/src/bin/missing.rs`",
        "use `{{#rustdoc_include file:anchor}}`",
        "no such listing",
        "invalid TOML",
    ];
    // After the two anchor problems (checked below), two more.
    let later = [
        "listings/demo/src/orphan.rs is not compiled: declare `mod orphan;` in listings/demo/src/lib.rs",
        "the output of `unrun` is recorded, but listings/demo/tests/outputs.rs does not re-run it",
    ];
    let lines_of_later = &lines[expected.len() + 2..];
    let mut places: Vec<(usize, &str)> = (expected.iter().zip(&lines))
        .chain(later.iter().zip(lines_of_later))
        .map(|(message, line)| (*line, *message))
        .collect();
    // Include problems name the directive's own line, inside the block.
    places.extend([
        (lines[4] + 1, "mdBook could not expand"),
        (
            lines[8] + 1,
            "demo.rs has no anchor `mian` (no `ANCHOR: mian` line)",
        ),
        (
            lines[9] + 1,
            "the anchor `nothing` in ../listings/demo/src/bin/demo.rs encloses no code",
        ),
    ]);
    let reported: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    for (line, message) in places {
        let place = format!("src/problems.md:{line}: ");
        assert!(
            reported
                .iter()
                .any(|p| p.starts_with(&place) && p.contains(message)),
            "expected `{place}…{message}…` among:\n{}",
            reported.join("\n")
        );
    }
    let fine_block = format!(
        "src/problems.md:{}:",
        lines[expected.len() + 2 + later.len()]
    );
    assert!(
        !reported.iter().any(|p| p.starts_with(&fine_block)),
        "{reported:#?}"
    );
}

#[test]
fn snippets_compile_under_the_books_edition() {
    let plan = plan(&fixture("snippets"));
    let [block] = blocks_of(&plan, "edition.md")[..] else {
        panic!("one block")
    };
    let text = program_of(&plan, block);
    assert!(
        skeptic(&text, true).is_ok(),
        "the let-chain block must run under edition 2024"
    );

    // And the block really needs 2024: rustc's 2021 edition (what skeptic
    // passes on its own) rejects it.
    let dir = TempDir::new().unwrap();
    let source = dir.path().join("edition.rs");
    std::fs::write(&source, &text).unwrap();
    let rustc_2021 = Command::new("rustc")
        .arg(&source)
        .args(["--edition=2021", "--emit=metadata", "-o"])
        .arg(source.with_extension("rmeta"))
        .output()
        .unwrap();
    assert!(
        !rustc_2021.status.success(),
        "the fixture should need edition 2024"
    );
}

#[test]
fn must_not_compile_blocks_fail_with_exactly_their_code() {
    let plan = plan(&fixture("snippets"));
    let blocks = blocks_of(&plan, "compile_fail.md");
    let [right, wrong_code, compiles, right_message, wrong_message] = blocks[..] else {
        panic!("five blocks")
    };
    assert_eq!(
        right.kind,
        Kind::CompileFail {
            code: "E0373".into()
        }
    );
    assert!(
        skeptic(&program_of(&plan, right), false).is_ok(),
        "E0373 is the right code"
    );
    assert!(
        skeptic(&program_of(&plan, wrong_code), false).is_err(),
        "E0277 is the wrong code"
    );
    assert!(
        skeptic(&program_of(&plan, compiles), false).is_err(),
        "it compiles"
    );
    // An error rustc reports without a code is matched by its message.
    let message = "future cannot be sent between threads safely";
    assert_eq!(
        right_message.kind,
        Kind::CompileFailMessage {
            message: message.into()
        }
    );
    assert!(skeptic(&program_of(&plan, right_message), false).is_ok());
    assert!(skeptic(&program_of(&plan, wrong_message), false).is_err());

    let (ok, stderr, _) = compile_with_shim(&program_of(&plan, wrong_code));
    assert!(!ok);
    assert!(
        stderr.contains("must fail with exactly E0277; rustc reported: E0373"),
        "{stderr}"
    );
}

#[test]
fn a_deadlocking_snippet_is_stopped_and_names_its_chapter() {
    let plan = plan(&fixture("snippets"));
    let [block] = blocks_of(&plan, "deadlock.md")[..] else {
        panic!("one block")
    };
    let text = program_of(&plan, block);
    // (That skeptic fails a program that exits this way, the quiz test
    // `a_hanging_quiz_program_is_stopped_and_names_its_question` shows.)
    let (ok, stderr, (_dir, binary)) = compile_with_shim(&text);
    assert!(ok, "{stderr}");
    let started = Instant::now();
    let run = Command::new(binary).output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(124));
    let place = format!("src/deadlock.md:{}", block.line);
    assert!(
        stderr.contains(&place) && stderr.contains("still running"),
        "{stderr}"
    );
}

#[test]
fn a_broken_listing_names_the_chapter_and_the_listing_line() {
    let plan = plan(&fixture("snippets"));
    let [block] = blocks_of(&plan, "broken.md")[..] else {
        panic!("one block")
    };
    let text = program_of(&plan, block);
    assert!(skeptic(&text, true).is_err());

    let (ok, stderr, _) = compile_with_shim(&text);
    assert!(!ok);
    assert!(
        stderr.contains("listings/broken/src/bin/broken.rs:7:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("src/broken.md:{}", block.line)),
        "{stderr}"
    );
    assert!(
        !stderr.contains("rust-skeptic"),
        "no temp file paths: {stderr}"
    );
}

#[test]
fn recorded_output_must_match_a_fresh_run_up_to_timings() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("output")).unwrap();
    let exe = dir.join("listing.sh");
    std::fs::write(&exe, "#!/bin/sh\necho \"4 threads done in $$ms\"\n").unwrap();
    Command::new("chmod").arg("+x").arg(&exe).status().unwrap();
    let (manifest, exe) = (dir.to_str().unwrap(), exe.to_str().unwrap());

    std::fs::write(dir.join("output/listing.txt"), "4 threads done in 12ms\n").unwrap();
    recorded::check(manifest, "listing", exe);

    std::fs::write(dir.join("output/listing.txt"), "5 threads done in 12ms\n").unwrap();
    let stale = std::panic::catch_unwind(|| recorded::check(manifest, "listing", exe));
    assert!(
        stale.is_err(),
        "a recorded output that no longer matches must fail"
    );
}

#[test]
fn a_library_module_is_compiled_with_its_crate() {
    let plan = plan(&fixture("snippets"));
    let [block] = blocks_of(&plan, "module.md")[..] else {
        panic!("one block")
    };
    assert_eq!(
        block.kind,
        Kind::Module,
        "declared in lib.rs: {:?}",
        plan.problems
    );
    assert!(
        program(block, &plan.edition, FIXTURE_TIMEOUT).is_none(),
        "cargo compiles it with its crate; skeptic does not"
    );
}

#[test]
fn a_listing_shown_in_parts_runs_once() {
    let plan = plan(&fixture("snippets"));
    let [first, second] = blocks_of(&plan, "parts.md")[..] else {
        panic!("two blocks")
    };
    assert_eq!(first.kind, Kind::Run);
    let runner = format!("src/parts.md:{}", first.line);
    assert_eq!(second.kind, Kind::RunElsewhere { runner });
    assert!(skeptic(&program_of(&plan, first), true).is_ok());
    assert!(
        program(second, &plan.edition, FIXTURE_TIMEOUT).is_none(),
        "the second part is the program the first part runs"
    );
    // Both parts are the same file, line for line.
    assert_eq!(
        strip_hidden(first.aligned.as_ref().unwrap()),
        strip_hidden(second.aligned.as_ref().unwrap())
    );
}

#[test]
fn a_listing_whose_output_is_recorded_is_run_by_its_crates_test() {
    let plan = plan(&fixture("snippets"));
    let [listing, output] = blocks_of(&plan, "recorded.md")[..] else {
        panic!("two blocks")
    };
    assert_eq!(listing.kind, Kind::RunWithOutput, "{:?}", plan.problems);
    assert_eq!(output.kind, Kind::RecordedOutput);
    assert!(program(listing, &plan.edition, FIXTURE_TIMEOUT).is_none());
}

#[test]
fn a_hanging_recorded_listing_is_stopped_and_names_its_chapter_line() {
    let book = TempDir::new().unwrap();
    let crate_dir = book.path().join("listings/demo");
    std::fs::create_dir_all(crate_dir.join("output")).unwrap();
    std::fs::create_dir_all(book.path().join("src")).unwrap();
    std::fs::write(book.path().join("book.toml"), "[book]\n").unwrap();
    std::fs::write(
        book.path().join("src/waits.md"),
        "# Waits\n\n```rust\n{{#rustdoc_include ../listings/demo/src/bin/hang.rs}}\n```\n",
    )
    .unwrap();
    std::fs::write(crate_dir.join("output/hang.txt"), "done\n").unwrap();
    // A listing that never finishes (`exec`: the killed process is the sleeper).
    let exe = crate_dir.join("hang.sh");
    std::fs::write(&exe, "#!/bin/sh\nexec sleep 120\n").unwrap();
    Command::new("chmod").arg("+x").arg(&exe).status().unwrap();

    let started = Instant::now();
    let hung = std::panic::catch_unwind(|| {
        recorded::check_within(
            crate_dir.to_str().unwrap(),
            "hang",
            exe.to_str().unwrap(),
            FIXTURE_TIMEOUT,
        )
    });
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let message = *hung.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains(
            "listing `hang` (listings/demo/src/bin/hang.rs, shown at src/waits.md:4) \
             was still running after 2 s"
        ),
        "{message}"
    );
}

/// The program of question `id` in the snippets fixture's quiz.
fn quiz_program_of(plan: &Plan, id: &str) -> String {
    let block = plan
        .blocks
        .iter()
        .find(|b| b.question.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no question `{id}`: {:?}", plan.problems));
    program_of(plan, block)
}

/// One run of a fixture question's program by skeptic: its name, the
/// question, whether to run it (or only compile it), and an edit to apply.
struct QuizRun {
    name: &'static str,
    question: &'static str,
    run: bool,
    edit: Option<(&'static str, &'static str)>,
}

/// Every run the quiz tests look at. They happen in two children of this
/// test binary (libtest would capture here what the programs say), each
/// paying for skeptic's set-up once, at the same time: the runs with an even
/// index in one, the others in the other.
const QUIZ_RUNS: &[QuizRun] = &[
    QuizRun {
        name: "prints-right",
        question: "prints-right",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "prints-wrong",
        question: "prints-wrong",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "fails-right",
        question: "fails-right",
        run: false,
        edit: None,
    },
    QuizRun {
        name: "fails-wrong",
        question: "fails-wrong",
        run: false,
        edit: None,
    },
    QuizRun {
        name: "outputs-right",
        question: "outputs-right",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "outputs-one-missing",
        question: "outputs-one-missing",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "outputs-one-too-many",
        question: "outputs-one-too-many",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "loom-right",
        question: "relaxed-flag-under-loom",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "loom-without-zero",
        question: "relaxed-flag-under-loom",
        run: true,
        edit: Some((
            r#"POSSIBLE: &[&str] = &["42", "0", "not yet"]"#,
            r#"POSSIBLE: &[&str] = &["42", "not yet"]"#,
        )),
    },
    QuizRun {
        name: "prints-interleave-under-shuttle",
        question: "prints-interleave-under-shuttle",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "prints-interleave-under-loom",
        question: "prints-interleave-under-loom",
        run: true,
        edit: None,
    },
    QuizRun {
        name: "hangs",
        question: "hangs",
        run: true,
        edit: None,
    },
];

/// (passed, everything skeptic and the program said) for the run `name`.
fn quiz_run(name: &str) -> (bool, String) {
    type Runs = Vec<(String, bool, String)>;
    static HALVES: [std::sync::OnceLock<Runs>; 2] = [const { std::sync::OnceLock::new() }; 2];
    let index = QUIZ_RUNS
        .iter()
        .position(|run| run.name == name)
        .unwrap_or_else(|| panic!("no run `{name}`"));
    let runs = HALVES[index % 2].get_or_init(|| {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "quiz_runs_under_skeptic",
                "--ignored",
                "--nocapture",
            ])
            .env("BOOK_FIXTURE_HALF", (index % 2).to_string())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&child.stderr).into_owned();
        said.split("\n=== begin ")
            .skip(1)
            .filter_map(|section| {
                let (name, rest) = section.split_once('\n')?;
                let (output, verdict) = rest.rsplit_once("=== end ")?;
                Some((
                    name.to_owned(),
                    verdict.starts_with("passed"),
                    output.to_owned(),
                ))
            })
            .collect()
    });
    let (_, passed, said) = runs
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no run `{name}` in the child's output"));
    (*passed, said.clone())
}

#[test]
#[ignore = "run by the quiz tests, as a child process"]
fn quiz_runs_under_skeptic() {
    let plan = plan(&fixture("snippets"));
    let half: usize = std::env::var("BOOK_FIXTURE_HALF").unwrap().parse().unwrap();
    for run in QUIZ_RUNS.iter().skip(half).step_by(2) {
        let mut text = quiz_program_of(&plan, run.question);
        if let Some((from, to)) = run.edit {
            assert!(text.contains(from), "the edit applies");
            text = text.replace(from, to);
        }
        eprintln!("\n=== begin {}", run.name);
        let outcome = std::panic::catch_unwind(|| match run.run {
            true => skeptic::rt::run_test(ROOT, OUT_DIR, TARGET, &text),
            false => skeptic::rt::compile_test(ROOT, OUT_DIR, TARGET, &text),
        });
        eprintln!(
            "=== end {}",
            if outcome.is_ok() { "passed" } else { "failed" }
        );
    }
}

#[test]
fn a_what_does_it_print_key_must_be_the_programs_stdout() {
    assert!(quiz_run("prints-right").0);
    let (ok, said) = quiz_run("prints-wrong");
    assert!(!ok);
    assert!(
        said.contains("quizzes/keys.toml:16 (question `prints-wrong`): the key says the program prints\n61\n--- but run 1 of 3 printed\n60"),
        "{said}"
    );
}

#[test]
fn a_does_it_compile_key_must_be_rustcs_error() {
    assert!(quiz_run("fails-right").0);
    let (ok, said) = quiz_run("fails-wrong");
    assert!(!ok);
    assert!(
        said.contains("question `fails-wrong` at quizzes/keys.toml:42 must fail with exactly E0382; rustc reported: E0373"),
        "{said}"
    );
    assert!(
        said.contains("--> quizzes/keys.toml:48:"),
        "rustc points into the quiz: {said}"
    );
}

#[test]
fn a_possible_outputs_key_must_be_what_the_model_checker_reaches() {
    assert!(quiz_run("outputs-right").0);
    let (ok, said) = quiz_run("outputs-one-missing");
    assert!(!ok);
    assert!(
        said.contains("(question `outputs-one-missing`): shuttle explored")
            && said.contains("the key says impossible, but it can print:\nb\na"),
        "{said}"
    );
    let (ok, said) = quiz_run("outputs-one-too-many");
    assert!(!ok);
    assert!(
        said.contains("the key says possible, but no schedule prints:\na\n"),
        "{said}"
    );
}

#[test]
fn loom_reaches_what_relaxed_ordering_allows() {
    let (ok, said) = quiz_run("loom-right");
    assert!(ok, "42, 0 and `not yet` are all reachable: {said}");
    // Without "0" the key is wrong: only loom's weak-memory model finds it.
    let (ok, said) = quiz_run("loom-without-zero");
    assert!(!ok);
    assert!(
        said.contains("loom explored")
            && said.contains("the key says impossible, but it can print:\n0"),
        "{said}"
    );
}

#[test]
fn another_thread_may_run_between_two_prints() {
    // Each print takes stdout's lock, as real `println!` does, so a key that
    // rules out interleaved lines is wrong under either checker.
    for checker in ["shuttle", "loom"] {
        let (ok, said) = quiz_run(&format!("prints-interleave-under-{checker}"));
        assert!(!ok, "{checker}: {said}");
        assert!(
            said.contains("the key says impossible, but it can print:\nb1\na\nb2"),
            "{checker}: {said}"
        );
    }
}

#[test]
fn a_hanging_quiz_program_is_stopped_and_names_its_question() {
    let (ok, said) = quiz_run("hangs");
    assert!(!ok);
    assert!(
        said.contains("quizzes/keys.toml:")
            && said.contains("(question `hangs`)")
            && said.contains("still running after 2 s"),
        "{said}"
    );
}

#[test]
fn quiz_problems_name_the_file_line_and_question() {
    let plan = plan(&fixture("problems"));
    let reported: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    let expected = [
        "quizzes/typo.toml:7: question `misspelt`: unknown field `distractor`",
        "quizzes/third.toml:17: question `no-link`: the explanation (`context`) must link",
        "quizzes/third.toml:3: question `stray-output`: the possible output \"c\" is not among prompt.outputs",
        "quizzes/second.toml:3: question `shared-id`: the id is already used at quizzes/first.toml:3",
        "src/quizzes.md:13: cannot include `../quizzes/missing.toml`",
    ];
    for problem in expected {
        assert!(
            reported.iter().any(|p| p.starts_with(problem)),
            "expected `{problem}…` among:\n{}",
            reported.join("\n")
        );
    }
}
