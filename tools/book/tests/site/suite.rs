//! The browser suite: what a reader's browser does with the built book.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::cdp::Browser;
use crate::server::Server;
use crate::verdict::{Key, Verdicts};

/// The desktop the pages are measured on.
const VIEWPORT: (u32, u32) = (1366, 768);
/// mdBook's themes, in the order they are tried. The last one stays
/// chosen: the dark theme that every page is checked in after the default,
/// light.
const THEMES: [&str; 5] = ["light", "rust", "navy", "ayu", DARK];
const DARK: &str = "coal";
/// WCAG 2.1 AA for text of the size these are.
const AA: f64 = 4.5;
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/// WCAG 2.1's minimum contrast for what is not text (icons, focus rings).
const NON_TEXT: f64 = 3.0;
/// The pages print.html leaves out of a student's handout, as
/// theme/speaker-notes.js names them: the solutions (back with `?solutions`)
/// and the instructor's guide (back with the speaker notes). The guide may
/// be missing; then there is nothing of it to leave out.
const LEFT_OUT_OF_HANDOUT: [&str; 2] = ["solutions.html", "instructors-guide.html"];

/// What stock mdBook 0.5.4 gets wrong that the book's theme cannot mend,
/// each with where upstream tracks it. Everything else axe finds fails.
struct Allowed {
    rule: &'static str,
    page: &'static str,
    why: &'static str,
    upstream: &'static str,
}

const ALLOWED: &[Allowed] = &[Allowed {
    rule: "document-title",
    page: "toc.html",
    why: "the sidebar page for readers without JavaScript has no <title> and runs no script",
    upstream: "https://github.com/rust-lang/mdBook/issues/1915",
}];

/// axe-core, installed by `npm ci` in tools/browser.
pub struct Axe {
    pub source: String,
    pub version: String,
}

impl Axe {
    /// `None` (the test says it skipped) when it is not installed.
    pub fn find() -> Option<Axe> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../browser/node_modules/axe-core");
        let (Ok(source), Ok(package)) = (
            std::fs::read_to_string(dir.join("axe.min.js")),
            std::fs::read_to_string(dir.join("package.json")),
        ) else {
            crate::chromium::skipped("no axe-core (install it: cd tools/browser && npm ci)");
            return None;
        };
        let package: Value = serde_json::from_str(&package).unwrap();
        Some(Axe {
            source,
            version: package["version"].as_str().unwrap_or("?").to_owned(),
        })
    }
}

/// What the suite found: problems, each naming its page, and a few lines
/// worth printing either way.
pub struct Report {
    pub problems: Vec<String>,
    /// The keys of the checks that found nothing.
    pub passed: Vec<String>,
    pub summary: Vec<String>,
}

/// The checks beyond one page at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteCheck {
    Search,
    Themes,
    Print,
    NotFound,
    Quiz,
    Tabs,
    SpeakerNotes,
    Handout,
}

/// One check, and the key its pass is recorded under.
pub struct Check<T> {
    what: T,
    key: String,
}

/// What a run must check: every check whose inputs changed since it last
/// passed (see `verdict.rs`).
pub struct Work {
    /// The pages to visit in the light theme and in `DARK`.
    light: Vec<Check<String>>,
    dark: Vec<Check<String>>,
    site: Vec<Check<SiteCheck>>,
    /// Every check's key, to run or passed before.
    pub keys: Vec<String>,
}

impl Work {
    /// The checks of `site` that have not passed on these very inputs;
    /// `global` holds what every check depends on (browser, axe, binaries).
    pub fn plan(site: &Path, global: &[&[u8]], verdicts: &Verdicts) -> Work {
        let base = global.iter().fold(Key::new(), |key, part| key.with(part));
        let is_html = |p: &Path| p.extension().is_some_and(|e| e == "html");
        // The search index's name is in every page, but only search reads it.
        let assets = base
            .clone()
            .with_files(site, &|p| !is_html(p) && !is_search_index(p), &normalized)
            .finish();
        let pages = html_pages(site);
        let html: BTreeMap<&str, Vec<u8>> = pages
            .iter()
            .map(|name| (name.as_str(), normalized(&site.join(name))))
            .collect();
        let page_checks = |theme: &str| -> Vec<Check<String>> {
            pages
                .iter()
                .map(|name| Check {
                    what: name.clone(),
                    key: base
                        .clone()
                        .with(theme.as_bytes())
                        .with(name.as_bytes())
                        .with(&html[name.as_str()])
                        .with(assets.as_bytes())
                        .finish(),
                })
                .collect()
        };
        let site_check = |what: SiteCheck, key: Key| Check {
            what,
            key: key.with(format!("{what:?}").as_bytes()).finish(),
        };
        let with_pages = |names: &[&str]| {
            names
                .iter()
                .fold(base.clone(), |key, name| key.with(&html[name]))
                .with(assets.as_bytes())
        };
        let all: Vec<&str> = pages.iter().map(String::as_str).collect();
        let site = vec![
            site_check(
                SiteCheck::Search,
                base.clone()
                    .with_files(site, &|_| true, &|p| std::fs::read(p).unwrap()),
            ),
            site_check(
                SiteCheck::Themes,
                with_pages(&["index.html", "ch00-introduction.html"]),
            ),
            site_check(SiteCheck::Print, with_pages(&all)),
            site_check(SiteCheck::NotFound, with_pages(&["404.html"])),
            site_check(SiteCheck::Quiz, with_pages(&all)),
            site_check(SiteCheck::Tabs, with_pages(&all)),
            site_check(SiteCheck::SpeakerNotes, with_pages(&all)),
            site_check(SiteCheck::Handout, with_pages(&all)),
        ];
        let (light, dark) = (page_checks("light"), page_checks(DARK));
        let keys = (light.iter().chain(&dark).map(|c| &c.key))
            .chain(site.iter().map(|c| &c.key))
            .cloned()
            .collect();
        Work {
            light: light
                .into_iter()
                .filter(|c| !verdicts.passed(&c.key))
                .collect(),
            dark: dark
                .into_iter()
                .filter(|c| !verdicts.passed(&c.key))
                .collect(),
            site: site
                .into_iter()
                .filter(|c| !verdicts.passed(&c.key))
                .collect(),
            keys,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.light.is_empty() && self.dark.is_empty() && self.site.is_empty()
    }

    /// How many checks this run makes.
    pub fn len(&self) -> usize {
        self.light.len() + self.dark.len() + self.site.len()
    }

    fn needs(&self, check: SiteCheck) -> Option<&Check<SiteCheck>> {
        self.site.iter().find(|c| c.what == check)
    }
}

fn is_search_index(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("searchindex"))
}

/// A file of the site with the search index's name masked: that name is in
/// every page and in the search script, it changes with every edit of any
/// page, and nothing but search loads the index.
fn normalized(path: &Path) -> Vec<u8> {
    static INDEX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"searchindex-[0-9a-f]+\.js").unwrap());
    let bytes = std::fs::read(path).unwrap();
    match String::from_utf8(bytes) {
        Ok(text) => INDEX
            .replace_all(&text, "searchindex.js")
            .into_owned()
            .into_bytes(),
        Err(binary) => binary.into_bytes(),
    }
}

fn html_pages(site: &Path) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".html"))
        .collect();
    pages.sort();
    pages
}

/// Each chapter's title, as its page's first heading says it.
fn chapter_titles(site: &Path) -> BTreeMap<String, String> {
    html_pages(site)
        .into_iter()
        .filter(|page| page.starts_with("ch"))
        .filter_map(|page| Some((page.clone(), page_title(site, &page)?)))
        .collect()
}

/// The text of a page's first heading; `None` when there is no such page.
fn page_title(site: &Path, page: &str) -> Option<String> {
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<main>.*?<h1\b[^>]*>(.*?)</h1>").unwrap());
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
    let html = std::fs::read_to_string(site.join(page)).ok()?;
    let heading = HEADING.captures(&html)?.get(1)?.as_str().to_owned();
    let text = TAG.replace_all(&heading, "");
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    Some(text.trim().to_owned())
}

struct Suite<'a> {
    browser: Browser,
    server: Server,
    axe: &'a Axe,
    site: PathBuf,
    problems: Vec<String>,
    /// The keys of the checks that found nothing.
    passed: Vec<String>,
    /// axe's violating nodes by theme and rule, allowed ones included.
    axe_nodes: BTreeMap<(String, String), usize>,
    /// The lowest contrast seen by theme and kind of text.
    contrast: BTreeMap<(String, String), f64>,
    scrolling: usize,
}

/// Runs `work`: the light theme and `DARK` each in a browser of its own, at
/// once (two servers, so the themes do not share the browser's storage).
/// `site_under` builds the site for `sub_path`, when that check runs.
pub fn run(
    chromium: &str,
    axe: &Axe,
    site: &Path,
    work: &Work,
    site_under: &(dyn Fn() -> PathBuf + Sync),
    sub_path: &str,
) -> Report {
    let light = || {
        let mut suite = Suite::start(chromium, axe, site);
        suite.visit("light", &work.light);
        if let Some(check) = work.needs(SiteCheck::Search) {
            suite.passes(&check.key, Suite::search_finds_and_opens_a_page);
        }
        if let Some(check) = work.needs(SiteCheck::Print) {
            suite.passes(&check.key, Suite::print_page_holds_every_chapter);
        }
        if let Some(check) = work.needs(SiteCheck::Handout) {
            suite.passes(&check.key, Suite::print_page_is_a_handout);
        }
        if let Some(check) = work.needs(SiteCheck::Quiz) {
            suite.passes(&check.key, Suite::quiz_keeps_answers_until_reset);
        }
        if let Some(check) = work.needs(SiteCheck::Tabs) {
            suite.passes(&check.key, Suite::a_chosen_tab_holds_on_other_pages);
        }
        if let Some(check) = work.needs(SiteCheck::SpeakerNotes) {
            suite.passes(&check.key, Suite::speaker_notes_show_hide_and_persist);
        }
        if let Some(check) = work.needs(SiteCheck::NotFound) {
            let under = site_under();
            suite.passes(&check.key, |suite| {
                suite.not_found_page_is_styled_under(&under, sub_path)
            });
        }
        suite
    };
    let dark = || {
        let mut suite = Suite::start(chromium, axe, site);
        match work.needs(SiteCheck::Themes) {
            // It picks every theme, `DARK` last.
            Some(check) => suite.passes(&check.key, Suite::themes_change_and_persist),
            None => suite.choose_theme(DARK),
        }
        suite.visit(DARK, &work.dark);
        suite
    };
    let needs_dark = !work.dark.is_empty() || work.needs(SiteCheck::Themes).is_some();
    let suites: Vec<Suite> = std::thread::scope(|s| {
        let dark = needs_dark.then(|| s.spawn(dark));
        let light = light();
        std::iter::once(light)
            .chain(dark.map(|d| d.join().expect("the dark-theme run does not panic")))
            .collect()
    });
    report(suites, axe)
}

impl Suite<'_> {
    fn start<'a>(chromium: &str, axe: &'a Axe, site: &Path) -> Suite<'a> {
        let mut suite = Suite {
            browser: Browser::launch(chromium),
            server: Server::start(site, "/"),
            axe,
            site: site.to_path_buf(),
            problems: Vec::new(),
            passed: Vec::new(),
            axe_nodes: BTreeMap::new(),
            contrast: BTreeMap::new(),
            scrolling: 0,
        };
        suite.prepare_the_page();
        suite
    }

    fn prepare_the_page(&mut self) {
        let (width, height) = VIEWPORT;
        self.browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        self.emulate_media("");
        // print.html opens the print dialog once loaded: count, don't open.
        self.browser.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.print = () => { window.printed = (window.printed || 0) + 1; };"}),
        );
    }

    /// The screen (`""`) or paper (`"print"`), of a light desktop unless
    /// the reader picks a theme.
    fn emulate_media(&mut self, media: &str) {
        self.browser.call(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": "light"}]}),
        );
    }

    fn fail(&mut self, page: &str, problem: impl std::fmt::Display) {
        self.problems.push(format!("{page}: {problem}"));
    }

    /// Runs one check; when it finds nothing, its key joins the passes.
    fn passes(&mut self, key: &str, check: impl FnOnce(&mut Self)) {
        let before = self.problems.len();
        check(self);
        if self.problems.len() == before {
            self.passed.push(key.to_owned());
        }
    }

    /// Every check of one page, for each page in `pages`, in `theme`
    /// (already chosen).
    fn visit(&mut self, theme: &str, pages: &[Check<String>]) {
        for check in pages {
            self.passes(&check.key, |suite| suite.check_page(&check.what, theme));
        }
    }

    fn check_page(&mut self, page: &str, theme: &str) {
        let url = self.server.url(&format!("/{page}"));
        self.browser.goto(&url);
        self.check_traffic(page, None);
        // toc.html (the sidebar without JavaScript) runs no script, so
        // it never follows the reader's theme.
        if page != "toc.html" {
            self.check_theme(page, theme);
        }
        if theme == "light" {
            self.check_layout(page);
        }
        self.check_contrast(page, theme);
        self.check_axe(page, theme);
    }

    /// Picks `theme` from the theme menu with the mouse.
    fn choose_theme(&mut self, theme: &str) {
        self.browser.goto(&self.server.url("/index.html"));
        self.browser.click("#mdbook-theme-toggle");
        self.browser.wait_until(
            "getComputedStyle(document.getElementById('mdbook-theme-list')).display !== 'none'",
            "the theme menu to open",
        );
        self.browser.click(&format!("#mdbook-theme-{theme}"));
        self.browser.wait_until(
            &format!("document.documentElement.classList.contains('{theme}')"),
            &format!("the {theme} theme"),
        );
    }

    /// Requests and console: everything comes from this server and
    /// arrives; nothing logs an error. `expected` is the page's own status
    /// when that is not 200 (the 404 page).
    fn check_traffic(&mut self, page: &str, expected: Option<u16>) {
        let origin = self.server.origin();
        let document = self.browser.page.clone();
        for problem in traffic_problems(&self.browser.events, &origin, &document, expected) {
            self.fail(page, problem);
        }
    }

    fn check_theme(&mut self, page: &str, theme: &str) {
        let classes = self.browser.eval("document.documentElement.className");
        let classes = classes.as_str().unwrap_or_default();
        if !classes.split(' ').any(|c| c == theme) {
            self.fail(page, format!("shows theme `{classes}`, not {theme}"));
        }
    }

    fn check_layout(&mut self, page: &str) {
        self.browser
            .wait_until("document.fonts.status === 'loaded'", "the fonts");
        let found = self.browser.eval(include_str!("js/layout.js"));
        for problem in found["problems"].as_array().unwrap() {
            self.fail(page, problem.as_str().unwrap());
        }
        self.scrolling += found["scrolling"].as_u64().unwrap() as usize;
    }

    fn check_contrast(&mut self, page: &str, theme: &str) {
        let lowest = self.browser.eval(include_str!("js/contrast.js"));
        for (kind, seen) in lowest.as_object().unwrap() {
            let ratio = seen["ratio"].as_f64().unwrap();
            let worst = self
                .contrast
                .entry((theme.to_owned(), kind.clone()))
                .or_insert(f64::MAX);
            *worst = worst.min(ratio);
            if ratio < AA {
                self.fail(
                    page,
                    format!(
                        "{theme} theme: {kind} contrast {ratio:.2}:1 (below {AA}:1), \
                         rgb{} on rgb{}: {}",
                        seen["fg"],
                        seen["bg"],
                        seen["text"].as_str().unwrap_or_default()
                    ),
                );
            }
        }
    }

    fn check_axe(&mut self, page: &str, theme: &str) {
        self.browser.eval(&format!("{}\n;0", self.axe.source));
        let violations = self.browser.eval(&format!(
            "axe.run(document, {{runOnly: {{type: 'tag', values: {}}}, resultTypes: ['violations']}})
               .then(r => r.violations.map(v => ({{id: v.id, nodes: v.nodes.map(n => ({{
                   target: n.target.join(' '), html: n.html.slice(0, 120),
                   why: (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()}}))}})))",
            json!(AXE_TAGS)
        ));
        for violation in violations.as_array().unwrap() {
            let rule = violation["id"].as_str().unwrap();
            let nodes = violation["nodes"].as_array().unwrap();
            *self
                .axe_nodes
                .entry((theme.to_owned(), rule.to_owned()))
                .or_default() += nodes.len();
            if ALLOWED.iter().any(|a| a.rule == rule && a.page == page) {
                continue;
            }
            for node in nodes {
                self.fail(
                    page,
                    format!(
                        "{theme} theme: axe {rule}: {} ({}) {}",
                        node["target"].as_str().unwrap(),
                        node["why"].as_str().unwrap(),
                        node["html"].as_str().unwrap()
                    ),
                );
            }
        }
    }

    /// mdBook's search runs as the reader types (on keyup), lists results,
    /// and a result opens its page with the words highlighted.
    fn search_finds_and_opens_a_page(&mut self) {
        let page = "search from index.html";
        self.browser.goto(&self.server.url("/index.html"));
        self.browser.click("#mdbook-search-toggle");
        self.browser.wait_until(
            "document.activeElement.id === 'mdbook-searchbar'",
            "the search box to take the focus",
        );
        self.browser.type_text("mutex");
        let header = self.browser.wait_until(
            "(t => /^\\d+ search results? for 'mutex'/.test(t) && t)\
             (document.getElementById('mdbook-searchresults-header').textContent)",
            "search results for 'mutex'",
        );
        let href = self
            .browser
            .eval("document.querySelector('#mdbook-searchresults a').getAttribute('href')");
        let href = href.as_str().unwrap_or_default().to_owned();
        self.check_traffic(page, None);
        self.browser.events.clear();
        self.browser.click("#mdbook-searchresults a");
        self.browser.wait_until_loaded();
        self.check_traffic(page, None);
        let opened = self.browser.page.clone();
        let path = href.split(['?', '#']).next().unwrap_or_default();
        let marks = self
            .browser
            .eval("document.querySelectorAll('main mark').length");
        if !opened.contains(&format!("/{path}")) || marks.as_u64() == Some(0) {
            self.fail(
                page,
                format!(
                    "{header}: the first result, {href}, opened {opened} with {marks} highlights"
                ),
            );
        }
    }

    /// Each theme, picked from the theme menu with the mouse, changes the
    /// page's background and stays chosen across a reload and on another
    /// page, where the captions and badges keep their contrast.
    fn themes_change_and_persist(&mut self) {
        let mut backgrounds = BTreeMap::new();
        for theme in THEMES {
            self.choose_theme(theme);
            let background = self
                .browser
                .eval("getComputedStyle(document.documentElement).backgroundColor");
            backgrounds.insert(background.to_string(), theme);
            self.browser.reload();
            self.check_theme(&format!("index.html reloaded in {theme}"), theme);
            self.browser
                .goto(&self.server.url("/ch00-introduction.html"));
            self.check_theme("ch00-introduction.html after index.html", theme);
            self.check_contrast("ch00-introduction.html", theme);
        }
        if backgrounds.len() != THEMES.len() {
            self.fail(
                "index.html",
                format!("the themes share backgrounds: {backgrounds:?}"),
            );
        }
    }

    /// print.html holds the whole book: each chapter's title is there.
    fn print_page_holds_every_chapter(&mut self) {
        self.browser.goto(&self.server.url("/print.html"));
        self.browser
            .wait_until("window.printed > 0", "print.html to open the print dialog");
        let shown = self
            .browser
            .eval("[...document.querySelectorAll('main h1')].map(h => h.textContent.trim())");
        let shown: Vec<&str> = shown
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let titles = chapter_titles(&self.site);
        let missing: Vec<_> = titles
            .values()
            .filter(|t| !shown.contains(&t.as_str()))
            .collect();
        let chapters = html_pages(&self.site)
            .iter()
            .filter(|p| p.starts_with("ch"))
            .count();
        if !missing.is_empty() || titles.len() != chapters {
            let problem = format!("lacks the chapters {missing:?} (of {titles:?})");
            self.fail("print.html", problem);
        }
    }

    /// On the first page with a quiz: one question answered right with the
    /// mouse, one wrong with the keyboard alone; both are kept across a
    /// reload and counted on the progress page, and "Reset this quiz"
    /// clears them.
    fn quiz_keeps_answers_until_reset(&mut self) {
        let Some(page) = html_pages(&self.site).into_iter().find(|page| {
            std::fs::read_to_string(self.site.join(page))
                .is_ok_and(|html| html.contains("<section class=\"quiz\""))
        }) else {
            return self.fail("the book", "no page has a quiz");
        };
        let url = self.server.url(&format!("/{page}"));
        self.browser.goto(&url);
        let questions = self.browser.eval(include_str!("js/quiz_answers.js"));
        let [right, wrong] = [&questions["right"], &questions["wrong"]].map(|q| {
            (
                q["question"].as_str().unwrap_or_default().to_owned(),
                q["input"].as_str().unwrap_or_default().to_owned(),
            )
        });
        self.browser.click(&right.1);
        self.browser.click(&format!("#{} .quiz-check", right.0));
        self.browser
            .eval(&format!("document.querySelector({:?}).focus()", wrong.1));
        self.browser.press(" ");
        let check = format!("#{} .quiz-check", wrong.0);
        for _ in 0..6 {
            if self.browser.eval(&format!(
                "document.activeElement === document.querySelector({check:?})"
            )) == json!(true)
            {
                break;
            }
            self.browser.press("Tab");
        }
        self.browser.press("Enter");
        self.browser.reload();
        let state = "[...document.querySelectorAll('.quiz-question')]
            .filter(q => q.matches('.quiz-right, .quiz-wrong'))
            .map(q => q.id + (q.matches('.quiz-right') ? ' right' : ' wrong')).join(', ')";
        let kept = self.browser.eval(state);
        let expected = format!("{} right, {} wrong", right.0, wrong.0);
        if kept != json!(expected) {
            self.fail(
                &page,
                format!("after a reload the quiz shows `{kept}`, not `{expected}`"),
            );
        }
        self.browser.goto(&self.server.url("/progress.html"));
        let quiz_id = self
            .browser
            .eval("document.querySelector('tr[data-quiz]').dataset.quiz");
        let score = self.browser.eval(&format!(
            "document.querySelector('tr[data-quiz={quiz_id}] .quiz-progress-score').textContent"
        ));
        if !score.as_str().unwrap_or_default().starts_with("1 of ")
            || !score.as_str().unwrap_or_default().ends_with("(2 answered)")
        {
            self.fail(
                "progress.html",
                format!("shows `{score}` for {quiz_id}, not 1 right of 2 answered"),
            );
        }
        self.browser.goto(&url);
        self.browser.click(".quiz-reset");
        self.browser.reload();
        let after = self.browser.eval(state);
        if after != json!("") {
            self.fail(
                &page,
                format!("after \"Reset this quiz\" and a reload it shows `{after}`"),
            );
        }
        self.check_traffic(&page, None);
    }

    /// On the first page with tab groups, the Python tab clicked shows the
    /// Python panel; on the next page with tabs, Python is already chosen;
    /// the arrow key goes back to Rust, which the first page then shows.
    fn a_chosen_tab_holds_on_other_pages(&mut self) {
        let pages: Vec<String> = html_pages(&self.site)
            .into_iter()
            .filter(|page| page.starts_with("ch"))
            .filter(|page| {
                std::fs::read_to_string(self.site.join(page))
                    .is_ok_and(|html| html.contains("<div class=\"tabs\""))
            })
            .collect();
        let [first, second, ..] = pages.as_slice() else {
            return self.fail(
                "the book",
                format!("tab groups on {} pages, not two or more", pages.len()),
            );
        };
        let (first, second) = (first.clone(), second.clone());
        let shown = "[...document.querySelectorAll('div.tabs')].map(t => \
                     t.querySelector('[role=tab][aria-selected=true]').dataset.tab + \
                     (t.querySelector('[role=tabpanel]:not([hidden])').dataset.tab)).join(' ')";
        self.browser.goto(&self.server.url(&format!("/{first}")));
        let before = self.browser.eval(shown);
        if !before
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .all(|t| t == "RustRust")
        {
            self.fail(
                &first,
                format!("the tab groups do not start on Rust: {before}"),
            );
        }
        self.browser.click("div.tabs [role=tab][data-tab=Python]");
        let after = self.browser.eval(shown);
        if !after
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .all(|t| t == "PythonPython")
        {
            self.fail(
                &first,
                format!("after choosing Python the groups show {after}"),
            );
        }
        self.browser.goto(&self.server.url(&format!("/{second}")));
        let there = self.browser.eval(shown);
        if !there
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .all(|t| t == "PythonPython")
        {
            self.fail(
                &second,
                format!("Python, chosen on {first}, is not chosen here: {there}"),
            );
        }
        self.browser
            .eval("document.querySelector('div.tabs [role=tab][aria-selected=true]').focus()");
        self.browser.press("ArrowRight");
        self.browser.goto(&self.server.url(&format!("/{first}")));
        let back = self.browser.eval(shown);
        if !back
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .all(|t| t == "RustRust")
        {
            self.fail(
                &first,
                format!("the arrow key chose Rust on {second}, but here: {back}"),
            );
        }
        self.check_traffic(&first, None);
    }

    /// On the first page with speaker notes: hidden at first (no box at
    /// all); the menu bar's button and the `n` key show them, open, and hide
    /// them; `n` typed into the search box does neither; the choice holds on
    /// the next page and after a reload; axe-core finds nothing with them
    /// shown, in light and in `DARK`; in every theme the button's icon and
    /// its focus ring stand out. The notes are left hidden.
    fn speaker_notes_show_hide_and_persist(&mut self) {
        let with_notes: Vec<String> = html_pages(&self.site)
            .into_iter()
            .filter(|page| page != "print.html")
            .filter(|page| {
                std::fs::read_to_string(self.site.join(page))
                    .is_ok_and(|html| html.contains("<details class=\"speaker-notes\""))
            })
            .collect();
        let Some(page) = with_notes.first().cloned() else {
            return self.fail(
                "the book",
                "no page has speaker notes (<details class=\"speaker-notes\">)",
            );
        };
        // Another page with notes when there is one: the choice must show them there.
        let next = match with_notes.get(1) {
            Some(other) => other.clone(),
            None if page == "index.html" => "ch00-introduction.html".to_owned(),
            None => "index.html".to_owned(),
        };
        let url = self.server.url(&format!("/{page}"));
        self.browser.goto(&url);
        let state = self.browser.eval(include_str!("js/notes_state.js"));
        let button = &state["button"];
        if button["tag"] != "BUTTON"
            || button["type"] != "button"
            || button["label"].as_str().is_none_or(str::is_empty)
            || button["rendered"] != true
        {
            self.fail(
                &page,
                format!("no labelled <button> for the speaker notes in the menu bar: {button}"),
            );
            return;
        }
        self.expect_notes(&page, "at first", false);
        self.browser.click("#speaker-notes-toggle");
        self.expect_notes(&page, "after a click on the button", true);
        self.browser.type_text("n");
        self.expect_notes(&page, "after the n key", false);
        self.browser.type_text("n");
        self.expect_notes(&page, "after the n key again", true);
        self.browser.click("#mdbook-search-toggle");
        self.browser.wait_until(
            "document.activeElement.id === 'mdbook-searchbar'",
            "the search box to take the focus",
        );
        self.browser.type_text("n");
        self.expect_notes(&page, "after typing n into the search box", true);
        self.check_axe(&page, "light");
        self.check_traffic(&page, None);
        self.browser.goto(&self.server.url(&format!("/{next}")));
        self.expect_notes(&next, &format!("after showing them on {page}"), true);
        self.browser.reload();
        self.expect_notes(&next, "after a reload", true);
        for theme in THEMES {
            self.choose_theme(theme);
            // Tab from the search button, the one before it: a keyboard's
            // focus. (The first Tab after a focus() from a script may leave
            // the focus where it is.)
            self.browser
                .eval("document.getElementById('mdbook-search-toggle').focus()");
            for _ in 0..3 {
                self.browser.press("Tab");
                if self.browser.eval("document.activeElement.id") == "speaker-notes-toggle" {
                    break;
                }
            }
            let seen = self.browser.eval(include_str!("js/notes_button.js"));
            let ratio = |v: &Value| v.as_f64().unwrap_or(0.0);
            let states = seen["states"].as_array().cloned().unwrap_or_default();
            if seen["focused"] != true
                || seen["focusVisible"] != true
                || ratio(&seen["ring"]) < NON_TEXT
                || states.len() != 2
                || states.iter().any(|s| ratio(&s["icon"]) < NON_TEXT)
            {
                self.fail(
                    "index.html",
                    format!(
                        "{theme} theme: the speaker-notes button, reached with Tab, needs a \
                         focus ring and an icon of {NON_TEXT}:1 against the menu bar: {seen}"
                    ),
                );
            }
        }
        // The last theme chosen is `DARK`.
        self.browser.goto(&url);
        self.expect_notes(&page, &format!("in the {DARK} theme"), true);
        self.check_axe(&page, DARK);
        self.choose_theme("light");
        self.browser.goto(&url);
        self.browser.type_text("n");
        self.expect_notes(&page, "after the n key, in the light theme", false);
        self.check_traffic(&page, None);
    }

    /// The page's speaker notes are shown, open, or hidden, and the button
    /// and the page say so.
    fn expect_notes(&mut self, page: &str, when: &str, shown: bool) {
        let state = self.browser.eval(include_str!("js/notes_state.js"));
        let notes = state["notes"].as_u64().unwrap_or(0);
        let right = state["shownClass"] == shown
            && state["button"]["pressed"] == shown.to_string().as_str()
            && state["rendered"].as_u64() == Some(if shown { notes } else { 0 })
            && (!shown || state["open"].as_u64() == Some(notes));
        if !right {
            let want = if shown { "shown and open" } else { "hidden" };
            self.fail(
                page,
                format!("{when}, the speaker notes are not {want}: {state}"),
            );
        }
    }

    /// print.html on paper (print media) is a student's handout: no speaker
    /// note, nothing of the solutions or of the instructor's guide, code
    /// printed once per line with no hidden line, no buttons or tabs, every
    /// tab panel. `?notes` brings back the notes and the guide, `?solutions`
    /// the solutions, and so does the button for the notes.
    fn print_page_is_a_handout(&mut self) {
        let left: Vec<(&str, String)> = LEFT_OUT_OF_HANDOUT
            .iter()
            .filter_map(|&page| Some((page, page_title(&self.site, page)?)))
            .collect();
        if !left.iter().any(|(page, _)| *page == "solutions.html") {
            return self.fail("the book", "no solutions.html with a title");
        }
        let titles: Vec<&str> = left.iter().map(|(_, title)| title.as_str()).collect();
        let cases = [
            ("", false, false),
            ("?notes", true, false),
            ("?notes&solutions", true, true),
            ("", true, false), // with the button pressed, below
        ];
        for (n, (query, notes, solutions)) in cases.into_iter().enumerate() {
            let mut page = format!("print.html{query} on paper");
            if n == 3 {
                self.emulate_media("");
                self.browser.goto(&self.server.url("/print.html"));
                self.browser.click("#speaker-notes-toggle");
                page = "print.html on paper, the speaker notes shown by the button".into();
            } else {
                self.emulate_media("print");
                self.browser
                    .goto(&self.server.url(&format!("/print.html{query}")));
            }
            self.emulate_media("print");
            self.browser
                .wait_until("window.printed > 0", "print.html to open the print dialog");
            let seen = self.browser.eval(&format!(
                "({})({})",
                include_str!("js/print_handout.js"),
                json!(titles)
            ));
            self.check_printout(&page, &seen, notes, solutions, &left);
            self.check_traffic(&page, None);
        }
        // Back to the screen, and the notes hidden again.
        self.emulate_media("");
        self.browser.click("#speaker-notes-toggle");
        self.expect_notes("print.html", "after the button again", false);
    }

    fn check_printout(
        &mut self,
        page: &str,
        seen: &Value,
        notes: bool,
        solutions: bool,
        left: &[(&str, String)],
    ) {
        let count = |key: &str| seen[key].as_u64().unwrap_or(0);
        if count("notes") == 0 {
            self.fail(page, "holds no speaker notes to check");
        }
        let want = if notes { count("notes") } else { 0 };
        if count("notesPrinted") != want || (notes && count("notesOpen") != want) {
            self.fail(
                page,
                format!(
                    "prints {} of {} speaker notes ({} open), not {want}",
                    count("notesPrinted"),
                    count("notes"),
                    count("notesOpen")
                ),
            );
        }
        for (file, title) in left {
            let kept = match *file {
                "solutions.html" => solutions,
                _ => notes,
            };
            let chapter = &seen["chapters"][title.as_str()];
            let (elements, printed) = (
                chapter["elements"].as_u64().unwrap_or(0),
                chapter["printed"].as_u64().unwrap_or(0),
            );
            if chapter.is_null() {
                self.fail(page, format!("has no chapter titled {title:?} ({file})"));
            } else if kept && printed != elements {
                self.fail(
                    page,
                    format!("prints {printed} of the {elements} elements of {file}, not all"),
                );
            } else if !kept && printed != 0 {
                self.fail(
                    page,
                    format!("prints {printed} of the {elements} elements of {file}, not none"),
                );
            }
        }
        if count("codeBlocks") < 100 {
            self.fail(
                page,
                format!("prints only {} code blocks", count("codeBlocks")),
            );
        }
        for wrong in seen["wrongCode"].as_array().into_iter().flatten() {
            self.fail(page, wrong.as_str().unwrap_or_default());
        }
        for (key, what) in [
            ("boringPrinted", "hidden lines of code (`.boring`)"),
            ("buttonsPrinted", "buttons or tab lists"),
        ] {
            if count(key) != 0 {
                self.fail(page, format!("prints {} {what}", count(key)));
            }
        }
        if count("panels") == 0 || count("panelsPrinted") != count("panels") {
            self.fail(
                page,
                format!(
                    "prints {} of its {} tab panels, not all",
                    count("panelsPrinted"),
                    count("panels")
                ),
            );
        }
    }

    /// A site built with `--site-url`, served under that path: a missing
    /// page gets the 404 page with its styles and scripts.
    fn not_found_page_is_styled_under(&mut self, site: &Path, sub_path: &str) {
        let server = Server::start(site, sub_path);
        let url = server.url(&format!("{sub_path}no/such/page.html"));
        self.browser.goto(&url);
        let page = format!("{url} (the 404 page)");
        let origin = server.origin();
        let document = self.browser.page.clone();
        for problem in traffic_problems(&self.browser.events, &origin, &document, Some(404)) {
            self.fail(&page, problem);
        }
        let styled = self.browser.eval(
            "(() => {
                const sheets = [...document.querySelectorAll('link[rel=stylesheet]')]
                    .filter(l => !l.disabled && (!l.sheet || l.sheet.cssRules.length === 0))
                    .map(l => l.href);
                const search = getComputedStyle(document.getElementById('mdbook-search-wrapper')).display;
                const chapters = document.querySelectorAll('#mdbook-sidebar a[href$=\".html\"]').length;
                return {unstyled: sheets, searchHidden: search === 'none', chapters};
            })()",
        );
        if styled["unstyled"] != json!([])
            || styled["searchHidden"] != json!(true)
            || styled["chapters"].as_u64() == Some(0)
        {
            self.fail(&page, format!("is not styled and scripted: {styled}"));
        }
    }
}

/// The problems of every run, and what they measured.
fn report(suites: Vec<Suite>, axe: &Axe) -> Report {
    let (mut problems, mut passed, mut scrolling) = (Vec::new(), Vec::new(), 0);
    let (mut axe_nodes, mut contrast) = (BTreeMap::new(), BTreeMap::<_, f64>::new());
    for suite in suites {
        problems.extend(suite.problems);
        passed.extend(suite.passed);
        scrolling += suite.scrolling;
        for (key, n) in suite.axe_nodes {
            *axe_nodes.entry(key).or_insert(0) += n;
        }
        for (key, ratio) in suite.contrast {
            let worst = contrast.entry(key).or_insert(f64::MAX);
            *worst = worst.min(ratio);
        }
    }
    let mut summary = vec![format!(
        "at {}x{}: {scrolling} code blocks and measured tables scroll sideways on the pages checked",
        VIEWPORT.0, VIEWPORT.1
    )];
    for theme in ["light", DARK] {
        let rules: Vec<String> = axe_nodes
            .iter()
            .filter(|((t, _), _)| t == theme)
            .map(|((_, rule), n)| format!("{rule} {n}"))
            .collect();
        summary.push(format!(
            "axe-core {} in {theme}: violating nodes by rule, allowed ones included: {}",
            axe.version,
            if rules.is_empty() {
                "none".into()
            } else {
                rules.join(", ")
            }
        ));
    }
    for theme in THEMES {
        let lowest: Vec<String> = contrast
            .iter()
            .filter(|((t, _), _)| t == theme)
            .map(|((_, kind), ratio)| format!("{kind} {ratio:.2}"))
            .collect();
        if !lowest.is_empty() {
            summary.push(format!("lowest contrast in {theme}: {}", lowest.join(", ")));
        }
    }
    for allowed in ALLOWED {
        summary.push(format!(
            "allowed: axe {} on {} ({}; {})",
            allowed.rule, allowed.page, allowed.why, allowed.upstream
        ));
    }
    Report {
        problems,
        passed,
        summary,
    }
}

/// The browser's own request for a tab icon on this machine.
fn is_tab_icon(params: &Value) -> bool {
    let url = params["request"]["url"].as_str().unwrap_or_default();
    params["type"] == "Other" && url.starts_with("http://127.0.0.1:") && url.contains("/favicon")
}

/// Every request went to `origin` (or is inline data) and arrived, and
/// nothing reached the console as an error. `document` may answer
/// `expected` instead of 200.
fn traffic_problems(
    events: &[Value],
    origin: &str,
    document: &str,
    expected: Option<u16>,
) -> Vec<String> {
    let local = |url: &str| {
        url.starts_with(origin)
            || ["data:", "blob:", "about:"]
                .iter()
                .any(|s| url.starts_with(s))
    };
    let mut urls = BTreeMap::new();
    let mut problems = Vec::new();
    for event in events {
        let params = &event["params"];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        match event["method"].as_str().unwrap_or_default() {
            // The browser fetches the tab's icon for itself, late: the
            // request can arrive after the next page began to load.
            "Network.requestWillBeSent" if is_tab_icon(params) => {}
            "Network.requestWillBeSent" => {
                let url = text(&params["request"]["url"]);
                if !local(&url) {
                    problems.push(format!("requested from another host: {url}"));
                }
                urls.insert(text(&params["requestId"]), url);
            }
            "Network.responseReceived" => {
                let url = text(&params["response"]["url"]);
                let status = params["response"]["status"].as_u64().unwrap_or(0) as u16;
                let allowed = url == document && Some(status) == expected;
                if status >= 400 && !allowed {
                    problems.push(format!("HTTP {status} for {url}"));
                }
                if url == document && expected.is_some_and(|e| e != status) {
                    problems.push(format!("answered HTTP {status}, not {expected:?}"));
                }
            }
            "Network.loadingFailed" => {
                // An id not seen here is a request of the page before.
                if let Some(url) = urls.get(&text(&params["requestId"])) {
                    problems.push(format!(
                        "request failed ({}): {url}",
                        text(&params["errorText"])
                    ));
                }
            }
            "Runtime.exceptionThrown" => {
                let details = &params["exceptionDetails"];
                let description = details["exception"]["description"].as_str();
                let message = description.unwrap_or(details["text"].as_str().unwrap_or_default());
                problems.push(format!("uncaught exception: {message}"));
            }
            "Runtime.consoleAPICalled"
                if matches!(params["type"].as_str(), Some("error" | "assert")) =>
            {
                let args: Vec<String> = params["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        a["value"]
                            .as_str()
                            .or(a["description"].as_str())
                            .unwrap_or("?")
                            .to_owned()
                    })
                    .collect();
                problems.push(format!(
                    "console.{}: {}",
                    text(&params["type"]),
                    args.join(" ")
                ));
            }
            "Log.entryAdded" if params["entry"]["level"] == "error" => {
                let url = text(&params["entry"]["url"]);
                if url == document && expected.is_some() {
                    continue; // the expected status of the page itself
                }
                problems.push(format!(
                    "console error: {} ({url})",
                    text(&params["entry"]["text"])
                ));
            }
            _ => {}
        }
    }
    problems
}
