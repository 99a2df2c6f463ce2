//! Finding fenced code blocks in a chapter, with the line each starts on.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// One fenced (or indented) code block of a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The info string after the opening fence (`rust,compile_fail,E0277`);
    /// `None` for an indented code block, which has none.
    pub info: Option<String>,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The block's text, without the fences.
    pub content: String,
}

impl Fence {
    /// 1-based line of the block's first content line.
    pub fn content_line(&self) -> usize {
        if self.info.is_some() {
            self.line + 1
        } else {
            self.line
        }
    }
}

/// Every code block of `markdown`, in order.
pub fn fences(markdown: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<Fence> = None;
    for (event, range) in Parser::new_ext(markdown, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.trim().to_owned()),
                    CodeBlockKind::Indented => None,
                };
                let line = line_of(markdown, range.start);
                open = Some(Fence {
                    info,
                    line,
                    content: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(fence) = open.as_mut() {
                    fence.content.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fences_with_their_lines() {
        let md = "# T\n\n```rust\nfn main() {}\n```\n\ntext\n\n    indented\n\n```\nbare\n```\n";
        let found = fences(md);
        assert_eq!(found.len(), 3);
        assert_eq!((found[0].info.as_deref(), found[0].line), (Some("rust"), 3));
        assert_eq!(found[0].content, "fn main() {}\n");
        assert_eq!((found[1].info.as_deref(), found[1].line), (None, 9));
        assert_eq!((found[2].info.as_deref(), found[2].line), (Some(""), 11));
    }
}
