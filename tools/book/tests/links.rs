//! Every link between the book's pages, and every `#anchor`, leads somewhere.
//! (mdBook only warns about a missing page and says nothing of an anchor.)

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use regex::Regex;

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = tempfile::TempDir::new().unwrap();
    let dest = site.path().join("book");
    let built = Command::new(env!("CARGO_BIN_EXE_book"))
        .args(["build", "--dest"])
        .arg(&dest)
        .output()
        .unwrap();
    let warnings = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{warnings}");
    // mdBook warns about what it renders wrongly (an unclosed HTML tag: a
    // `<pid>` outside backticks vanishes from the page).
    assert!(warnings.is_empty(), "mdBook warned:\n{warnings}");

    let pages = read_pages(&dest);
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(name, html)| (name.as_str(), attribute_values(html, "id")))
        .collect();
    let mut broken = Vec::new();
    for (name, html) in pages.iter().filter(|(name, _)| name != "print.html") {
        for href in attribute_values(html, "href") {
            if let Some(problem) = check_link(name, href, &ids) {
                broken.push(problem);
            }
        }
        for src in attribute_values(html, "src") {
            if let Some(problem) = check_file(&dest, name, src) {
                broken.push(problem);
            }
        }
    }
    assert!(ids.len() > 5, "the book has its chapters");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn read_pages(dir: &Path) -> Vec<(String, String)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn attribute_values<'a>(html: &'a str, attribute: &str) -> HashSet<&'a str> {
    let pattern = Regex::new(&format!(r#"\s{attribute}="([^"]*)""#)).unwrap();
    pattern
        .captures_iter(html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect()
}

/// `None` when `src` (an image or script on page `from`) is a file of the
/// built book, or external.
fn check_file(dest: &Path, from: &str, src: &str) -> Option<String> {
    if src.contains("://") || src.starts_with("data:") || src.starts_with("{{") {
        return None;
    }
    let path = src.split(['?', '#']).next().unwrap_or_default();
    (!dest.join(path.trim_start_matches("./")).is_file())
        .then(|| format!("{from}: `{src}`: no such file in the built book"))
}

/// `None` when `href` (found on page `from`) resolves; otherwise why not.
fn check_link(from: &str, href: &str, ids: &HashMap<&str, HashSet<&str>>) -> Option<String> {
    if href.contains("://") || href.starts_with("mailto:") {
        return None; // external: not checked offline
    }
    let (page, anchor) = href.split_once('#').unwrap_or((href, ""));
    let page = page.split('?').next().unwrap_or_default();
    if !page.is_empty() && !page.ends_with(".html") {
        return None; // a stylesheet, script or image
    }
    let target = if page.is_empty() {
        from
    } else {
        page.trim_start_matches("./")
    };
    let Some(target_ids) = ids.get(target) else {
        return Some(format!("{from}: `{href}`: no page {target}"));
    };
    (!anchor.is_empty() && !target_ids.contains(anchor))
        .then(|| format!("{from}: `{href}`: no #{anchor} in {target}"))
}
