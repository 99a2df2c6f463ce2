//! The quiz preprocessor: `{{#quiz ../quizzes/ch01-threading.toml}}` in a
//! chapter becomes the quiz as HTML, and `{{#quiz-progress}}` a table of
//! every quiz in the book. The page works without scripts (questions and
//! choices are plain HTML); `theme/quiz.js` checks answers, explains them
//! and keeps them in the reader's browser.
//!
//! It runs as part of the book's preprocessor (`preprocessor.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;
use serde_json::json;

use crate::quiz::{self, Checker, Kind, Question, Quiz, Tracing};

/// `{{#quiz PATH}}`, the path relative to the chapter.
pub static QUIZ: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#quiz\s+([^}\s]+)\s*\}\}").unwrap());
static PROGRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#quiz-progress\s*\}\}").unwrap());

pub struct QuizPreprocessor;

impl Preprocessor for QuizPreprocessor {
    fn name(&self) -> &str {
        "quiz"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let src = ctx.root.join(&ctx.config.book.src);
        let mut quizzes: Vec<(String, Quiz)> = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            let (Some(path), Some(source)) = (&chapter.path, &chapter.source_path) else {
                return;
            };
            let page = path.with_extension("html").to_string_lossy().into_owned();
            let dir = source.parent().unwrap_or(Path::new("")).to_path_buf();
            chapter.content = QUIZ
                .replace_all(&chapter.content, |caps: &regex::Captures| {
                    let file = quiz_file(&ctx.root, &src.join(&dir).join(&caps[1]));
                    match quiz::load(&ctx.root, &file) {
                        Ok(quiz) => {
                            let html = render(&quiz);
                            quizzes.push((page.clone(), quiz));
                            html
                        }
                        Err(problems) => {
                            for problem in &problems {
                                tracing::error!("{problem}");
                            }
                            format!(
                                "<p class=\"quiz-broken\">The quiz in {} could not be read.</p>\n",
                                file.display()
                            )
                        }
                    }
                })
                .into_owned();
        });
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item
                && PROGRESS.is_match(&chapter.content)
            {
                let table = progress(&quizzes, chapter.path.as_deref());
                chapter.content = PROGRESS.replace_all(&chapter.content, table).into_owned();
            }
        });
        Ok(book)
    }
}

/// The quiz file relative to the book root (as problems name it).
fn quiz_file(root: &Path, path: &Path) -> PathBuf {
    let normal = normalize(path);
    normal
        .strip_prefix(normalize(root))
        .map(Path::to_path_buf)
        .unwrap_or(normal)
}

/// `a/b/../c` as `a/c`, without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The quiz as a heading and an HTML block (one block: it holds no blank
/// line, so Markdown leaves it alone).
pub fn render(quiz: &Quiz) -> String {
    let mut html = format!(
        "## {}\n\n<section class=\"quiz\" data-quiz=\"{}\" aria-label=\"{}\">\n\
         <p class=\"quiz-score\" aria-live=\"polite\"></p>\n<ol class=\"quiz-questions\">\n",
        quiz.title,
        escape(&quiz.id),
        escape(&quiz.title)
    );
    for question in &quiz.questions {
        html.push_str(&render_question(question));
    }
    html.push_str(
        "</ol>\n<p class=\"quiz-actions\"><button type=\"button\" class=\"quiz-reset\">\
         Reset this quiz</button></p>\n</section>\n\n",
    );
    html
}

fn render_question(q: &Question) -> String {
    let name = format!("question-{}", q.id);
    let (kind, prompt, body, key) = match &q.kind {
        Kind::MultipleChoice {
            prompt,
            answers,
            distractors,
        } => {
            let mut choices: Vec<(&String, bool)> = answers
                .iter()
                .map(|a| (a, true))
                .chain(distractors.iter().map(|d| (d, false)))
                .collect();
            shuffle(&mut choices, &q.id);
            let multi = answers.len() > 1;
            let legend = if multi {
                "Choose every right answer"
            } else {
                "Choose one answer"
            };
            let input = if multi { "checkbox" } else { "radio" };
            let mut body = format!("<fieldset class=\"quiz-choices\"><legend>{legend}</legend>\n");
            for (i, (choice, _)) in choices.iter().enumerate() {
                let _ = writeln!(
                    body,
                    "<label><input type=\"{input}\" name=\"{name}\" value=\"{i}\"> {}</label>",
                    inline_markdown(choice)
                );
            }
            body.push_str("</fieldset>\n");
            let right: Vec<usize> = (choices.iter().enumerate())
                .filter(|(_, (_, right))| *right)
                .map(|(i, _)| i)
                .collect();
            ("choice", markdown(prompt), body, json!({"choices": right}))
        }
        Kind::ShortAnswer {
            prompt,
            answer,
            alternatives,
        } => {
            let body = format!(
                "<p><label>Your answer: <input type=\"text\" name=\"{name}\" \
                 autocomplete=\"off\" spellcheck=\"false\"></label></p>\n"
            );
            let accepted: Vec<String> = std::iter::once(answer)
                .chain(alternatives)
                .map(|a| normalize_answer(a))
                .collect();
            (
                "short",
                markdown(prompt),
                body,
                json!({"answers": accepted}),
            )
        }
        Kind::Tracing { program, answer } => {
            let body = format!(
                "{}<fieldset class=\"quiz-choices\"><legend>Does this program compile?</legend>\n\
                 <label><input type=\"radio\" name=\"{name}\" value=\"yes\"> Yes</label>\n\
                 <label><input type=\"radio\" name=\"{name}\" value=\"no\"> No</label>\n\
                 </fieldset>\n<p class=\"quiz-output\"><label>If it compiles, what does it \
                 print?<textarea name=\"{name}-output\" rows=\"4\" spellcheck=\"false\">\
                 </textarea></label></p>\n",
                code_block(&program.text)
            );
            let key = match answer {
                Tracing::Prints(stdout) => json!({"compiles": true, "stdout": stdout.trim_end()}),
                Tracing::DoesNotCompile(_) => json!({"compiles": false}),
            };
            let prompt = "<p>Does this program compile? If it does, what does it print?</p>\n";
            ("tracing", prompt.to_owned(), body, key)
        }
        Kind::PossibleOutputs {
            prompt,
            program,
            outputs,
            possible,
            ..
        } => {
            let mut body = format!(
                "{}<fieldset class=\"quiz-choices quiz-outputs\"><legend>Tick every output \
                 that can occur</legend>\n",
                code_block(&program.text)
            );
            for (i, output) in outputs.iter().enumerate() {
                let _ = writeln!(
                    body,
                    "<label><input type=\"checkbox\" name=\"{name}\" value=\"{i}\"> \
                     <samp>{}</samp></label>",
                    escape(output).replace('\n', "<br>")
                );
            }
            body.push_str("</fieldset>\n");
            let right: Vec<usize> = (outputs.iter().enumerate())
                .filter(|(_, o)| possible.contains(o))
                .map(|(i, _)| i)
                .collect();
            ("outputs", markdown(prompt), body, json!({"choices": right}))
        }
    };
    let version = format!("{:016x}", fnv1a(&format!("{:?}|{}", q.kind, q.context)));
    let html = format!(
        "<li class=\"quiz-question\" id=\"{name}\" data-question=\"{}\" data-kind=\"{kind}\" \
         data-version=\"{version}\" data-key=\"{}\">\n<div class=\"quiz-prompt\">{prompt}</div>\n\
         {body}<p class=\"quiz-actions\"><button type=\"button\" class=\"quiz-check\">Check\
         </button> <button type=\"button\" class=\"quiz-retry\" hidden>Try again</button></p>\n\
         <p class=\"quiz-feedback\" role=\"status\"></p>\n\
         <div class=\"quiz-explanation\" hidden>{}{}</div>\n</li>\n",
        escape(&q.id),
        escape(&key.to_string()),
        markdown(&q.context),
        how_the_key_is_proven(&q.kind),
    );
    without_blank_lines(&html)
}

/// For a possible-outputs question, one line that tells the reader which
/// model checker proved its key, and within which bound.
fn how_the_key_is_proven(kind: &Kind) -> String {
    let Kind::PossibleOutputs {
        checker,
        preemption_bound,
        ..
    } = kind
    else {
        return String::new();
    };
    let explorer = match checker {
        Checker::Loom => "loom explored every schedule of this program",
        Checker::Shuttle => "shuttle explored every schedule of this program, depth first,",
    };
    let bound = match preemption_bound {
        Some(n) => format!(" that preempts a thread at most {n} times"),
        None => String::new(),
    };
    format!(
        "<p class=\"quiz-proof\">How the key is proven: {explorer}{bound} and found \
         exactly the outputs marked possible.</p>\n"
    )
}

/// The table of every quiz on the progress page; `page` is the progress
/// page's own path, for relative links.
fn progress(quizzes: &[(String, Quiz)], page: Option<&Path>) -> String {
    let up = page
        .and_then(Path::parent)
        .map_or(0, |dir| dir.components().count());
    let prefix = "../".repeat(up);
    let mut html = String::from(
        "<section class=\"quiz-progress\">\n<table>\n<thead><tr><th scope=\"col\">Quiz</th>\
         <th scope=\"col\">Questions</th><th scope=\"col\">Right</th></tr></thead>\n<tbody>\n",
    );
    for (page, quiz) in quizzes {
        let questions: Vec<String> = quiz
            .questions
            .iter()
            .map(|q| {
                let version = fnv1a(&format!("{:?}|{}", q.kind, q.context));
                format!("{}:{version:016x}", q.id)
            })
            .collect();
        let _ = writeln!(
            html,
            "<tr data-quiz=\"{}\" data-questions=\"{}\"><td><a href=\"{prefix}{page}#{}\">{}</a>\
             </td><td>{}</td><td class=\"quiz-progress-score\">not started</td></tr>",
            escape(&quiz.id),
            questions.join(" "),
            crate::course::slug(&quiz.title),
            escape(&quiz.title),
            quiz.questions.len()
        );
    }
    html.push_str(
        "</tbody>\n</table>\n<p class=\"quiz-actions\"><button type=\"button\" \
         class=\"quiz-reset-all\">Reset every answer</button></p>\n</section>\n\n",
    );
    html
}

/// How a typed answer is compared: trimmed, lowercase, spaces collapsed.
fn normalize_answer(answer: &str) -> String {
    answer
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The visible lines of a program (hidden `# ` lines left out) as a code
/// block that mdBook's highlighting picks up.
fn code_block(program: &str) -> String {
    let shown: Vec<&str> = program
        .lines()
        .filter(|line| {
            let t = line.trim_start();
            !(t.starts_with("# ") || t == "#")
        })
        .collect();
    format!(
        "<pre><code class=\"language-rust\">{}</code></pre>\n",
        escape(shown.join("\n").trim_end())
    )
}

/// Markdown as HTML, with links to `.md` pages pointing at their `.html`.
fn markdown(text: &str) -> String {
    static MD_LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r##"href="([^"#:]*)\.md(#[^"]*)?""##).unwrap());
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    MD_LINK
        .replace_all(&html, r##"href="$1.html$2""##)
        .into_owned()
}

/// One paragraph of Markdown without its `<p>`.
fn inline_markdown(text: &str) -> String {
    let html = markdown(text);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_owned()
}

/// No blank line anywhere (one would end the HTML block): line breaks in
/// `<pre>` become `&#10;`, other empty lines go.
fn without_blank_lines(html: &str) -> String {
    static PRE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<pre>.*?</pre>").unwrap());
    let kept = PRE.replace_all(html, |caps: &regex::Captures| {
        caps[0].replace('\n', "&#10;")
    });
    kept.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// 64-bit FNV-1a: a stable fingerprint of a question, so that editing it
/// forgets only its saved answer.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The choices in an order fixed by the question's id: not the order they
/// are written in (the answer first), and the same on every build.
fn shuffle<T>(items: &mut [T], seed: &str) {
    let mut state = fnv1a(seed) | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_one_html_block() {
        let quiz = quiz::parse(
            Path::new("q.toml"),
            "title = \"Check yourself\"\n[[questions]]\nid = \"t\"\ntype = \"Tracing\"\n\
             prompt.program = '''\n# use std::thread;\nfn main() {\n\n    println!(\"a<b\");\n}\n'''\n\
             answer.doesCompile = true\nanswer.stdout = \"a<b\"\n\
             context = \"See [threads](ch01-threading.md#spawning).\"\n",
        )
        .unwrap();
        let html = render(&quiz);
        let block = html.split_once("\n\n").unwrap().1.trim_end();
        assert!(!block.contains("\n\n"), "{block}");
        assert!(block.contains("a&lt;b") && !block.contains("use std::thread"));
        assert!(
            block.contains("href=\"ch01-threading.html#spawning\""),
            "{block}"
        );
        assert!(html.starts_with("## Check yourself\n"));
    }

    #[test]
    fn choices_are_shuffled_the_same_way_every_time() {
        let mut a = [1, 2, 3, 4, 5];
        let mut b = a;
        shuffle(&mut a, "q");
        shuffle(&mut b, "q");
        assert_eq!(a, b);
        assert_ne!(a, [1, 2, 3, 4, 5]);
    }
}
