//! The built book as readers get it. Every link between its pages leads
//! somewhere, code shows the characters a reader would type, and, in
//! headless Chromium, every page loads offline, fits its column, passes
//! axe-core, and search, the themes, print.html and the 404 page work.
//!
//! The book is built once for all of these, into cargo's target directory.

mod cdp;
mod chromium;
mod server;
mod suite;
mod verdict;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use regex::Regex;

/// The path the second build is served under, as on a project site.
const SUB_PATH: &str = "/some-path/";

/// The book as published, built once for every test here.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dest = target_dir().join("site-tests/site");
        build(&dest, None);
        dest
    })
}

/// The book built for `SUB_PATH`: only the browser suite needs it, and only
/// when it runs (the 404 page's `<base>` is all that differs, and it follows
/// from the same sources and the same `book` binary).
fn site_under_sub_path() -> PathBuf {
    let dest = target_dir().join("site-tests/site-under-sub-path");
    build(&dest, Some(SUB_PATH));
    dest
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, as cargo reads it.
fn target_dir() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => std::path::absolute(&dir).unwrap(),
        _ => repo.join("target"),
    }
}

fn build(dest: &Path, site_url: Option<&str>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_book"));
    command.args(["build", "--dest"]).arg(dest);
    if let Some(url) = site_url {
        command.args(["--site-url", url]);
    }
    let built = command.output().unwrap();
    let warnings = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{warnings}");
    // mdBook warns about what it renders wrongly (an unclosed HTML tag: a
    // `<pid>` outside backticks vanishes from the page).
    assert!(warnings.is_empty(), "mdBook warned:\n{warnings}");
}

/// Every HTML page of a built site, by file name, sorted.
fn read_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn the_site_works_in_a_browser() {
    let Some(chromium) = chromium::chromium() else {
        return;
    };
    let Some(axe) = suite::Axe::find() else {
        return;
    };
    let browser_version = version_of(chromium);
    let book = verdict::fingerprint(Path::new(env!("CARGO_BIN_EXE_book")));
    let this_test = verdict::fingerprint(&std::env::current_exe().unwrap());
    let global = [&browser_version, &axe.source, &book, &this_test].map(|s| s.as_bytes());
    let mut verdicts = verdict::Verdicts::load();
    if std::env::var_os("BOOK_BROWSER_RERUN").is_some_and(|v| v != "0") {
        verdicts = verdict::Verdicts::forget(verdicts);
    }
    let work = suite::Work::plan(site(), &global, &verdicts);
    if work.is_empty() {
        chromium::say(&format!(
            "browser suite: all {} checks passed before on these very bytes (last at {}); \
             not re-run (set BOOK_BROWSER_RERUN=1 to force)",
            work.keys.len(),
            verdicts.latest(&work.keys).unwrap_or_default()
        ));
        return;
    }
    let report = suite::run(
        chromium,
        &axe,
        site(),
        &work,
        &site_under_sub_path,
        SUB_PATH,
    );
    let (ran, all) = (work.len(), work.keys.len());
    chromium::say(&match all - ran {
        0 => format!("browser suite: ran all {all} checks"),
        skipped => format!(
            "browser suite: ran {ran} of {all} checks (the other {skipped} passed before \
             on these very bytes)"
        ),
    });
    for line in &report.summary {
        chromium::say(&format!("browser suite: {line}"));
    }
    verdicts.record(report.passed);
    let all = target_dir().join("site-tests/browser-suite-problems.txt");
    std::fs::write(&all, report.problems.join("\n")).unwrap();
    const SHOWN: usize = 100;
    assert!(
        report.problems.is_empty(),
        "the browser suite ({browser_version}, axe-core {}) found {} problem(s){}:\n{}",
        axe.version,
        report.problems.len(),
        match report.problems.len() > SHOWN {
            true => format!(", the first {SHOWN} here, all in {}", all.display()),
            false => String::new(),
        },
        report.problems[..report.problems.len().min(SHOWN)].join("\n"),
    );
}

fn version_of(chromium: &str) -> String {
    let output = Command::new(chromium).arg("--version").output().unwrap();
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Typographic punctuation that mdBook's smart punctuation puts into text;
/// in code it breaks copy and paste (`–release` is no flag). An ellipsis is
/// allowed: in code it marks an elision.
const TYPOGRAPHIC: [char; 6] = [
    '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
];

#[test]
fn code_shows_plain_punctuation() {
    let code = Regex::new(r"(?s)<(?:code|pre)\b[^>]*>(.*?)</(?:code|pre)>").unwrap();
    let (mut blocks, mut found) = (0, Vec::new());
    for (name, html) in read_pages(site()) {
        for text in code
            .captures_iter(&html)
            .map(|c| c.get(1).unwrap().as_str())
        {
            blocks += 1;
            if let Some(c) = text.chars().find(|c| TYPOGRAPHIC.contains(c)) {
                let line = text.lines().find(|l| l.contains(c)).unwrap_or_default();
                found.push(format!("{name}: U+{:04X} in `{}`", c as u32, line.trim()));
            }
        }
    }
    assert!(
        blocks > 100,
        "the book's code was found ({blocks} elements)"
    );
    assert!(
        found.is_empty(),
        "code with typographic punctuation (write it in `backticks`, not raw <code>):\n{}",
        found.join("\n")
    );
}

/// Every link between the book's pages, and every `#anchor`, leads
/// somewhere. (mdBook only warns about a missing page and says nothing of an
/// anchor.)
#[test]
fn every_internal_link_and_anchor_resolves() {
    let dest = site();
    let pages = read_pages(dest);
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(name, html)| (name.as_str(), attribute_values(html, "id")))
        .collect();
    let mut broken = Vec::new();
    for (name, html) in pages.iter().filter(|(name, _)| name != "print.html") {
        for href in attribute_values(html, "href") {
            if let Some(problem) = check_link(dest, name, href, &ids) {
                broken.push(problem);
            }
        }
        for src in attribute_values(html, "src") {
            if let Some(problem) = check_file(dest, name, src) {
                broken.push(problem);
            }
        }
    }
    assert!(ids.len() > 5, "the book has its chapters");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
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
    let mut file = dest.join(path.trim_start_matches("./").trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html"); // 404.html's `<base href="/">`
    }
    (!file.is_file()).then(|| format!("{from}: `{src}`: no such file in the built book"))
}

/// `None` when `href` (found on page `from`) resolves; otherwise why not.
fn check_link(
    dest: &Path,
    from: &str,
    href: &str,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Option<String> {
    if href.contains("://") || href.starts_with("mailto:") {
        return None; // external: not checked offline
    }
    let (page, anchor) = href.split_once('#').unwrap_or((href, ""));
    let page = page.split('?').next().unwrap_or_default();
    if !page.is_empty() && !page.ends_with(".html") {
        return check_file(dest, from, page); // a stylesheet, an icon, a chart
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

/// `tools/handout.sh` prints print.html to a complete PDF; when it cannot
/// (no browser, or a browser that writes half a file) it fails with one
/// message and leaves OUT as it was. Either way nothing is left in `$TMPDIR`.
#[test]
fn the_handout_script_writes_a_whole_pdf_or_nothing() {
    let Some(chromium) = chromium::chromium() else {
        return;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap();
    let scratch = tempfile::TempDir::new().unwrap();
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let out = scratch.path().join("handout.pdf");
    let run = |browser: &std::ffi::OsStr| {
        Command::new("bash")
            .arg(repo.join("tools/handout.sh"))
            .arg(&out)
            .env("TMPDIR", &tmp)
            .env("BOOK", env!("CARGO_BIN_EXE_book"))
            .env("CHROMIUM", browser)
            .output()
            .unwrap()
    };
    let left_behind = || -> Vec<_> {
        let in_tmp = std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().path());
        let beside_out = std::fs::read_dir(scratch.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p != &tmp && p != &out);
        in_tmp.chain(beside_out).collect()
    };

    let started = std::time::Instant::now();
    let printed = run(chromium.as_ref());
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&printed.stderr);
    assert!(printed.status.success(), "handout.sh failed:\n{said}");
    let pdf = std::fs::read(&out).unwrap();
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(1024)..]);
    assert!(
        pdf.starts_with(b"%PDF-") && tail.contains("%%EOF"),
        "not a whole PDF"
    );
    let pages = Regex::new(r"/Type\s*/Page\b")
        .unwrap()
        .find_iter(&String::from_utf8_lossy(&pdf))
        .count();
    assert!(pages > 50, "the handout has {pages} pages: not the book");
    assert_eq!(left_behind(), Vec::<PathBuf>::new(), "left behind");
    chromium::say(&format!(
        "handout.sh: {pages} pages, {} bytes, in {took:.1?}",
        pdf.len()
    ));

    let missing = run(scratch.path().join("no-such-chromium").as_os_str());
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        !missing.status.success() && said.contains("no Chromium"),
        "{said}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), pdf, "OUT changed");
    assert_eq!(left_behind(), Vec::<PathBuf>::new(), "left behind");

    // A browser that stops halfway through the file.
    let half = scratch.path().join("half-a-browser");
    std::fs::write(
        &half,
        "#!/bin/sh\nfor a; do case $a in --print-to-pdf=*) \
         printf '%%PDF-1.4\\n1 0 obj' >\"${a#--print-to-pdf=}\";; esac; done\n",
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&half).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&half, permissions).unwrap();
    let halfway = run(half.as_os_str());
    let said = String::from_utf8_lossy(&halfway.stderr);
    assert!(
        !halfway.status.success() && said.contains("no complete PDF"),
        "{said}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), pdf, "OUT changed");
    std::fs::remove_file(&half).unwrap();
    assert_eq!(left_behind(), Vec::<PathBuf>::new(), "left behind");
}
