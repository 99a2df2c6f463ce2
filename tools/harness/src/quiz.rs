//! Quizzes: one TOML file per quiz, in mdbook-quiz's schema (the same keys,
//! so its files read here), with one kind it lacks: `PossibleOutputs`, for
//! a program whose output depends on the schedule. Every key that a program
//! can prove is proven by running it (see `prepare.rs`): whether it
//! compiles and with which error, what it prints, and which outputs a model
//! checker can reach.
//!
//! ```toml
//! title = "Threads"
//!
//! [[questions]]
//! id = "join-returns-value"
//! type = "MultipleChoice"
//! prompt.prompt = "What does `JoinHandle::join` return?"
//! prompt.distractors = ["`()`", "The thread's id"]
//! answer.answer = "`thread::Result<T>`"
//! context = "See [joining](ch01-threading.md#spawning-a-thread-and-joining-it)."
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fences::line_of;
use crate::plan::Problem;

/// One quiz file, read and checked.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// The file, relative to the book root (`quizzes/ch01-threading.toml`).
    pub file: PathBuf,
    /// The file's stem: the quiz's id in the reader's saved answers.
    pub id: String,
    pub title: String,
    pub questions: Vec<Question>,
}

/// One question, with where it is written.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    /// Line of its `[[questions]]` header.
    pub line: usize,
    pub kind: Kind,
    /// The explanation shown once answered (Markdown).
    pub context: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    MultipleChoice {
        prompt: String,
        answers: Vec<String>,
        distractors: Vec<String>,
    },
    ShortAnswer {
        prompt: String,
        answer: String,
        alternatives: Vec<String>,
    },
    /// "Does this compile?" and, if it does, "what does it print?".
    Tracing { program: Program, answer: Tracing },
    /// "Which of these outputs are possible?"
    PossibleOutputs {
        prompt: String,
        program: Program,
        /// Every output the reader may tick.
        outputs: Vec<String>,
        /// The ones that can occur.
        possible: Vec<String>,
        checker: Checker,
        /// loom's preemption bound, when the question states one.
        preemption_bound: Option<usize>,
    },
}

/// A question's program: the text a reader sees (hidden lines start with
/// `# `) and the line of the quiz file its first line is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tracing {
    Prints(String),
    /// Fails with this error code (`E0373`) or, for errors without a code,
    /// this headline.
    DoesNotCompile(String),
}

/// The model checker that explores every schedule of a possible-outputs
/// program: shuttle (every interleaving, sequentially consistent) or loom
/// (also the reorderings that `Relaxed` and `Acquire`/`Release` allow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checker {
    Shuttle,
    Loom,
}

/// The quiz at `file` (relative to `root`), or every problem found in it,
/// each with the file, a line and, where there is one, the question's id.
pub fn load(root: &Path, file: &Path) -> Result<Quiz, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let text = std::fs::read_to_string(root.join(file))
        .map_err(|e| vec![problem(1, format!("cannot read the quiz: {e}"))])?;
    parse(file, &text)
}

/// [`load`], for a quiz's text.
pub fn parse(file: &Path, text: &str) -> Result<Quiz, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let raw: RawQuiz = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(text, span.start));
        vec![match question_around(text, line) {
            Some((id, start)) => {
                let line = line_of_unknown_key(text, start, e.message()).unwrap_or(line);
                problem(line, format!("question `{id}`: {}", e.message().trim()))
            }
            None => problem(line, format!("not a quiz: {}", e.message().trim())),
        }]
    })?;
    let headers = question_lines(text);
    if headers.len() != raw.questions.len() {
        return Err(vec![problem(
            1,
            "write each question as a `[[questions]]` table".into(),
        )]);
    }
    let mut problems = Vec::new();
    let mut questions = Vec::new();
    for (raw, line) in raw.questions.into_iter().zip(headers) {
        let id = raw.id().to_owned();
        match question(raw, line, text) {
            Ok(q) => questions.push(q),
            Err(why) => problems.push(problem(line, format!("question `{id}`: {why}"))),
        }
    }
    if questions.is_empty() && problems.is_empty() {
        problems.push(problem(1, "a quiz needs at least one question".into()));
    }
    let mut seen = BTreeSet::new();
    for q in &questions {
        if !seen.insert(q.id.as_str()) {
            problems.push(problem(
                q.line,
                format!("question `{}`: duplicate id", q.id),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Quiz {
        file: file.to_path_buf(),
        id: file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        title: raw.title,
        questions,
    })
}

/// The id and header line of the question that holds `line`.
fn question_around(text: &str, line: usize) -> Option<(String, usize)> {
    let start = *question_lines(text)
        .iter()
        .rev()
        .find(|&&header| header <= line)?;
    let id = text.lines().skip(start).find_map(|l| {
        let value = l
            .trim()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })?;
    Some((id, start))
}

/// For "unknown field `x`": the line, in the question from `start`, that
/// sets `x` (toml names the table, not the key).
fn line_of_unknown_key(text: &str, start: usize, message: &str) -> Option<usize> {
    let key = message.split('`').nth(1)?;
    let lines = text.lines().enumerate().skip(start);
    for (n, line) in lines {
        let line = line.trim_start();
        if line.starts_with("[[questions]]") {
            break;
        }
        let name = line.split('=').next().unwrap_or_default().trim();
        if name == key || name.ends_with(&format!(".{key}")) {
            return Some(n + 1);
        }
    }
    None
}

/// The line of every `[[questions]]` header, in order.
fn question_lines(text: &str) -> Vec<usize> {
    (text.lines().enumerate())
        .filter(|(_, line)| line.trim() == "[[questions]]")
        .map(|(n, _)| n + 1)
        .collect()
}

/// The line where the program that follows line `after` starts: the line
/// after its `program = '''`.
fn program_line(text: &str, after: usize) -> Result<usize, String> {
    for (n, line) in text.lines().enumerate().skip(after) {
        let line = line.trim_start();
        if line.starts_with("[[questions]]") {
            break;
        }
        let Some(value) = line
            .strip_prefix("prompt.program")
            .or_else(|| line.strip_prefix("program"))
            .map(|rest| rest.trim_start().trim_start_matches('=').trim_start())
        else {
            continue;
        };
        return match value {
            "'''" => Ok(n + 2),
            _ => Err(
                "write the program as `prompt.program = '''` followed by a new line \
                      (a literal string: in a basic one `\\n` would become a line break)"
                    .into(),
            ),
        };
    }
    Err("no `prompt.program = '''` line".into())
}

fn question(raw: RawQuestion, line: usize, text: &str) -> Result<Question, String> {
    let program = |text_: String| -> Result<Program, String> {
        let first = program_line(text, line)?;
        if !crate::plan::strip_hidden(&text_).contains("fn main") {
            return Err("the program needs `fn main`".into());
        }
        Ok(Program {
            text: text_,
            line: first,
        })
    };
    let (id, context, kind) = match raw {
        RawQuestion::MultipleChoice(q) => {
            let answers = match q.answer.answer {
                OneOrMany::One(a) => vec![a],
                OneOrMany::Many(a) => a,
            };
            if answers.is_empty() || q.prompt.distractors.is_empty() {
                return Err("a multiple-choice question needs an answer and a distractor".into());
            }
            let all: BTreeSet<&String> = answers.iter().chain(&q.prompt.distractors).collect();
            if all.len() != answers.len() + q.prompt.distractors.len() {
                return Err("the same choice is written twice".into());
            }
            let kind = Kind::MultipleChoice {
                prompt: q.prompt.prompt,
                answers,
                distractors: q.prompt.distractors,
            };
            (q.id, q.context, kind)
        }
        RawQuestion::ShortAnswer(q) => {
            let kind = Kind::ShortAnswer {
                prompt: q.prompt.prompt,
                answer: q.answer.answer,
                alternatives: q.answer.alternatives,
            };
            (q.id, q.context, kind)
        }
        RawQuestion::Tracing(q) => {
            let answer = match (q.answer.does_compile, q.answer.stdout, q.answer.error) {
                (true, Some(stdout), None) => Tracing::Prints(stdout),
                (false, None, Some(error)) => Tracing::DoesNotCompile(error),
                (true, _, _) => {
                    return Err("a program that compiles needs `answer.stdout` \
                                (and no `answer.error`)"
                        .into());
                }
                (false, _, _) => {
                    return Err("a program that does not compile needs `answer.error`: \
                                the error code (E0373) or, for errors without one, \
                                rustc's headline (and no `answer.stdout`)"
                        .into());
                }
            };
            let kind = Kind::Tracing {
                program: program(q.prompt.program)?,
                answer,
            };
            (q.id, q.context, kind)
        }
        RawQuestion::PossibleOutputs(q) => {
            let outputs = q.prompt.outputs;
            let listed: BTreeSet<&String> = outputs.iter().collect();
            if listed.len() != outputs.len() || outputs.len() < 2 {
                return Err("list at least two different outputs".into());
            }
            if let Some(stray) = q.answer.possible.iter().find(|p| !listed.contains(p)) {
                return Err(format!(
                    "the possible output {stray:?} is not among prompt.outputs"
                ));
            }
            let checker = match q.answer.checker.as_str() {
                "shuttle" => Checker::Shuttle,
                "loom" => Checker::Loom,
                other => return Err(format!("unknown checker `{other}`: shuttle or loom")),
            };
            let kind = Kind::PossibleOutputs {
                prompt: q.prompt.prompt,
                program: program(q.prompt.program)?,
                outputs,
                possible: q.answer.possible,
                checker,
                preemption_bound: q.answer.preemption_bound,
            };
            (q.id, q.context, kind)
        }
    };
    if !is_id(&id) {
        return Err("an id is lowercase letters, digits and dashes".into());
    }
    if !context.contains(".md#") {
        return Err(
            "the explanation (`context`) must link to the section that teaches it \
                    ([…](chNN-….md#section))"
                .into(),
        );
    }
    Ok(Question {
        id,
        line,
        kind,
        context,
    })
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

// The file's shape, as serde reads it. Unknown keys are errors: a misspelt
// key would otherwise be ignored.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    title: String,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum RawQuestion {
    MultipleChoice(Fields<MultipleChoicePrompt, MultipleChoiceAnswer>),
    ShortAnswer(Fields<ShortAnswerPrompt, ShortAnswerAnswer>),
    Tracing(Fields<TracingPrompt, TracingAnswer>),
    PossibleOutputs(Fields<PossibleOutputsPrompt, PossibleOutputsAnswer>),
}

impl RawQuestion {
    fn id(&self) -> &str {
        match self {
            RawQuestion::MultipleChoice(q) => &q.id,
            RawQuestion::ShortAnswer(q) => &q.id,
            RawQuestion::Tracing(q) => &q.id,
            RawQuestion::PossibleOutputs(q) => &q.id,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields<P, A> {
    id: String,
    prompt: P,
    answer: A,
    context: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MultipleChoicePrompt {
    prompt: String,
    distractors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MultipleChoiceAnswer {
    answer: OneOrMany,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShortAnswerPrompt {
    prompt: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShortAnswerAnswer {
    answer: String,
    #[serde(default)]
    alternatives: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TracingPrompt {
    program: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TracingAnswer {
    does_compile: bool,
    stdout: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PossibleOutputsPrompt {
    prompt: String,
    program: String,
    outputs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PossibleOutputsAnswer {
    possible: Vec<String>,
    checker: String,
    preemption_bound: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Quiz, Vec<Problem>> {
        parse(Path::new("q.toml"), text)
    }

    const LINK: &str = "context = \"[x](ch01-threading.md#x)\"\n";

    #[test]
    fn reads_each_kind() {
        let text = format!(
            "title = \"T\"\n\n[[questions]]\nid = \"mc\"\ntype = \"MultipleChoice\"\n\
             prompt.prompt = \"p\"\nprompt.distractors = [\"b\"]\nanswer.answer = \"a\"\n{LINK}\n\
             [[questions]]\nid = \"tr\"\ntype = \"Tracing\"\nprompt.program = '''\n\
             fn main() {{ println!(\"hi\\n\"); }}\n'''\nanswer.doesCompile = true\n\
             answer.stdout = \"hi\"\n{LINK}"
        );
        let quiz = load_text(&text).unwrap();
        assert_eq!(quiz.questions.len(), 2);
        assert_eq!(quiz.questions[1].line, 11);
        let Kind::Tracing { program, .. } = &quiz.questions[1].kind else {
            panic!()
        };
        assert_eq!(program.line, 15);
        assert!(program.text.contains("\\n"), "a literal string keeps `\\n`");
    }

    #[test]
    fn reports_problems_with_line_and_id() {
        let text = format!(
            "title = \"T\"\n[[questions]]\nid = \"one\"\ntype = \"MultipleChoice\"\n\
             prompt.prompt = \"p\"\nprompt.distractors = [\"b\"]\nanswer.answer = \"a\"\n\
             context = \"no link\"\n\n[[questions]]\nid = \"one\"\ntype = \"ShortAnswer\"\n\
             prompt.prompt = \"p\"\nanswer.answer = \"a\"\n{LINK}"
        );
        let problems = load_text(&text).unwrap_err();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("q.toml:2: question `one`: the explanation"),
            "{shown:?}"
        );
        assert_eq!(shown.len(), 1, "the second is fine on its own: {shown:?}");

        let typo = "title = \"T\"\n[[questions]]\nid = \"x\"\ntype = \"ShortAnswer\"\n\
                    prompt.promt = \"p\"\nanswer.answer = \"a\"\n";
        let shown = load_text(typo).unwrap_err()[0].to_string();
        assert!(
            shown.starts_with("q.toml:") && shown.contains("promt"),
            "{shown}"
        );
    }
}
