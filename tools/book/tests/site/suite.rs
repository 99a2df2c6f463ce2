//! The browser suite: what a reader's browser does with the built book.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::cdp::Browser;
use crate::server::Server;

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
    pub summary: Vec<String>,
}

struct Suite<'a> {
    browser: Browser,
    server: Server,
    axe: &'a Axe,
    pages: Vec<String>,
    problems: Vec<String>,
    /// axe's violating nodes by theme and rule, allowed ones included.
    axe_nodes: BTreeMap<(String, String), usize>,
    /// Each chapter's title, as its page shows it.
    titles: BTreeMap<String, String>,
    /// The lowest contrast seen by theme and kind of text.
    contrast: BTreeMap<(String, String), f64>,
    scrolling: usize,
}

pub fn run(chromium: &str, axe: &Axe, site: &Path, site_under: &Path, sub_path: &str) -> Report {
    let mut suite = Suite {
        browser: Browser::launch(chromium),
        server: Server::start(site, "/"),
        axe,
        pages: html_pages(site),
        problems: Vec::new(),
        axe_nodes: BTreeMap::new(),
        titles: BTreeMap::new(),
        contrast: BTreeMap::new(),
        scrolling: 0,
    };
    suite.prepare_the_page();
    suite.visit_every_page("light");
    suite.search_finds_and_opens_a_page();
    suite.themes_change_and_persist();
    suite.visit_every_page(DARK);
    suite.print_page_holds_every_chapter();
    suite.not_found_page_is_styled_under(site_under, sub_path);
    suite.report()
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

impl Suite<'_> {
    fn prepare_the_page(&mut self) {
        let (width, height) = VIEWPORT;
        self.browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        // A light desktop unless the reader picks a theme.
        self.browser.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": "light"}]}),
        );
        // print.html opens the print dialog once loaded: count, don't open.
        self.browser.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.print = () => { window.printed = (window.printed || 0) + 1; };"}),
        );
    }

    fn fail(&mut self, page: &str, problem: impl std::fmt::Display) {
        self.problems.push(format!("{page}: {problem}"));
    }

    fn visit_every_page(&mut self, theme: &str) {
        for page in self.pages.clone() {
            let url = self.server.url(&format!("/{page}"));
            self.browser.goto(&url);
            self.check_traffic(&page, None);
            // toc.html (the sidebar without JavaScript) runs no script, so
            // it never follows the reader's theme.
            if page != "toc.html" {
                self.check_theme(&page, theme);
            }
            if theme == "light" {
                self.check_layout(&page);
                if page.starts_with("ch") {
                    let title = self
                        .browser
                        .eval("document.querySelector('main h1').textContent");
                    self.titles
                        .insert(page.clone(), title.as_str().unwrap().trim().to_owned());
                }
            }
            self.check_contrast(&page, theme);
            self.check_axe(&page, theme);
        }
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
        let missing: Vec<_> = self
            .titles
            .values()
            .filter(|t| !shown.contains(&t.as_str()))
            .collect();
        let chapters = self.pages.iter().filter(|p| p.starts_with("ch")).count();
        if !missing.is_empty() || self.titles.len() != chapters {
            let problem = format!("lacks the chapters {missing:?} (of {:?})", self.titles);
            self.fail("print.html", problem);
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

    fn report(self) -> Report {
        let mut summary = vec![format!(
            "{} pages in light and {DARK} at {}x{}; {} code blocks and measured tables scroll sideways",
            self.pages.len(),
            VIEWPORT.0,
            VIEWPORT.1,
            self.scrolling
        )];
        for theme in ["light", DARK] {
            let rules: Vec<String> = self
                .axe_nodes
                .iter()
                .filter(|((t, _), _)| t == theme)
                .map(|((_, rule), n)| format!("{rule} {n}"))
                .collect();
            summary.push(format!(
                "axe-core {} in {theme}: violating nodes by rule, allowed ones included: {}",
                self.axe.version,
                if rules.is_empty() {
                    "none".into()
                } else {
                    rules.join(", ")
                }
            ));
        }
        for theme in THEMES {
            let lowest: Vec<String> = self
                .contrast
                .iter()
                .filter(|((t, _), _)| t == theme)
                .map(|((_, kind), ratio)| format!("{kind} {ratio:.2}"))
                .collect();
            summary.push(format!("lowest contrast in {theme}: {}", lowest.join(", ")));
        }
        for allowed in ALLOWED {
            summary.push(format!(
                "allowed: axe {} on {} ({}; {})",
                allowed.rule, allowed.page, allowed.why, allowed.upstream
            ));
        }
        Report {
            problems: self.problems,
            summary,
        }
    }
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
