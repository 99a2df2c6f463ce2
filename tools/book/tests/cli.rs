//! The `book` command as a reader meets it: errors are one line and fail;
//! `serve` serves the book with search and reloads pages after an edit.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const BOOK: &str = env!("CARGO_BIN_EXE_book");

fn book(args: &[&str]) -> Output {
    Command::new(BOOK).args(args).output().unwrap()
}

fn assert_one_line_error(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(expected),
        "{stderr}"
    );
}

/// A copy of the fixture book the test may edit.
fn fixture_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("book-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture");
    for file in ["book.toml", "src/SUMMARY.md", "src/hello.md"] {
        std::fs::copy(fixture.join(file), dir.join(file)).unwrap();
    }
    dir
}

/// A running `book serve`, killed and reaped on drop.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(BOOK)
            .args(["--root", root.to_str().unwrap(), "serve", "--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        // Keep reading, so the server never writes to a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_owned();
        Server { child, address }
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.address, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 GET, enough for a test (status, body).
fn http_get(address: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response)
}

/// mdBook 0.5 names the search index with a content hash: find it in a page.
fn search_index_of(page: &str) -> String {
    let start = page
        .find("searchindex-")
        .expect("the page loads a search index");
    let len = page[start..].find(".js").expect("a .js file") + 3;
    page[start..start + len].to_owned()
}

#[test]
fn unknown_command_is_a_one_line_error() {
    assert_one_line_error(&book(&["frobnicate"]), "unknown argument `frobnicate`");
    assert_one_line_error(&book(&[]), "no command given");
}

#[test]
fn a_path_without_a_book_is_a_one_line_error() {
    assert_one_line_error(
        &book(&["--root", "/nonexistent/book", "build"]),
        "has no book.toml",
    );
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = fixture_copy("port");
    let output = book(&["--root", root.to_str().unwrap(), "serve", "--port", &port]);
    assert_one_line_error(&output, &format!("cannot listen on 127.0.0.1:{port}"));
}

#[test]
fn build_writes_a_searchable_site() {
    let root = fixture_copy("build");
    let dest = root.join("site");
    let output = book(&[
        "--root",
        root.to_str().unwrap(),
        "build",
        "--dest",
        dest.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(dest.join("hello.html")).unwrap();
    assert!(page.contains("A page about threads and channels."));
    assert!(
        !page.contains("__livereload"),
        "a published site has no reload script"
    );
    let index = std::fs::read_to_string(dest.join(search_index_of(&page))).unwrap();
    assert!(
        index.contains("channels"),
        "the search index covers the page text"
    );
}

#[test]
fn serve_serves_pages_and_reloads_them_after_an_edit() {
    let root = fixture_copy("serve");
    let server = Server::start(&root);
    let (status, page) = server.get("/hello.html");
    assert_eq!(status, 200);
    assert!(page.contains("A page about threads and channels.") && page.contains("__livereload"));
    let (status, index) = server.get(&format!("/{}", search_index_of(&page)));
    assert_eq!(status, 200);
    assert!(index.contains("channels"), "search covers the page");
    assert_eq!(server.get("/no-such-page.html").0, 404);

    let (mut socket, _) =
        tungstenite::connect(format!("ws://{}/__livereload", server.address)).unwrap();
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
        // A missed reload fails the test instead of hanging it.
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
    }
    std::fs::write(root.join("src/hello.md"), "# Hello\n\nNow about mutexes.\n").unwrap();
    let message = socket.read().unwrap();
    assert_eq!(message.into_text().unwrap().as_str(), "reload");
    assert!(server.get("/hello.html").1.contains("Now about mutexes."));
}

/// Headless Chromium, when installed (CI installs it; elsewhere the test says
/// it was skipped). `None` when there is no browser.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium for the browser test"
        );
        eprintln!("skipped: no chromium on this machine");
    }
    found
}

/// The page as a browser sees it after its scripts ran.
fn rendered_dom(browser: &str, url: &str) -> String {
    let profile = std::env::temp_dir().join(format!("book-cli-chromium-{}", std::process::id()));
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=8000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(profile);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn search_finds_a_page_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let root = fixture_copy("search");
    let server = Server::start(&root);
    // mdBook's search box reads `?search=`, runs the query and lists results.
    let dom = rendered_dom(
        browser,
        &format!("http://{}/index.html?search=channels", server.address),
    );
    assert!(dom.contains("1 search result for 'channels'"), "{dom}");
    assert!(
        dom.contains("href=\"hello.html?highlight=channels"),
        "{dom}"
    );
}
