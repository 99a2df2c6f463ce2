//! The course plan: how long each part of the book takes to teach, and
//! courses built from those parts, declared once in `course/plan.toml`.
//!
//! ```toml
//! [sections]   # every `## ` section of every chapter, by page and anchor
//! "ch01-threading.md#spawning-a-thread-and-joining-it" = 20
//!
//! [quizzes]    # every quiz file's stem
//! ch01-threading-1 = 5
//!
//! [exercises]  # every coding exercise's id
//! ch01-parallel-sum = 25
//!
//! [[demo]]     # a listing run live in class
//! id = "lost-update"
//! package = "ch01-threading"
//! bin = "lost_update_forced"
//! section = "ch01-threading.md#sharing-the-same-memory-space"
//! minutes = 5
//! point_at = "…"
//! proves = "…"
//!
//! [[course]]
//! id = "four-days"
//! title = "Four days"
//! [[course.part]]
//! title = "Day 1"
//! [[course.part.session]]
//! title = "Morning"
//! length = 180   # minutes, breaks included
//! breaks = 20
//! covers = ["ch01-threading.md#spawning-a-thread-and-joining-it",
//!           "demo:lost-update", "quiz:ch01-threading-1", "exercise:ch01-parallel-sum"]
//! ```
//!
//! [`load`] reads and checks the file against the book ([`Book::read`]):
//! every problem is one line naming the file and line. The rules a course
//! must keep (everything timed, everything scheduled once, no session over
//! its length) are [`untimed_sections`], [`unscheduled`] and [`overfull`],
//! which the book's tests apply. The preprocessor's `{{#course-plan FILE}}`
//! and `{{#course-demos FILE}}` show the plan with its totals computed
//! ([`render_plan`], [`render_demos`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::fences::line_of;
use crate::plan::Problem;

/// `{{#course-plan PATH}}`, the path relative to the page.
pub static PLAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#course-plan\s+([^}\s]+)\s*\}\}").unwrap());
/// `{{#course-demos PATH}}`, the path relative to the page.
pub static DEMOS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#course-demos\s+([^}\s]+)\s*\}\}").unwrap());

/// What the plan may name: the book's sections, quizzes, exercises and
/// listing binaries.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Every `## ` section of every chapter (`chNN-*.md`), in book order.
    pub sections: Vec<Section>,
    /// Every heading id of every chapter page, `ch01-threading.md#anchor`.
    pub anchors: BTreeSet<String>,
    /// Quiz ids (file stems of `quizzes/*.toml`).
    pub quizzes: BTreeSet<String>,
    /// Coding exercise ids, in `exercises/exercises.toml`'s order.
    pub exercises: Vec<String>,
    /// Listing binaries, `(package, bin)`.
    pub binaries: BTreeSet<(String, String)>,
}

/// One `## ` section of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `ch01-threading.md#spawning-a-thread-and-joining-it`.
    pub key: String,
    /// The heading's text as the reader sees it.
    pub title: String,
    /// The chapter file, relative to the book root, and the heading's line.
    pub file: PathBuf,
    pub line: usize,
}

static QUIZ_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\{\{#quiz\s+([^}\s]+)\s*\}\}").unwrap());
static LINK_DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\]]+\]:\s+\S").unwrap());
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ch\d\d-.*\.md$").unwrap());

impl Book {
    /// Reads the chapters in `root/src`, the quizzes, the exercise list and
    /// the listings.
    pub fn read(root: &Path) -> Result<Book, Vec<Problem>> {
        let mut book = Book::default();
        let mut problems = Vec::new();
        let mut chapters: Vec<String> = list(&root.join("src"))
            .into_iter()
            .filter(|name| CHAPTER.is_match(name))
            .collect();
        chapters.sort();
        for name in chapters {
            let file = Path::new("src").join(&name);
            match std::fs::read_to_string(root.join(&file)) {
                Ok(text) => book.add_chapter(root, &file, &name, &text),
                Err(e) => problems.push(problem(&file, 1, format!("cannot read: {e}"))),
            }
        }
        book.quizzes = list(&root.join("quizzes"))
            .into_iter()
            .filter_map(|name| name.strip_suffix(".toml").map(str::to_owned))
            .collect();
        match crate::exercises::load(&root.join("exercises")) {
            Ok(list) => book.exercises = list.into_iter().map(|e| e.id).collect(),
            Err(e) => problems.push(problem(Path::new("exercises/exercises.toml"), 1, e)),
        }
        for package in list(&root.join("listings")) {
            for bin in list(&root.join("listings").join(&package).join("src/bin")) {
                if let Some(bin) = bin.strip_suffix(".rs") {
                    book.binaries.insert((package.clone(), bin.to_owned()));
                }
            }
        }
        if problems.is_empty() {
            Ok(book)
        } else {
            Err(problems)
        }
    }

    /// The chapter's headings with the ids mdBook gives them: the text,
    /// lowercased, punctuation dropped, spaces as dashes, and `-1`, `-2`
    /// after a repeat. A `{{#quiz}}` line becomes a `## ` heading too.
    fn add_chapter(&mut self, root: &Path, file: &Path, name: &str, text: &str) {
        let mut headings: Vec<(usize, u8, String)> = Vec::new();
        let mut open: Option<(usize, u8, String)> = None;
        for (event, range) in Parser::new_ext(text, Options::all()).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    open = Some((range.start, level as u8, String::new()));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, _, title)) = &mut open {
                        title.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => headings.extend(open.take()),
                _ => {}
            }
        }
        for caps in QUIZ_LINE.captures_iter(text) {
            let path = root.join(file.parent().unwrap()).join(&caps[1]);
            let title = std::fs::read_to_string(path)
                .ok()
                .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
                .and_then(|t| t.get("title").and_then(|v| v.as_str().map(str::to_owned)));
            if let Some(title) = title {
                headings.push((caps.get(0).unwrap().start(), 0, title));
            }
        }
        headings.sort_by_key(|(at, _, _)| *at);
        let mut used = BTreeSet::new();
        for (at, level, title) in headings {
            let id = unique_id(&slug(&title), &mut used);
            let key = format!("{name}#{id}");
            self.anchors.insert(key.clone());
            if level == 2 {
                self.sections.push(Section {
                    key,
                    title,
                    file: file.to_path_buf(),
                    line: line_of(text, at),
                });
            }
        }
    }

    fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }
}

fn list(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// mdBook's id for a heading's text (mdbook-html's `id_from_content`).
pub fn slug(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

fn unique_id(id: &str, used: &mut BTreeSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap()
}

fn problem(file: &Path, line: usize, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// The plan, read and checked.
#[derive(Debug, Clone)]
pub struct CoursePlan {
    /// The plan file, relative to the book root.
    pub file: PathBuf,
    /// Minutes per section key, quiz id and exercise id.
    pub sections: BTreeMap<String, u32>,
    pub quizzes: BTreeMap<String, u32>,
    pub exercises: BTreeMap<String, u32>,
    pub demos: Vec<Demo>,
    pub courses: Vec<Course>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    pub id: String,
    pub package: String,
    pub bin: String,
    /// The section it belongs to.
    pub section: String,
    pub minutes: u32,
    pub point_at: String,
    pub proves: String,
    pub line: usize,
}

impl Demo {
    pub fn command(&self) -> String {
        format!("cargo run -p {} --bin {}", self.package, self.bin)
    }
}

#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub line: usize,
    pub parts: Vec<Part>,
}

/// A day or a week.
#[derive(Debug, Clone)]
pub struct Part {
    pub title: String,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub title: String,
    /// Minutes, breaks included.
    pub length: u32,
    pub breaks: u32,
    pub covers: Vec<Item>,
    pub line: usize,
}

/// One thing a session covers, with the plan line that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// The section key, quiz id, exercise id or demo id.
    pub name: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Section,
    Quiz,
    Exercise,
    Demo,
}

impl ItemKind {
    fn word(self) -> &'static str {
        match self {
            ItemKind::Section => "section",
            ItemKind::Quiz => "quiz",
            ItemKind::Exercise => "exercise",
            ItemKind::Demo => "demo",
        }
    }
}

impl CoursePlan {
    /// Minutes an item takes, as the plan declares them.
    pub fn minutes(&self, item: &Item) -> u32 {
        match item.kind {
            ItemKind::Section => self.sections.get(&item.name).copied(),
            ItemKind::Quiz => self.quizzes.get(&item.name).copied(),
            ItemKind::Exercise => self.exercises.get(&item.name).copied(),
            ItemKind::Demo => (self.demos.iter())
                .find(|d| d.id == item.name)
                .map(|d| d.minutes),
        }
        .unwrap_or(0)
    }

    /// Teaching minutes of a session: what it covers, breaks not counted.
    pub fn session_minutes(&self, session: &Session) -> u32 {
        session.covers.iter().map(|item| self.minutes(item)).sum()
    }

    /// Every item the plan times, and so every one a course must schedule.
    pub fn items(&self) -> Vec<(ItemKind, String)> {
        let keys = |kind: ItemKind, map: &BTreeMap<String, u32>| {
            map.keys()
                .map(move |k| (kind, k.clone()))
                .collect::<Vec<_>>()
        };
        let mut all = keys(ItemKind::Section, &self.sections);
        all.extend(keys(ItemKind::Quiz, &self.quizzes));
        all.extend(keys(ItemKind::Exercise, &self.exercises));
        all.extend(self.demos.iter().map(|d| (ItemKind::Demo, d.id.clone())));
        all
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    sections: BTreeMap<String, Spanned<u32>>,
    #[serde(default)]
    quizzes: BTreeMap<String, Spanned<u32>>,
    #[serde(default)]
    exercises: BTreeMap<String, Spanned<u32>>,
    #[serde(default)]
    demo: Vec<Spanned<RawDemo>>,
    #[serde(default)]
    course: Vec<Spanned<RawCourse>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDemo {
    id: String,
    package: String,
    bin: String,
    section: String,
    minutes: u32,
    point_at: String,
    proves: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    id: String,
    title: String,
    part: Vec<RawPart>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    title: String,
    session: Vec<Spanned<RawSession>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    title: String,
    length: u32,
    #[serde(default)]
    breaks: u32,
    covers: Vec<Spanned<String>>,
}

/// The plan at `root/file`, checked against `book`.
pub fn load(root: &Path, file: &Path, book: &Book) -> Result<CoursePlan, Vec<Problem>> {
    let text = std::fs::read_to_string(root.join(file)).map_err(|e| {
        vec![problem(
            file,
            1,
            format!("cannot read the course plan: {e}"),
        )]
    })?;
    parse(file, &text, book)
}

/// [`load`], for the plan's text.
pub fn parse(file: &Path, text: &str, book: &Book) -> Result<CoursePlan, Vec<Problem>> {
    let at = |line: usize, message: String| problem(file, line, message);
    let line = |span: std::ops::Range<usize>| line_of(text, span.start);
    let raw: RawPlan = toml::from_str(text).map_err(|e| {
        let mut line = e.span().map_or(1, |span| line_of(text, span.start));
        let message = e.message().trim().to_owned();
        // For an unknown key toml points at its table; find the key itself.
        if let Some(key) = message
            .strip_prefix("unknown field `")
            .and_then(|m| m.split('`').next())
        {
            let pattern = Regex::new(&format!(r"(?m)^\s*{}\s*=", regex::escape(key))).unwrap();
            if let Some(found) = pattern.find_at(text, e.span().map_or(0, |s| s.start)) {
                line = line_of(text, found.start());
            }
        }
        vec![at(line, message)]
    })?;
    let mut problems = Vec::new();
    let minutes = |table: BTreeMap<String, Spanned<u32>>,
                   known: &dyn Fn(&str) -> bool,
                   what: &str,
                   problems: &mut Vec<Problem>| {
        let mut out = BTreeMap::new();
        for (key, value) in table {
            let l = line(value.span());
            if !known(&key) {
                problems.push(at(l, format!("no {what} `{key}` in the book")));
            }
            if *value.get_ref() == 0 {
                problems.push(at(l, format!("`{key}`: give it at least one minute")));
            }
            out.insert(key, value.into_inner());
        }
        out
    };
    let sections = minutes(
        raw.sections,
        &|k| book.section(k).is_some(),
        "`## ` section",
        &mut problems,
    );
    let quizzes = minutes(
        raw.quizzes,
        &|k| book.quizzes.contains(k),
        "quiz",
        &mut problems,
    );
    let exercises = minutes(
        raw.exercises,
        &|k| book.exercises.iter().any(|e| e == k),
        "coding exercise",
        &mut problems,
    );
    let mut demos: Vec<Demo> = Vec::new();
    for raw in raw.demo {
        let l = line(raw.span());
        let raw = raw.into_inner();
        let demo = Demo {
            line: text[..]
                .lines()
                .enumerate()
                .skip(l - 1)
                .find(|(_, s)| s.trim_start().starts_with("id"))
                .map_or(l, |(n, _)| n + 1),
            id: raw.id,
            package: raw.package,
            bin: raw.bin,
            section: raw.section,
            minutes: raw.minutes,
            point_at: raw.point_at,
            proves: raw.proves,
        };
        if demos.iter().any(|d| d.id == demo.id) {
            problems.push(at(
                demo.line,
                format!("demo `{}`: the id is used twice", demo.id),
            ));
        }
        if !book
            .binaries
            .contains(&(demo.package.clone(), demo.bin.clone()))
        {
            problems.push(at(
                demo.line,
                format!(
                    "demo `{}`: no listing listings/{}/src/bin/{}.rs",
                    demo.id, demo.package, demo.bin
                ),
            ));
        }
        if !sections.contains_key(&demo.section) {
            problems.push(at(
                demo.line,
                format!(
                    "demo `{}`: section `{}` has no minutes in [sections]",
                    demo.id, demo.section
                ),
            ));
        }
        if demo.minutes == 0 {
            problems.push(at(
                demo.line,
                format!("demo `{}`: give it at least one minute", demo.id),
            ));
        }
        demos.push(demo);
    }
    let mut plan = CoursePlan {
        file: file.to_path_buf(),
        sections,
        quizzes,
        exercises,
        demos,
        courses: Vec::new(),
    };
    for raw in raw.course {
        let course_line = line(raw.span());
        let raw = raw.into_inner();
        if plan.courses.iter().any(|c| c.id == raw.id) {
            problems.push(at(
                course_line,
                format!("course `{}`: the id is used twice", raw.id),
            ));
        }
        let mut parts = Vec::new();
        for part in raw.part {
            let mut sessions = Vec::new();
            for session in part.session {
                let session_line = line(session.span());
                let session = session.into_inner();
                let mut covers = Vec::new();
                for item in session.covers {
                    let l = line(item.span());
                    match parse_item(item.get_ref(), l, &plan) {
                        Ok(item) => covers.push(item),
                        Err(why) => problems.push(at(l, why)),
                    }
                }
                if session.breaks >= session.length {
                    problems.push(at(
                        session_line,
                        format!(
                            "session `{}`: {} minutes of breaks in a session of {}",
                            session.title, session.breaks, session.length
                        ),
                    ));
                }
                sessions.push(Session {
                    title: session.title,
                    length: session.length,
                    breaks: session.breaks,
                    covers,
                    line: session_line,
                });
            }
            parts.push(Part {
                title: part.title,
                sessions,
            });
        }
        plan.courses.push(Course {
            id: raw.id,
            title: raw.title,
            line: course_line,
            parts,
        });
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// `chNN-….md#anchor`, `quiz:ID`, `exercise:ID` or `demo:ID`, which the
/// plan must time.
fn parse_item(text: &str, line: usize, plan: &CoursePlan) -> Result<Item, String> {
    let (kind, name) = match text.split_once(':') {
        Some(("quiz", id)) => (ItemKind::Quiz, id),
        Some(("exercise", id)) => (ItemKind::Exercise, id),
        Some(("demo", id)) => (ItemKind::Demo, id),
        _ if text.contains(".md#") => (ItemKind::Section, text),
        _ => {
            return Err(format!(
                "`{text}`: write a section as `chNN-….md#anchor`, or `quiz:ID`, \
                 `exercise:ID`, `demo:ID`"
            ));
        }
    };
    let item = Item {
        kind,
        name: name.to_owned(),
        line,
    };
    let timed = match kind {
        ItemKind::Section => plan.sections.contains_key(name),
        ItemKind::Quiz => plan.quizzes.contains_key(name),
        ItemKind::Exercise => plan.exercises.contains_key(name),
        ItemKind::Demo => plan.demos.iter().any(|d| d.id == name),
    };
    if timed {
        Ok(item)
    } else {
        let table = match kind {
            ItemKind::Section => "has no minutes in [sections]",
            ItemKind::Quiz => "has no minutes in [quizzes]",
            ItemKind::Exercise => "has no minutes in [exercises]",
            ItemKind::Demo => "is not a [[demo]]",
        };
        Err(format!("{} `{name}` {table}", kind.word()))
    }
}

/// Sections of the book the plan gives no minutes, and quizzes and
/// exercises likewise, one line each.
pub fn untimed(plan: &CoursePlan, book: &Book) -> Vec<String> {
    let mut missing: Vec<String> = untimed_sections(plan, book);
    for quiz in &book.quizzes {
        if !plan.quizzes.contains_key(quiz) {
            missing.push(format!(
                "{}: quiz `{quiz}` has no minutes in [quizzes]",
                plan.file.display()
            ));
        }
    }
    for exercise in &book.exercises {
        if !plan.exercises.contains_key(exercise) {
            missing.push(format!(
                "{}: coding exercise `{exercise}` has no minutes in [exercises]",
                plan.file.display()
            ));
        }
    }
    missing
}

/// Every `## ` section without minutes, as `FILE:LINE: …`.
pub fn untimed_sections(plan: &CoursePlan, book: &Book) -> Vec<String> {
    (book.sections.iter())
        .filter(|s| !plan.sections.contains_key(&s.key))
        .map(|s| {
            format!(
                "{}:{}: section `{}` has no minutes in {} (add \"{}\" = N to [sections])",
                s.file.display(),
                s.line,
                s.title,
                plan.file.display(),
                s.key
            )
        })
        .collect()
}

/// What `course` schedules more than once or not at all, one line each.
pub fn unscheduled(plan: &CoursePlan, course: &Course) -> Vec<String> {
    let mut seen: BTreeMap<(ItemKind, &str), usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for item in course
        .parts
        .iter()
        .flat_map(|p| &p.sessions)
        .flat_map(|s| &s.covers)
    {
        if let Some(first) = seen.insert((item.kind, &item.name), item.line) {
            problems.push(format!(
                "{}:{}: course `{}`: {} `{}` is scheduled again (first on line {first})",
                plan.file.display(),
                item.line,
                course.id,
                item.kind.word(),
                item.name
            ));
        }
    }
    let mut missing: BTreeMap<ItemKind, Vec<String>> = BTreeMap::new();
    for (kind, name) in plan.items() {
        if !seen.contains_key(&(kind, name.as_str())) {
            missing.entry(kind).or_default().push(name);
        }
    }
    for (kind, names) in missing {
        problems.push(format!(
            "{}:{}: course `{}` never schedules {} {}(s): {}",
            plan.file.display(),
            course.line,
            course.id,
            names.len(),
            kind.word(),
            names.join(", ")
        ));
    }
    problems
}

/// Sessions whose teaching minutes exceed their length less breaks.
pub fn overfull(plan: &CoursePlan, course: &Course) -> Vec<String> {
    (course.parts.iter())
        .flat_map(|p| p.sessions.iter().map(move |s| (p, s)))
        .filter_map(|(part, session)| {
            let used = plan.session_minutes(session);
            let room = session.length.saturating_sub(session.breaks);
            (used > room).then(|| {
                format!(
                    "{}:{}: course `{}`, {}, {}: {used} minutes of teaching in {room} \
                     ({} less {} of breaks)",
                    plan.file.display(),
                    session.line,
                    course.id,
                    part.title,
                    session.title,
                    session.length,
                    session.breaks
                )
            })
        })
        .collect()
}

/// The courses as Markdown tables, one per course, with every session's and
/// part's minutes added up from the plan.
pub fn render_plan(plan: &CoursePlan, book: &Book) -> String {
    let mut md = String::new();
    let total: u32 = plan
        .items()
        .iter()
        .map(|(kind, name)| {
            plan.minutes(&Item {
                kind: *kind,
                name: name.clone(),
                line: 0,
            })
        })
        .sum();
    let _ = writeln!(
        md,
        "The whole book takes {} of teaching: {} sections, {} quizzes, {} coding exercises \
         and {} live demos.\n",
        hours(total),
        plan.sections.len(),
        plan.quizzes.len(),
        plan.exercises.len(),
        plan.demos.len()
    );
    for course in &plan.courses {
        let (mut taught, mut length) = (0, 0);
        let _ = writeln!(md, "### {}\n", course.title);
        md.push_str("| | Session | Covers | Teaching | Length |\n|---|---|---|--:|--:|\n");
        for part in &course.parts {
            let (mut part_taught, mut part_length) = (0, 0);
            for (n, session) in part.sessions.iter().enumerate() {
                let used = plan.session_minutes(session);
                let covers: Vec<String> = (session.covers.iter())
                    .map(|item| describe(plan, book, item))
                    .collect();
                let breaks = if session.breaks > 0 {
                    format!(" (breaks {} min)", session.breaks)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {used} min | {} min{breaks} |",
                    if n == 0 {
                        cell(&part.title)
                    } else {
                        String::new()
                    },
                    cell(&session.title),
                    covers.join("<br>"),
                    session.length
                );
                part_taught += used;
                part_length += session.length;
            }
            let _ = writeln!(
                md,
                "| | **{} in all** | | **{part_taught} min** | **{part_length} min** |",
                cell(&part.title)
            );
            taught += part_taught;
            length += part_length;
        }
        let _ = writeln!(
            md,
            "\n{}: {} of teaching in {} of sessions.\n",
            course.title,
            hours(taught),
            hours(length)
        );
    }
    md
}

/// A page with its `{{#course-plan FILE}}` and `{{#course-demos FILE}}`
/// directives (paths relative to `dir`, the page's folder) replaced by the
/// plan. A plan with problems is logged, one line each, and shown as a note
/// that it could not be read.
pub fn expand(root: &Path, dir: &Path, content: &str) -> String {
    if !PLAN.is_match(content) && !DEMOS.is_match(content) {
        return content.to_owned();
    }
    let read = |path: &str| {
        let full = crate::quiz_page::normalize(&dir.join(path));
        let file = full
            .strip_prefix(crate::quiz_page::normalize(root))
            .map(Path::to_path_buf)
            .unwrap_or(full);
        let plan = Book::read(root).and_then(|book| Ok((load(root, &file, &book)?, book)));
        if let Err(problems) = &plan {
            for problem in problems {
                tracing::error!("{problem}");
            }
        }
        (file, plan.ok())
    };
    let broken = |file: &Path| {
        format!(
            "*The course plan in {} could not be read.*\n",
            file.display()
        )
    };
    let content = PLAN.replace_all(content, |caps: &regex::Captures| match read(&caps[1]) {
        (_, Some((plan, book))) => render_plan(&plan, &book),
        (file, None) => broken(&file),
    });
    DEMOS
        .replace_all(&content, |caps: &regex::Captures| match read(&caps[1]) {
            (_, Some((plan, book))) => render_demos(&plan, &book),
            (file, None) => broken(&file),
        })
        .into_owned()
}

/// The demos as a list: listing, command, what to point at, what it proves.
/// (No code blocks: the book checks that expansion adds none.)
pub fn render_demos(plan: &CoursePlan, book: &Book) -> String {
    let mut md = String::new();
    for demo in &plan.demos {
        let section = book
            .section(&demo.section)
            .map_or(demo.section.clone(), |s| s.title.clone());
        let _ = writeln!(
            md,
            "### `{}`\n\n\
             In [{}]({}), {} min, listing `listings/{}/src/bin/{}.rs`.\n\n\
             - **Run:** `{}`\n- **Point at:** {}\n- **It proves:** {}\n",
            demo.bin,
            section,
            demo.section,
            demo.minutes,
            demo.package,
            demo.bin,
            demo.command(),
            demo.point_at,
            demo.proves
        );
    }
    md
}

fn describe(plan: &CoursePlan, book: &Book, item: &Item) -> String {
    let minutes = plan.minutes(item);
    match item.kind {
        ItemKind::Section => {
            let title = book.section(&item.name).map_or("", |s| s.title.as_str());
            let chapter = item.name.get(2..4).unwrap_or("");
            format!(
                "{}&nbsp;[{}]({}) ({minutes} min)",
                chapter,
                cell(title),
                item.name
            )
        }
        ItemKind::Quiz => format!("Quiz `{}` ({minutes} min)", item.name),
        ItemKind::Exercise => format!("Exercise `{}` ({minutes} min)", item.name),
        ItemKind::Demo => {
            let bin = (plan.demos.iter())
                .find(|d| d.id == item.name)
                .map_or("", |d| d.bin.as_str());
            format!("Demo `{bin}` ({minutes} min)")
        }
    }
}

/// A table cell's text: `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn hours(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The sections that teachers' notes leave to others: a chapter's exercises,
/// its summary and its Python comparison.
pub const SECTIONS_WITHOUT_NOTES: [&str; 3] = ["Exercises", "What to remember", "From Python"];

const NOTES_OPEN: &str = "<details class=\"speaker-notes\">\n<summary>Speaker notes</summary>\n";

/// Every `## ` section of `chapter` (but [`SECTIONS_WITHOUT_NOTES`]) must end
/// with speaker notes: a `<details class="speaker-notes">` block of three to
/// six bullets, just before the next `## ` heading (or before the
/// `{{#quiz}}` line that closes the section, and before the link definitions
/// that close a page). One line per section that
/// does not, as `LINE: message`.
pub fn sections_without_notes(chapter: &str) -> Vec<String> {
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut open = None;
    for (event, range) in Parser::new_ext(chapter, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level as u8 == 2 => {
                open = Some((range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = &mut open {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => starts.extend(open.take()),
            _ => {}
        }
    }
    let mut missing = Vec::new();
    for (n, (start, title)) in starts.iter().enumerate() {
        if SECTIONS_WITHOUT_NOTES.contains(&title.as_str()) {
            continue;
        }
        let end = starts.get(n + 1).map_or(chapter.len(), |(next, _)| *next);
        let mut body = chapter[*start..end].trim_end();
        // A page's last section runs on into the page's link definitions.
        while let Some((rest, last)) = body.rsplit_once('\n')
            && LINK_DEFINITION.is_match(last)
        {
            body = rest.trim_end();
        }
        if let Some(quiz) = QUIZ_LINE.find_iter(body).last()
            && body[quiz.end()..].trim().is_empty()
        {
            body = body[..quiz.start()].trim_end();
        }
        let line = line_of(chapter, *start);
        let Some(notes) = body
            .strip_suffix("</details>")
            .and_then(|b| b.rfind(NOTES_OPEN).map(|at| &b[at + NOTES_OPEN.len()..]))
        else {
            missing.push(format!(
                "{line}: section `{title}` does not end with speaker notes"
            ));
            continue;
        };
        let bullets = notes.lines().filter(|l| l.starts_with("- ")).count();
        if !(3..=6).contains(&bullets) {
            missing.push(format!(
                "{line}: section `{title}`: its speaker notes have {bullets} bullets, not 3 to 6"
            ));
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Book {
        let section = |key: &str, title: &str, line| Section {
            key: key.into(),
            title: title.into(),
            file: PathBuf::from(format!("src/{}", key.split('#').next().unwrap())),
            line,
        };
        Book {
            sections: vec![
                section("ch01-a.md#one", "One", 3),
                section("ch01-a.md#two", "Two", 9),
            ],
            anchors: ["ch01-a.md#one", "ch01-a.md#two"].map(String::from).into(),
            quizzes: ["ch01-a".to_owned()].into(),
            exercises: vec!["ch01-ex".into()],
            binaries: [("ch01-a".to_owned(), "race".to_owned())].into(),
        }
    }

    const GOOD: &str = r#"[sections]
"ch01-a.md#one" = 20
"ch01-a.md#two" = 30

[quizzes]
ch01-a = 5

[exercises]
ch01-ex = 25

[[demo]]
id = "race"
package = "ch01-a"
bin = "race"
section = "ch01-a.md#one"
minutes = 5
point_at = "the count"
proves = "updates are lost"

[[course]]
id = "day"
title = "One day"
[[course.part]]
title = "Day 1"
[[course.part.session]]
title = "Morning"
length = 60
breaks = 5
covers = ["ch01-a.md#one", "demo:race", "ch01-a.md#two"]
[[course.part.session]]
title = "Afternoon"
length = 60
covers = ["quiz:ch01-a", "exercise:ch01-ex"]
"#;

    fn parse_text(text: &str) -> Result<CoursePlan, Vec<String>> {
        parse(Path::new("course/plan.toml"), text, &book())
            .map_err(|ps| ps.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_good_plan_is_read_and_keeps_every_rule() {
        let plan = parse_text(GOOD).unwrap();
        let course = &plan.courses[0];
        assert_eq!(plan.session_minutes(&course.parts[0].sessions[0]), 55);
        assert_eq!(plan.session_minutes(&course.parts[0].sessions[1]), 30);
        assert!(untimed(&plan, &book()).is_empty());
        assert!(unscheduled(&plan, course).is_empty());
        assert!(overfull(&plan, course).is_empty());
        let page = render_plan(&plan, &book());
        assert!(page.contains("| Day 1 | Morning | 01&nbsp;[One](ch01-a.md#one) (20 min)"));
        assert!(page.contains("| 55 min | 60 min (breaks 5 min) |"));
        assert!(page.contains("**Day 1 in all** | | **85 min** | **120 min** |"));
        assert!(page.contains("One day: 1 h 25 min of teaching in 2 h of sessions."));
        let demos = render_demos(&plan, &book());
        assert!(demos.contains("cargo run -p ch01-a --bin race"));
    }

    #[test]
    fn each_bad_name_is_one_line_with_its_line() {
        let cases = [
            (
                r#""ch01-a.md#one" = 20"#,
                r#""ch01-a.md#on" = 20"#,
                "course/plan.toml:2: no `## ` section `ch01-a.md#on` in the book",
            ),
            (
                "ch01-a = 5",
                "ch01-b = 5",
                "course/plan.toml:6: no quiz `ch01-b` in the book",
            ),
            (
                "ch01-ex = 25",
                "ch01-exx = 25",
                "course/plan.toml:9: no coding exercise `ch01-exx` in the book",
            ),
            (
                "bin = \"race\"",
                "bin = \"rice\"",
                "course/plan.toml:12: demo `race`: no listing listings/ch01-a/src/bin/rice.rs",
            ),
            (
                "covers = [\"quiz:ch01-a\"",
                "covers = [\"quiz:ch01-z\"",
                "course/plan.toml:33: quiz `ch01-z` has no minutes in [quizzes]",
            ),
            (
                "\"demo:race\"",
                "\"race\"",
                "course/plan.toml:29: `race`: write a section as",
            ),
            (
                "breaks = 5",
                "pause = 5",
                "course/plan.toml:28: unknown field `pause`",
            ),
            (
                "ch01-ex = 25",
                "ch01-ex = 25\nch01-ex = 20",
                "course/plan.toml:10: duplicate key",
            ),
        ];
        for (from, to, want) in cases {
            assert_eq!(GOOD.matches(from).count(), 1, "{from}");
            let errors = parse_text(&GOOD.replacen(from, to, 1)).unwrap_err();
            assert!(
                errors[0].starts_with(want),
                "{errors:?}: the first should start {want}"
            );
            assert!(
                errors.iter().all(|e| !e.contains('\n')),
                "one line each: {errors:?}"
            );
        }
    }

    #[test]
    fn a_course_that_skips_or_repeats_or_overruns_is_caught() {
        let skip = parse_text(&GOOD.replace("\"quiz:ch01-a\", ", "")).unwrap();
        assert_eq!(
            unscheduled(&skip, &skip.courses[0]),
            ["course/plan.toml:20: course `day` never schedules 1 quiz(s): ch01-a"]
        );
        let twice =
            parse_text(&GOOD.replace("\"quiz:ch01-a\",", "\"quiz:ch01-a\", \"ch01-a.md#two\","))
                .unwrap();
        let problems = unscheduled(&twice, &twice.courses[0]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("section `ch01-a.md#two` is scheduled again (first on line 29)")
        );
        let long =
            parse_text(&GOOD.replace("\"ch01-a.md#two\" = 30", "\"ch01-a.md#two\" = 31")).unwrap();
        assert_eq!(
            overfull(&long, &long.courses[0]),
            [
                "course/plan.toml:25: course `day`, Day 1, Morning: 56 minutes of teaching in 55 \
              (60 less 5 of breaks)"
            ]
        );
        let untimed_plan = parse_text(
            &GOOD
                .replace("\"ch01-a.md#two\" = 30\n", "")
                .replace(", \"ch01-a.md#two\"", ""),
        )
        .unwrap();
        assert_eq!(
            untimed_sections(&untimed_plan, &book()),
            [
                "src/ch01-a.md:9: section `Two` has no minutes in course/plan.toml \
              (add \"ch01-a.md#two\" = N to [sections])"
            ]
        );
    }

    #[test]
    fn headings_get_mdbooks_ids() {
        let mut book = Book::default();
        let text = "# Title\n\n## `Send` and `Sync`: checked\n\n```text\n## not a heading\n```\n\n\
                    ## Pitfalls\n\n### Pitfalls\n\n## 10,000 connections (question 12)\n";
        book.add_chapter(
            Path::new("/nowhere"),
            Path::new("src/ch01-a.md"),
            "ch01-a.md",
            text,
        );
        let keys: Vec<(&str, usize)> = (book.sections.iter())
            .map(|s| (s.key.as_str(), s.line))
            .collect();
        assert_eq!(
            keys,
            [
                ("ch01-a.md#send-and-sync-checked", 3),
                ("ch01-a.md#pitfalls", 9),
                ("ch01-a.md#10000-connections-question-12", 13)
            ]
        );
        assert!(book.anchors.contains("ch01-a.md#pitfalls-1"));
    }
    #[test]
    fn a_section_without_speaker_notes_is_named() {
        let notes = |bullets: &str| {
            format!(
                "<details class=\"speaker-notes\">\n<summary>Speaker notes</summary>\n\n{bullets}\n</details>\n"
            )
        };
        let three = notes("- **Ask:** a\n- **Demo:** b\n- **Expect:** c\n");
        let chapter = format!(
            "# Ch\n\n## One\n\nText.\n\n{three}\n{{{{#quiz ../quizzes/x.toml}}}}\n\n\
             ## Two\n\nText, no notes.\n\n## Three\n\n{}\n## Exercises\n\nLeft alone.\n\n\
             ## Four\n\n{three}\nText after the notes.\n",
            notes("- **Ask:** only one\n")
        );
        assert_eq!(
            sections_without_notes(&chapter),
            [
                "18: section `Two` does not end with speaker notes",
                "22: section `Three`: its speaker notes have 1 bullets, not 3 to 6",
                "35: section `Four` does not end with speaker notes",
            ]
        );
    }
    #[test]
    fn a_pages_link_definitions_close_its_last_section() {
        let notes = "<details class=\"speaker-notes\">\n<summary>Speaker notes</summary>\n\n\
                     - **Ask:** a\n- **Demo:** b\n- **Expect:** c\n\n</details>\n";
        let defs = "[man-pipe]: https://man7.org/linux/man-pages/man7/pipe.7.html\n\
                    [py-ppe]: https://docs.python.org/3/library/concurrent.futures.html\n";
        let page = format!(
            "# Ch\n\n## One\n\nText.\n\n{notes}\n{{{{#quiz ../quizzes/x.toml}}}}\n\n{defs}"
        );
        assert!(sections_without_notes(&page).is_empty(), "{page}");
        let without = format!("# Ch\n\n## One\n\nText, no notes.\n\n{defs}");
        assert_eq!(
            sections_without_notes(&without),
            ["3: section `One` does not end with speaker notes"]
        );
    }
}
