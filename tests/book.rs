//! Every code block of the book, compiled and run (see build.rs).

mod generated {
    include!(concat!(env!("OUT_DIR"), "/book-checks.rs"));
}

/// skeptic's generated tests, one per Rust block.
mod snippets {
    // The generated code formats each program through `format!`.
    #![allow(clippy::useless_format)]
    include!(concat!(env!("OUT_DIR"), "/book-tests.rs"));
}

use book_harness::checks;
use generated::{BOOK_BLOCKS, BOOK_PROBLEMS, SKEPTIC_TESTS};

#[test]
fn every_code_block_is_tagged_and_checkable() {
    checks::assert_no_problems(BOOK_PROBLEMS);
}

/// skeptic parses Markdown its own way; make sure it saw every Rust block.
#[test]
fn skeptic_runs_every_rust_block() {
    let counts = checks::tally(BOOK_BLOCKS.iter().map(|(_, kind)| *kind));
    println!("{} code blocks in the book:", BOOK_BLOCKS.len());
    for (kind, n) in &counts {
        println!("  {n:4}  {kind}");
    }
    let rust_blocks = BOOK_BLOCKS
        .iter()
        .filter(|(_, kind)| kind.contains("skeptic"))
        .count();
    assert!(
        rust_blocks > 0,
        "no Rust blocks found: did mdBook find the chapters?"
    );
    assert_eq!(
        SKEPTIC_TESTS, rust_blocks,
        "skeptic generated a test for each Rust block"
    );
}

#[test]
fn every_listing_binary_is_declared_without_a_test_harness() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let undeclared = checks::listing_bins_with_a_test_harness(root);
    assert!(undeclared.is_empty(), "{}", undeclared.join("\n"));
}

/// Each chapter that follows a section of the Python note (the Introduction
/// to chapter 8) shows a Python original beside its Rust in a tab group.
#[test]
fn every_note_chapter_has_python_beside_rust() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<std::path::PathBuf> = (std::fs::read_dir(&src).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    let mut without = Vec::new();
    for n in 0..=8 {
        // A chapter may run over several pages: `chNN-*.md`.
        let prefix = format!("ch{n:02}-");
        let pages: Vec<&std::path::PathBuf> = (files.iter())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&prefix)
            })
            .collect();
        assert!(!pages.is_empty(), "no chapter {n}");
        let paired = pages.iter().any(|page| {
            let text = std::fs::read_to_string(page).unwrap();
            text.split("{{#tabs language}}").skip(1).any(|group| {
                let group = group.split("{{#endtabs}}").next().unwrap_or_default();
                group.contains("{{#tab Python}}") && group.contains("{{#tab Rust}}")
            })
        });
        if !paired {
            without.push(format!("chapter {n}"));
        }
    }
    assert!(
        without.is_empty(),
        "no Python | Rust tab group in: {without:?}"
    );
}

/// A page is one sitting: at most 4,000 words of prose (code, speaker
/// notes and markup left out; `cargo run -p book -- stats` shows them all).
/// A longer chapter becomes pages nested under it in SUMMARY.md.
#[test]
fn no_page_is_longer_than_a_sitting() {
    const MOST_WORDS: usize = 4_000;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = book_harness::plan::plan(root);
    let pages = book_harness::stats::pages(root, &plan).unwrap();
    let long: Vec<String> = (pages.iter())
        .filter(|p| p.words > MOST_WORDS)
        .map(|p| format!("{}: {} words", p.page.display(), p.words))
        .collect();
    assert!(
        long.is_empty(),
        "pages over {MOST_WORDS} words of prose; split them: {long:?}"
    );
    let longest = pages.iter().max_by_key(|p| p.words).unwrap();
    println!(
        "{} pages; the longest, {}, has {} words",
        pages.len(),
        longest.page.display(),
        longest.words
    );
}

/// Every page of a chapter ends with a quiz on what it taught: after its
/// last `{{#quiz}}` come only its link definitions.
#[test]
fn every_page_ends_with_a_quiz() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut without = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("ch") && name.ends_with(".md")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let is_definition = |l: &str| l.starts_with('[') && l.contains("]: ");
        let last = (text.lines().rev())
            .map(str::trim)
            .find(|l| !l.is_empty() && !is_definition(l));
        if !last.is_some_and(|l| l.starts_with("{{#quiz ")) {
            without.push(name);
        }
    }
    without.sort();
    assert!(
        without.is_empty(),
        "pages that do not end with a quiz: {without:?}"
    );
}

/// Every chapter asks the reader questions: at least six per chapter and
/// ninety in the book, fifteen of them about schedules ("which outputs are
/// possible?"), two of those under loom's weaker memory model.
#[test]
fn every_chapter_has_its_quiz_questions() {
    use book_harness::quiz::{Checker, Kind};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = book_harness::plan::plan(root);
    let questions: Vec<(String, &Kind)> = (plan.quizzes.iter())
        .flat_map(|quiz| {
            let chapter = quiz.id.get(..4).unwrap_or_default().to_owned();
            (quiz.questions.iter()).map(move |q| (chapter.clone(), &q.kind))
        })
        .collect();
    let mut short = Vec::new();
    for n in 0..=10 {
        let chapter = format!("ch{n:02}");
        let asked = questions.iter().filter(|(c, _)| *c == chapter).count();
        if asked < 6 {
            short.push(format!("{chapter}: {asked} questions, fewer than 6"));
        }
    }
    let schedules = |checker: Option<Checker>| {
        (questions.iter())
            .filter(|(_, kind)| match kind {
                Kind::PossibleOutputs { checker: c, .. } => checker.is_none_or(|want| *c == want),
                _ => false,
            })
            .count()
    };
    let (total, possible, loom) = (
        questions.len(),
        schedules(None),
        schedules(Some(Checker::Loom)),
    );
    println!("{total} questions, {possible} possible-outputs ({loom} under loom)");
    for (enough, what) in [
        (
            total >= 90,
            format!("{total} questions in the book, fewer than 90"),
        ),
        (
            possible >= 15,
            format!("{possible} possible-outputs questions, fewer than 15"),
        ),
        (
            loom >= 2,
            format!("{loom} possible-outputs questions under loom, fewer than 2"),
        ),
    ] {
        if !enough {
            short.push(what);
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}

/// The exercises come in book order everywhere a reader or a student meets
/// them: the list (and so the progress table), the exercises page, the
/// solutions appendix, and the chapters themselves.
#[test]
fn exercises_are_in_book_order_everywhere() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |file: &str| std::fs::read_to_string(root.join(file)).unwrap();
    let list = book_harness::exercises::load(&root.join("exercises")).unwrap();
    let listed: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
    let summary = read("src/SUMMARY.md");
    let chapters: Vec<&str> = (summary.lines())
        .filter_map(|l| l.split_once("](")?.1.split_once(')'))
        .map(|(file, _)| file)
        .collect();
    // In the chapters: by chapter in SUMMARY order, then by statement.
    let mut in_chapters: Vec<&str> = listed.clone();
    let at = |id: &str| {
        let exercise = list.iter().find(|e| e.id == id).unwrap();
        let chapter = chapters.iter().position(|c| *c == exercise.chapter);
        let text = read(&format!("src/{}", exercise.chapter));
        (chapter, text.find(&format!("**`{id}`:")))
    };
    in_chapters.sort_by_key(|id| at(id));
    assert_eq!(
        listed, in_chapters,
        "exercises/exercises.toml is not in book order"
    );
    let order_in = |file: &str, prefix: &str| -> Vec<String> {
        (read(file).lines())
            .filter_map(|l| l.strip_prefix(prefix)?.split_once('`'))
            .map(|(id, _)| id.to_owned())
            .collect()
    };
    assert_eq!(
        order_in("src/exercises.md", "| `"),
        listed,
        "src/exercises.md's table"
    );
    assert_eq!(
        order_in("src/solutions.md", "## `"),
        listed,
        "src/solutions.md"
    );
}

/// Every coding exercise is stated in its chapter's "Coding exercises"
/// section, listed with its mutant on the exercises page, and its solution
/// shown in the appendix.
#[test]
fn every_exercise_is_stated_listed_and_solved_in_the_book() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |file: &str| std::fs::read_to_string(root.join(file)).unwrap();
    let list = book_harness::exercises::load(&root.join("exercises")).unwrap();
    let (page, solutions) = (read("src/exercises.md"), read("src/solutions.md"));
    let mut missing = Vec::new();
    for exercise in &list {
        let chapter = read(&format!("src/{}", exercise.chapter));
        let section = chapter
            .split_once("### Coding exercises")
            .map_or("", |(_, rest)| rest.split("\n## ").next().unwrap_or(""));
        let statement = format!("**`{}`:", exercise.id);
        match section.split_once(&statement) {
            None => missing.push(format!(
                "{}: not stated under {}'s Coding exercises",
                exercise.id, exercise.chapter
            )),
            Some((_, rest)) => {
                // Its hints: up to the next exercise's statement.
                let own = rest.split("\n**`").next().unwrap_or("");
                let hints = own.matches("<summary>Hint ").count();
                if hints < 2 {
                    missing.push(format!(
                        "{}: {hints} hints in {}; give at least two, each a step further",
                        exercise.id, exercise.chapter
                    ));
                }
            }
        }
        let row = format!("| `{}` | [", exercise.id);
        let listed = page
            .lines()
            .any(|l| l.starts_with(&row) && l.contains(&exercise.mutant.does));
        if !listed {
            missing.push(format!(
                "{}: no row with its mutant in src/exercises.md",
                exercise.id
            ));
        }
        let include = format!(
            "{{{{#include ../exercises/{}}}}}",
            exercise.solution_file().display()
        );
        if !solutions.contains(&include) {
            missing.push(format!(
                "{}: its solution is not in src/solutions.md",
                exercise.id
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    println!("{} coding exercises", list.len());
}

/// The course plan (`course/plan.toml`) and the book it times, both read
/// afresh, or every problem with its file and line.
fn course_plan() -> (book_harness::course::CoursePlan, book_harness::course::Book) {
    use book_harness::course;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lines = |problems: Vec<book_harness::plan::Problem>| {
        (problems.iter())
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let book = course::Book::read(root).unwrap_or_else(|p| panic!("{}", lines(p)));
    let plan = course::load(root, std::path::Path::new("course/plan.toml"), &book)
        .unwrap_or_else(|p| panic!("{}", lines(p)));
    (plan, book)
}

/// Every `## ` section of every chapter, every quiz and every coding
/// exercise has its minutes in the course plan: a new one without them
/// fails here, named with what to add.
#[test]
fn every_section_quiz_and_exercise_has_minutes_in_the_course_plan() {
    let (plan, book) = course_plan();
    let missing = book_harness::course::untimed(&plan, &book);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    let sum = |m: &std::collections::BTreeMap<String, u32>| m.values().sum::<u32>();
    println!(
        "course plan: {} sections ({} min), {} quizzes ({} min), {} exercises ({} min), \
         {} demos ({} min)",
        plan.sections.len(),
        sum(&plan.sections),
        plan.quizzes.len(),
        sum(&plan.quizzes),
        plan.exercises.len(),
        sum(&plan.exercises),
        plan.demos.len(),
        plan.demos.iter().map(|d| d.minutes).sum::<u32>()
    );
}

/// Each course schedules every section, quiz, coding exercise and demo
/// exactly once, and no session holds more teaching than its length less its
/// breaks. The totals are printed per day or week.
#[test]
fn every_course_schedules_everything_once_within_its_sessions() {
    use book_harness::course::{overfull, unscheduled};
    let (plan, _) = course_plan();
    assert!(plan.courses.len() >= 2, "a short course and a semester");
    let mut problems = Vec::new();
    for course in &plan.courses {
        problems.extend(unscheduled(&plan, course));
        problems.extend(overfull(&plan, course));
        let mut total = (0, 0);
        for part in &course.parts {
            let taught: u32 = part.sessions.iter().map(|s| plan.session_minutes(s)).sum();
            let length: u32 = part.sessions.iter().map(|s| s.length).sum();
            println!(
                "{}, {}: {taught} min of teaching in {length} min",
                course.id, part.title
            );
            total = (total.0 + taught, total.1 + length);
        }
        println!(
            "{}: {} min of teaching in {} min",
            course.id, total.0, total.1
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every live demo names a listing that exists and is declared as a binary
/// of its package, and the instructor's guide shows the plan and the demos.
#[test]
fn every_demo_is_a_listing_and_the_guide_shows_the_plan() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (plan, _) = course_plan();
    let mut problems = Vec::new();
    for demo in &plan.demos {
        let listing = root.join(format!("listings/{}/src/bin/{}.rs", demo.package, demo.bin));
        let manifest =
            std::fs::read_to_string(root.join(format!("listings/{}/Cargo.toml", demo.package)))
                .unwrap_or_default();
        if !listing.is_file() || !manifest.contains(&format!("name = \"{}\"", demo.bin)) {
            problems.push(format!(
                "course/plan.toml:{}: demo `{}`: `{}` names no declared listing",
                demo.line,
                demo.id,
                demo.command()
            ));
        }
    }
    let guide = std::fs::read_to_string(root.join("src/instructors-guide.md")).unwrap();
    for directive in [
        "{{#course-plan ../course/plan.toml}}",
        "{{#course-demos ../course/plan.toml}}",
    ] {
        if !guide.contains(directive) {
            problems.push(format!("src/instructors-guide.md lacks {directive}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!("{} live demos", plan.demos.len());
}

/// Every `## ` section of the chapters with teachers' notes ends with its
/// speaker notes (the exercises, the summary and the Python comparison
/// excepted): a new section without them fails here.
#[test]
fn every_section_ends_with_speaker_notes() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    let mut chapters = 0;
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let with_notes = (0..=10).any(|n| name.starts_with(&format!("ch{n:02}-")));
        if !with_notes || !name.ends_with(".md") {
            continue;
        }
        chapters += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for problem in book_harness::course::sections_without_notes(&text) {
            missing.push(format!("src/{name}:{problem}"));
        }
    }
    assert!(chapters > 0, "no chapters found in {}", src.display());
    missing.sort();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
