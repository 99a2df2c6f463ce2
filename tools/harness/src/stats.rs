//! How much a page asks of a reader: its words of prose (code, speaker
//! notes, markup and link targets left out), and the code blocks it shows,
//! with the longest one as the reader sees it (hidden lines left out, and
//! blocks folded in a `<details>` a reader must open left out).

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::blocks::Kind;
use crate::plan::{Block, Plan};

/// One page of the book, measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStats {
    /// The chapter file, relative to the book root.
    pub page: PathBuf,
    pub words: usize,
    /// Code blocks shown (quiz programs not counted: they sit in a quiz).
    pub blocks: usize,
    /// Lines the reader sees of the longest block not folded away in a
    /// `<details>`, and the line of its fence.
    pub longest: usize,
    pub longest_at: usize,
}

/// Every page in `src/SUMMARY.md`'s order, measured.
pub fn pages(root: &Path, plan: &Plan) -> Result<Vec<PageStats>, String> {
    let summary = root.join("src/SUMMARY.md");
    let text =
        std::fs::read_to_string(&summary).map_err(|e| format!("{}: {e}", summary.display()))?;
    let mut pages = Vec::new();
    for target in summary_pages(&text) {
        let page = Path::new("src").join(target);
        let file = root.join(&page);
        let markdown =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let shown: Vec<&Block> = (plan.blocks.iter())
            .filter(|b| b.chapter == page && b.question.is_none())
            .collect();
        let folded = folded_lines(&markdown);
        let (longest, longest_at) = (shown.iter())
            .filter(|b| !folded.iter().any(|lines| lines.contains(&b.line)))
            .map(|b| (visible_lines(b), b.line))
            .max_by_key(|&(lines, at)| (lines, std::cmp::Reverse(at)))
            .unwrap_or((0, 0));
        pages.push(PageStats {
            words: prose_words(&markdown),
            blocks: shown.len(),
            longest,
            longest_at,
            page,
        });
    }
    Ok(pages)
}

/// The lines (1-based) inside each `<details>` other than speaker notes: a
/// block there is a click away (a whole file behind its fragments), not on
/// screen.
fn folded_lines(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let mut folds = Vec::new();
    let mut open = None;
    for (index, line) in markdown.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim();
        if open.is_none() && trimmed.starts_with("<details") && !trimmed.contains("speaker-notes") {
            open = Some(line_number);
        } else if trimmed == "</details>"
            && let Some(start) = open.take()
        {
            folds.push(start..line_number);
        }
    }
    folds
}

/// The chapter files SUMMARY.md links to, in order.
fn summary_pages(summary: &str) -> Vec<&str> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\]\(([^)]+\.md)\)").unwrap());
    LINK.captures_iter(summary)
        .map(|c| c.get(1).unwrap().as_str())
        .collect()
}

/// The lines of a block that the reader sees: in Rust, mdBook hides a line
/// that is `#` alone or starts with `# ` (after indentation).
pub fn visible_lines(block: &Block) -> usize {
    let rust = matches!(
        block.kind,
        Kind::Run
            | Kind::CompileFail { .. }
            | Kind::CompileFailMessage { .. }
            | Kind::RunWithOutput
            | Kind::Module
            | Kind::ExerciseSolution
            | Kind::RunElsewhere { .. }
    );
    let hidden = |line: &str| {
        let line = line.trim_start();
        line == "#" || line.starts_with("# ")
    };
    (block.text.lines())
        .filter(|line| !(rust && hidden(line)))
        .count()
}

/// Words of prose in a chapter's markdown: fenced code, speaker notes, HTML
/// tags, `{{#…}}` directives, link targets and link definitions left out.
pub fn prose_words(markdown: &str) -> usize {
    static NOTES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?s)<details class="speaker-notes">.*?</details>"#).unwrap()
    });
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[a-zA-Z][^>]*>").unwrap());
    // A link definition: `[std-mutex]: https://…`.
    static DEFINITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\[[^\]]+\]:\s+\S+\s*$").unwrap());
    static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{#[^}]*\}\}").unwrap());
    static TARGET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\]\([^)]*\)|\]\[[^\]]*\]").unwrap());
    let mut prose = String::new();
    let mut fence: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let ticks: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        match &fence {
            Some(open) if trimmed.starts_with(open.as_str()) && trimmed.trim() == ticks => {
                fence = None
            }
            Some(_) => {}
            None if ticks.len() >= 3 => fence = Some(ticks),
            None if DEFINITION.is_match(trimmed) => {}
            None => {
                prose.push_str(line);
                prose.push('\n');
            }
        }
    }
    let prose = NOTES.replace_all(&prose, " ");
    let prose = TAG.replace_all(&prose, " ");
    let prose = DIRECTIVE.replace_all(&prose, " ");
    let prose = TARGET.replace_all(&prose, " ");
    (prose.split_whitespace())
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Origin;

    #[test]
    fn prose_leaves_out_code_notes_markup_and_links() {
        let markdown = "\
# Threads run [in parallel](ch01.md#there)

```rust
fn main() { println!(\"not prose\"); }
```

<p class=\"caption\">Listing 1-1: two words.</p>

<details class=\"speaker-notes\">
<summary>Speaker notes</summary>

- **Ask:** not for readers.

</details>

{{#quiz ../quizzes/ch01.toml}}
| a | b |
|---|---|
See [`Mutex`][std-mutex] too.

[std-mutex]: https://doc.rust-lang.org/std/sync/struct.Mutex.html
";
        // Threads run in parallel (4), Listing 1-1: two words. (4), a b (2),
        // See Mutex too. (3); `#` and `|---|` are not words.
        assert_eq!(prose_words(markdown), 13);
    }

    #[test]
    fn folded_details_are_found_but_speaker_notes_are_not() {
        let markdown = "a\n<details>\n<summary>x</summary>\n\n```rust\n```\n</details>\n\
<details class=\"speaker-notes\">\n```rust\n```\n</details>\n";
        assert_eq!(folded_lines(markdown), vec![2..7]);
    }

    #[test]
    fn hidden_rust_lines_are_not_shown() {
        let block = |kind: Kind, text: &str| Block {
            chapter: "src/ch01.md".into(),
            line: 3,
            kind,
            origin: Origin::Chapter,
            text: text.into(),
            aligned: None,
            question: None,
        };
        let text = "# use std::thread;\n#\n#[derive(Debug)]\nstruct A;\n    # fn hidden() {}\nfn main() {}\n";
        assert_eq!(visible_lines(&block(Kind::Run, text)), 3);
        assert_eq!(
            visible_lines(&block(Kind::Figure, text)),
            6,
            "only Rust hides lines"
        );
    }
}
