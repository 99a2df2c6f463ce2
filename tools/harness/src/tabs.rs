//! Tabs: the same example in two languages, one shown at a time.
//!
//! ````text
//! {{#tabs language}}
//! {{#tab Python}}
//! ```python
//! {{#include ../listings/ch01-threading/python/io_fan_out.py}}
//! ```
//! {{#tab Rust}}
//! ```rust
//! {{#rustdoc_include ../listings/ch01-threading/src/bin/io_bound_fan_out.rs:main}}
//! ```
//! {{#endtabs}}
//! ````
//!
//! becomes a group of panels, each still Markdown (so its code blocks are
//! the book's like any other). `theme/tabs.js` turns a group into tabs and
//! remembers the reader's choice for every group of the same name (here
//! `language`), on every page; without a script the panels stand one after
//! another, each labelled.

use std::sync::LazyLock;

use regex::Regex;

static OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\{\{#tabs\s+([\w-]+)\s*\}\}[ \t]*$").unwrap());
static TAB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\{\{#tab\s+([^}]+?)\s*\}\}[ \t]*$").unwrap());
static CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\{\{#endtabs\s*\}\}[ \t]*$").unwrap());

/// A chapter with its tab groups as HTML panels around their Markdown.
/// `Err` names the line of a group that is not well formed.
pub fn expand(content: &str) -> Result<String, (usize, String)> {
    let mut out = String::new();
    let mut rest = content;
    let mut offset = 0;
    while let Some(open) = OPEN.captures(rest) {
        let whole = open.get(0).unwrap();
        let line = crate::fences::line_of(content, offset + whole.start());
        let group = open[1].to_owned();
        let after = &rest[whole.end()..];
        let close = CLOSE.find(after).ok_or((
            line,
            format!("`{{{{#tabs {group}}}}}` has no `{{{{#endtabs}}}}`"),
        ))?;
        let body = &after[..close.start()];
        out.push_str(&rest[..whole.start()]);
        out.push_str(&group_html(&group, body).map_err(|why| (line, why))?);
        let consumed = whole.end() + close.end();
        offset += consumed;
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    if let Some(stray) = TAB.find(&out).or_else(|| CLOSE.find(&out)) {
        let line = crate::fences::line_of(&out, stray.start());
        return Err((
            line,
            format!("`{}` outside `{{{{#tabs}}}}`", stray.as_str()),
        ));
    }
    Ok(out)
}

fn group_html(group: &str, body: &str) -> Result<String, String> {
    let labels: Vec<(String, usize, usize)> = TAB
        .captures_iter(body)
        .map(|c| {
            let m = c.get(0).unwrap();
            (c[1].trim().to_owned(), m.start(), m.end())
        })
        .collect();
    if labels.len() < 2 {
        return Err(format!(
            "`{{{{#tabs {group}}}}}` needs two `{{{{#tab NAME}}}}` or more"
        ));
    }
    if !body[..labels[0].1].trim().is_empty() {
        return Err("text before the first `{{#tab NAME}}`".into());
    }
    let mut html = format!("\n<div class=\"tabs\" data-tabs=\"{}\">\n", escape(group));
    for (i, (label, _, end)) in labels.iter().enumerate() {
        let next = labels.get(i + 1).map_or(body.len(), |(_, start, _)| *start);
        let panel = body[*end..next].trim_matches('\n');
        html.push_str(&format!(
            "<div class=\"tab-panel\" data-tab=\"{}\">\n\n{panel}\n\n</div>\n",
            escape(label)
        ));
    }
    html.push_str("</div>\n");
    Ok(html)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_becomes_panels_around_its_markdown() {
        let chapter = "Intro.\n\n{{#tabs language}}\n{{#tab Python}}\n```python\nprint(1)\n```\n\
                       {{#tab Rust}}\n```rust\nfn main() {}\n```\n{{#endtabs}}\n\nAfter.\n";
        let html = expand(chapter).unwrap();
        assert!(html.contains("<div class=\"tabs\" data-tabs=\"language\">"));
        assert!(html.contains(
            "<div class=\"tab-panel\" data-tab=\"Python\">\n\n```python\nprint(1)\n```\n\n</div>"
        ));
        assert!(html.contains("data-tab=\"Rust\""));
        assert!(html.starts_with("Intro.") && html.ends_with("After.\n"));
        assert_eq!(
            crate::fences::fences(&html).len(),
            crate::fences::fences(chapter).len(),
            "the code blocks are the same"
        );
    }

    #[test]
    fn a_malformed_group_names_its_line() {
        let unclosed = "a\n\n{{#tabs language}}\n{{#tab Python}}\nx\n{{#tab Rust}}\ny\n";
        assert_eq!(expand(unclosed).unwrap_err().0, 3);
        let one = "{{#tabs language}}\n{{#tab Rust}}\ny\n{{#endtabs}}\n";
        assert!(expand(one).unwrap_err().1.contains("needs two"));
        let stray = "text\n{{#tab Rust}}\n";
        assert_eq!(expand(stray).unwrap_err().0, 2);
    }
}
