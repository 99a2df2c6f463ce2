//! The `book` command as a reader meets it: errors are one line and fail;
//! `build` never loses files; `serve` serves the book with search and
//! reloads pages after an edit.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use tempfile::TempDir;

const BOOK: &str = env!("CARGO_BIN_EXE_book");

fn book(args: &[&str]) -> Output {
    Command::new(BOOK).args(args).output().unwrap()
}

/// `book --root ROOT ARGS…`.
fn book_in(root: &Path, args: &[&str]) -> Output {
    Command::new(BOOK)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
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

/// A copy of the fixture book the test may edit, deleted on drop.
fn fixture_copy() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("book-cli-")
        .tempdir()
        .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture");
    for file in ["book.toml", "src/SUMMARY.md", "src/hello.md"] {
        std::fs::copy(fixture.join(file), dir.path().join(file)).unwrap();
    }
    dir
}

/// Every file under `dir` with its contents, to prove nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A running `book serve`, killed and reaped on drop.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Serves `root`, building below `target` (`CARGO_TARGET_DIR`).
    fn start(root: &Path, target: &Path) -> Server {
        Server::start_with(root, target, &[])
    }

    fn start_with(root: &Path, target: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(BOOK)
            .args(["--root", root.to_str().unwrap(), "serve", "--port", "0"])
            .args(args)
            .env("CARGO_TARGET_DIR", target)
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
        http_get(&self.address, path, "")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 GET, enough for a test (status, whole response).
fn http_get(address: &str, path: &str, headers: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
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
fn help_goes_to_stdout_and_succeeds() {
    for flag in ["--help", "-h"] {
        let output = book(&[flag]);
        assert!(output.status.success(), "{}", stderr_of(&output));
        let help = String::from_utf8_lossy(&output.stdout);
        for command in ["build", "serve", "check", "stats"] {
            assert!(help.contains(&format!("\n  {command}")), "{help}");
        }
        assert!(output.stderr.is_empty());
    }
}

#[test]
fn stats_counts_the_words_a_reader_reads() {
    let book = fixture_copy();
    let page = "# Hello\n\nFive words of prose here.\n\n```rust\n# fn hidden() {}\nfn main() {}\n```\n\n\
                <details class=\"speaker-notes\">\n<summary>Speaker notes</summary>\n\nNot counted.\n\n</details>\n";
    std::fs::write(book.path().join("src/hello.md"), page).unwrap();
    let output = book_in(book.path(), &["stats"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("src/hello.md"))
        .expect(&table);
    let cells: Vec<&str> = row.split_whitespace().collect();
    // "Hello" and the five words; one block, one line of it shown.
    assert_eq!(cells[1..4], ["6", "1", "1"], "{table}");
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
fn a_port_in_use_fails_before_touching_the_running_servers_site() {
    let (root, target) = (fixture_copy(), TempDir::new().unwrap());
    let first = Server::start(root.path(), target.path());
    let site = target.path().join("book-serve");
    assert!(
        site.join("hello.html").is_file(),
        "serve honours CARGO_TARGET_DIR"
    );
    let before = snapshot(&site);
    let output = Command::new(BOOK)
        .arg("--root")
        .arg(root.path())
        .args(["serve", "--port", first.address.rsplit(':').next().unwrap()])
        .env("CARGO_TARGET_DIR", target.path())
        .output()
        .unwrap();
    assert_one_line_error(&output, &format!("cannot listen on {}", first.address));
    assert!(stderr_of(&output).contains("another server running"));
    assert_eq!(
        snapshot(&site),
        before,
        "the first server's site is untouched"
    );

    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = book_in(root.path(), &["serve", "--port", &port]);
    assert_one_line_error(&output, &format!("cannot listen on 127.0.0.1:{port}"));
}

/// Port 1 needs privileges: the error says so, not "another server".
#[test]
fn a_privileged_port_says_why_it_cannot_listen() {
    let start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    if start.is_ok_and(|s| s.trim().parse::<u16>().is_ok_and(|p| p <= 1)) {
        eprintln!("skipped: this machine lets anyone bind port 1");
        return;
    }
    // The fixture itself, which `nobody` can read: serve binds before it
    // writes anything, and here it never gets that far.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture");
    let target = TempDir::new().unwrap();
    let mut command = if is_root() {
        // As root any port binds; run as `nobody`, as a reader would.
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BOOK]);
        c
    } else {
        Command::new(BOOK)
    };
    let output = command
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "1"])
        .env("CARGO_TARGET_DIR", target.path())
        .output()
        .unwrap();
    assert_one_line_error(&output, "cannot listen on 127.0.0.1:1: Permission denied");
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("need privileges") && !stderr.contains("another server"),
        "{stderr}"
    );
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
    })
}

#[test]
fn build_writes_a_searchable_site() {
    let root = fixture_copy();
    let dest = root.path().join("site");
    let output = book_in(root.path(), &["build", "--dest", dest.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr_of(&output));
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
fn build_refuses_a_destination_that_holds_sources_or_other_files() {
    let root = fixture_copy();
    let root = root.path();
    std::fs::create_dir_all(root.join("listings/demo")).unwrap();
    std::fs::write(root.join("listings/demo/notes.txt"), "keep me").unwrap();
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(root.join("notes/todo.txt"), "keep me too").unwrap();
    let before = snapshot(root);
    let cases = [
        (root.to_path_buf(), "it holds the book itself"),
        (root.join("src/../.."), "it holds the book itself"),
        (root.join("src"), "inside the book's sources"),
        (root.join("src/site"), "inside the book's sources"),
        (root.join("listings/demo"), "inside the book's sources"),
        (root.join("notes"), "holds files that are not a built book"),
        (root.join("book.toml"), "it is a file"),
    ];
    for (dest, reason) in cases {
        let output = book_in(root, &["build", "--dest", dest.to_str().unwrap()]);
        assert_one_line_error(&output, reason);
        assert_eq!(
            snapshot(root),
            before,
            "--dest {} changed files",
            dest.display()
        );
    }
    // Relative to the working directory, as a reader would type it.
    let output = Command::new(BOOK)
        .args(["--root", ".", "build", "--dest", "src"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_one_line_error(&output, "inside the book's sources");
    assert_eq!(snapshot(root), before);
}

/// Files beside the destination, such as an unfinished build.
fn beside(dest: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dest.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_build_leaves_the_previous_site_as_it_was() {
    let root = fixture_copy();
    let dest = root.path().join("site");
    let dest_arg = dest.to_str().unwrap();
    assert!(
        book_in(root.path(), &["build", "--dest", dest_arg])
            .status
            .success()
    );
    let (good_site, names) = (snapshot(&dest), beside(&dest));

    // mdBook cannot expand an include: it says so, and nothing is published.
    let hello = root.path().join("src/hello.md");
    let page = std::fs::read_to_string(&hello).unwrap();
    std::fs::write(
        &hello,
        format!("{page}\n{{{{#include no-such-file.txt}}}}\n"),
    )
    .unwrap();
    let output = book_in(root.path(), &["build", "--dest", dest_arg]);
    let stderr = stderr_of(&output);
    assert!(!output.status.success());
    assert!(
        stderr.contains("no-such-file.txt") && stderr.contains("is left as it was"),
        "{stderr}"
    );
    assert_eq!(snapshot(&dest), good_site);
    assert_eq!(beside(&dest), names, "no half-built site is left behind");

    // A write that fails halfway (the file-size limit) changes nothing either.
    std::fs::write(&hello, "# Hello\n\nA new page.\n").unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$@\"")
        .args(["sh", BOOK, "--root", root.path().to_str().unwrap()])
        .args(["build", "--dest", dest_arg])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("File too large"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(snapshot(&dest), good_site);
    assert_eq!(beside(&dest), names);

    // A complete build replaces the site.
    assert!(
        book_in(root.path(), &["build", "--dest", dest_arg])
            .status
            .success()
    );
    let page = std::fs::read_to_string(dest.join("hello.html")).unwrap();
    assert!(page.contains("A new page."));
    assert_eq!(beside(&dest), names);
}

#[test]
fn serve_serves_pages_and_reloads_them_after_an_edit() {
    let (root, target) = (fixture_copy(), TempDir::new().unwrap());
    let root = root.path();
    let server = Server::start(root, target.path());
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

#[test]
fn serve_published_serves_the_site_as_a_host_would() {
    let (root, target) = (fixture_copy(), TempDir::new().unwrap());
    let server = Server::start_with(root.path(), target.path(), &["--published"]);
    let (status, page) = server.get("/hello.html");
    assert_eq!(status, 200);
    assert!(page.contains("A page about threads and channels."));
    assert!(
        !page.contains("__livereload"),
        "as published: no reload script"
    );
    let (status, gzipped) = http_get(&server.address, "/hello.html", "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200);
    assert!(gzipped.contains("content-encoding: gzip"), "{gzipped:.300}");
    let (status, missing) = server.get("/no/such/page.html");
    assert_eq!(status, 404);
    assert!(
        missing.contains("Document not found (404)"),
        "the book's 404.html"
    );
}

/// A fixture book with one exercise whose mutant edit is `replace`.
fn book_with_an_exercise(replace: &str) -> TempDir {
    let book = fixture_copy();
    let dir = book.path().join("exercises");
    std::fs::create_dir_all(dir.join("solutions")).unwrap();
    std::fs::create_dir_all(dir.join("checks")).unwrap();
    let list = format!(
        "[[exercise]]\nid = \"ch01-sum\"\nchapter = \"hello.md\"\ntitle = \"Sum\"\n\
         mutant.does = \"adds one\"\nmutant.replace = {replace:?}\n\
         mutant.with = \"1 + 1\"\nmutant.caught_by = \"adds\"\n"
    );
    std::fs::write(dir.join("exercises.toml"), list).unwrap();
    let solution = "pub fn two() -> u32 {\n    // exercise: solution\n    1 + 1\n    \
                    // exercise: stub\n    // todo!(\"add\")\n    // exercise: end\n}\n";
    std::fs::write(dir.join("solutions/ch01_sum.rs"), solution).unwrap();
    std::fs::write(dir.join("checks/ch01_sum.rs"), "fn adds() {}\n").unwrap();
    book
}

#[test]
fn exercises_report_a_bad_list_in_one_line_and_write_nothing() {
    let book = book_with_an_exercise("2 + 2");
    let before = snapshot(book.path());
    assert_one_line_error(
        &book_in(book.path(), &["exercises"]),
        "exercises.toml:2: exercise `ch01-sum`: mutant.replace is not in the solution",
    );
    assert_one_line_error(
        &book_in(book.path(), &["exercises", "reset", "ch01-sum"]),
        "mutant.replace is not in the solution",
    );
    assert_eq!(snapshot(book.path()), before, "no copy written");
}

#[test]
fn exercises_name_the_ones_there_are() {
    let book = book_with_an_exercise("1 + 1");
    let before = snapshot(book.path());
    assert_one_line_error(
        &book_in(book.path(), &["exercises", "reset", "ch09-nope"]),
        "no exercise `ch09-nope`; there are: ch01-sum",
    );
    assert_one_line_error(
        &book_in(book.path(), &["exercises", "a", "b"]),
        "exercises takes [reset] [ID]",
    );
    assert_eq!(snapshot(book.path()), before);
    // Reset writes the stub, whole.
    let reset = book_in(book.path(), &["exercises", "reset", "ch01-sum"]);
    assert!(reset.status.success(), "{}", stderr_of(&reset));
    let copy = std::fs::read_to_string(book.path().join("exercises/work/ch01_sum.rs")).unwrap();
    assert_eq!(copy, "pub fn two() -> u32 {\n    todo!(\"add\")\n}\n");
}
