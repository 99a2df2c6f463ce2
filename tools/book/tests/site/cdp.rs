//! Just enough of the Chrome DevTools Protocol to drive one page of
//! headless Chromium: commands, events, script, keys and clicks. Every wait
//! has a deadline and a message that names the page and what it waited for.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// How long one command, one page load or one condition may take.
const DEADLINE: Duration = Duration::from_secs(60);

/// The flags that work on a machine without a network; the last one makes
/// any request to another host fail at once (the checks report it) instead
/// of waiting on a name lookup.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

struct TimedOut;

/// Chromium in a process group of its own, killed and reaped on drop.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let group = nix::unistd::Pid::from_raw(self.0.id() as i32);
        let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
        let _ = self.0.wait();
    }
}

/// One headless Chromium with one open page.
pub struct Browser {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    _process: Process,
    // Dropped after the process: nothing writes to it any more.
    _profile: TempDir,
    session: String,
    next_id: u64,
    /// The page's events since the last navigation.
    pub events: Vec<Value>,
    /// What the page is, for messages.
    pub page: String,
}

impl Browser {
    /// Starts `chromium` with a fresh profile and opens a blank page.
    pub fn launch(chromium: &str) -> Browser {
        let profile = TempDir::new().unwrap();
        let home = profile.path();
        std::fs::create_dir(home.join("tmp")).unwrap();
        let mut command = Command::new(chromium);
        command
            .args(FLAGS)
            .arg(format!(
                "--user-data-dir={}",
                home.join("profile").display()
            ))
            .arg("about:blank")
            // Whatever Chromium writes outside its profile stays in here.
            .env("HOME", home)
            .env("TMPDIR", home.join("tmp"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0);
        let mut process = Process(command.spawn().expect("start chromium"));
        let address = devtools_address(&mut process.0);
        let (socket, _) = tungstenite::connect(&address)
            .unwrap_or_else(|e| panic!("cannot connect to Chromium at {address}: {e}"));
        let mut browser = Browser {
            socket,
            _process: process,
            _profile: profile,
            session: String::new(),
            next_id: 0,
            events: Vec::new(),
            page: "about:blank".into(),
        };
        browser.open_page();
        browser
    }

    fn open_page(&mut self) {
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        self.session = attached["sessionId"].as_str().unwrap().to_owned();
        for domain in ["Page", "Network", "Runtime", "Log"] {
            self.call(&format!("{domain}.enable"), json!({}));
        }
    }

    /// Sends a command to the page and waits for its answer.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap_or_else(|e| panic!("{}: cannot send {method}: {e}", self.page));
        let deadline = Instant::now() + DEADLINE;
        loop {
            let Ok(message) = self.read_message(deadline) else {
                panic!("{}: no answer to {method} within {DEADLINE:?}", self.page);
            };
            if let Some(reply) = message.filter(|m| m["id"] == id) {
                if let Some(error) = reply.get("error") {
                    panic!("{}: {method} failed: {error}", self.page);
                }
                return reply["result"].clone();
            }
        }
    }

    /// Reads one message: a command's reply is returned; an event of the
    /// page is kept in `events` (`None`). `Err` once the deadline passed.
    fn read_message(&mut self, deadline: Instant) -> Result<Option<Value>, TimedOut> {
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|left| !left.is_zero())
                .ok_or(TimedOut)?;
            if let MaybeTlsStream::Plain(stream) = self.socket.get_ref() {
                stream.set_read_timeout(Some(left)).unwrap();
            }
            let text = match self.socket.read() {
                Ok(Message::Text(text)) => text,
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(TimedOut);
                }
                Err(e) => panic!("{}: the connection to Chromium failed: {e}", self.page),
            };
            let message: Value = serde_json::from_str(&text).unwrap();
            if message.get("method").is_none() {
                return Ok(Some(message));
            }
            if message["sessionId"] == self.session.as_str() {
                self.events.push(message);
                return Ok(None);
            }
        }
    }

    /// Reads events until `done(events)` is `Ok`; its `Err` says what is
    /// still missing, for the message when the deadline passes.
    pub fn wait_for_events(&mut self, what: &str, done: impl Fn(&[Value]) -> Result<(), String>) {
        let deadline = Instant::now() + DEADLINE;
        while let Err(missing) = done(&self.events) {
            if self.read_message(deadline).is_err() {
                panic!("{}: waited {DEADLINE:?} for {what}: {missing}", self.page);
            }
        }
    }

    /// Loads `url` and waits until it and everything it asked for arrived.
    pub fn goto(&mut self, url: &str) {
        self.events.clear();
        self.page = url.to_owned();
        let navigated = self.call("Page.navigate", json!({"url": url}));
        if let Some(error) = navigated.get("errorText") {
            panic!("{url}: cannot load: {error}");
        }
        self.wait_until_loaded();
    }

    /// Reloads the page, as a reader pressing F5.
    pub fn reload(&mut self) {
        self.events.clear();
        self.call("Page.reload", json!({}));
        self.wait_until_loaded();
    }

    /// Waits for the load event, then for every request to finish.
    pub fn wait_until_loaded(&mut self) {
        self.wait_for_events("the load event", |events| {
            match events.iter().any(|e| e["method"] == "Page.loadEventFired") {
                true => Ok(()),
                false => Err(format!("still loading {:?}", unfinished_requests(events))),
            }
        });
        self.wait_for_events("every request to end", |events| {
            match unfinished_requests(events) {
                open if open.is_empty() => Ok(()),
                open => Err(format!("still loading {open:?}")),
            }
        });
        self.page = self.eval("location.href").as_str().unwrap().to_owned();
    }

    /// Runs a script in the page (a promise is awaited) and returns its value.
    pub fn eval(&mut self, script: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": script, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            let text = exception["exception"]["description"]
                .as_str()
                .or(exception["text"].as_str())
                .unwrap_or_default();
            let start = script.lines().next().unwrap_or_default();
            panic!(
                "{}: a script failed: {text}\n(the script starts `{start}`)",
                self.page
            );
        }
        result["result"]["value"].clone()
    }

    /// Waits until `condition` (a script expression) is truthy in the page,
    /// and returns its value; the page checks it every 20 ms.
    pub fn wait_until(&mut self, condition: &str, what: &str) -> Value {
        let millis = DEADLINE.as_millis();
        let script = format!(
            "new Promise((resolve, reject) => {{
                const deadline = Date.now() + {millis};
                const check = () => {{
                    let value;
                    try {{ value = ({condition}); }} catch (e) {{}}
                    if (value) resolve(value);
                    else if (Date.now() > deadline) reject(new Error('timed out'));
                    else setTimeout(check, 20);
                }};
                check();
            }})"
        );
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": script, "returnByValue": true, "awaitPromise": true}),
        );
        if result.get("exceptionDetails").is_some() {
            panic!("{}: waited {DEADLINE:?} for {what}", self.page);
        }
        result["result"]["value"].clone()
    }

    /// Clicks the middle of the element `selector` with the mouse, after
    /// checking that nothing covers it there.
    pub fn click(&mut self, selector: &str) {
        let quoted = json!(selector);
        let point = self.eval(&format!(
            "(() => {{
                const element = document.querySelector({quoted});
                if (!element) throw new Error('no element ' + {quoted});
                element.scrollIntoView({{block: 'center'}});
                const box = element.getBoundingClientRect();
                const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
                const hit = document.elementFromPoint(x, y);
                if (!hit || !(element === hit || element.contains(hit)))
                    throw new Error({quoted} + ' is covered by ' + (hit && hit.outerHTML.slice(0, 80)));
                return [x, y];
            }})()"
        ));
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": point[0], "y": point[1], "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Presses one named key (`Tab`, `Enter`, ` `) on whatever has the focus.
    pub fn press(&mut self, key: &str) {
        let (code, text) = match key {
            "Tab" => (9, None),
            "ArrowRight" => (39, None),
            "Enter" => (13, Some("\r")),
            " " => (32, Some(" ")),
            other => panic!("no key code for {other:?}"),
        };
        for kind in ["keyDown", "keyUp"] {
            let mut event = json!({"type": kind, "key": key, "windowsVirtualKeyCode": code});
            if let (Some(text), "keyDown") = (text, kind) {
                event["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", event);
        }
    }

    /// Types `text` key by key into whatever has the focus.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let key = c.to_string();
            let code = c.to_ascii_uppercase() as u32;
            for kind in ["keyDown", "keyUp"] {
                let mut event = json!({"type": kind, "key": key, "windowsVirtualKeyCode": code});
                if kind == "keyDown" {
                    event["text"] = json!(key);
                }
                self.call("Input.dispatchKeyEvent", event);
            }
        }
    }
}

/// Reads Chromium's stderr up to the line naming its DevTools address.
fn devtools_address(chromium: &mut Child) -> String {
    let stderr = chromium.stderr.take().unwrap();
    let (lines, received) = mpsc::channel();
    // Keeps draining stderr after the address, so Chromium never blocks on it.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + DEADLINE;
    let mut said = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(left) {
            Ok(line) => match line.strip_prefix("DevTools listening on ") {
                Some(address) => return address.trim().to_owned(),
                None => said.push(line),
            },
            Err(_) => panic!(
                "Chromium did not open DevTools within {DEADLINE:?}; it said:\n{}",
                said.join("\n")
            ),
        }
    }
}

/// URLs of the requests that neither finished nor failed yet. The tab's
/// icon is left out: the browser fetches it for itself, after the load, and
/// does not always report its end.
pub fn unfinished_requests(events: &[Value]) -> Vec<String> {
    let mut open = std::collections::BTreeMap::new();
    for event in events {
        let params = &event["params"];
        let id = params["requestId"].as_str().unwrap_or_default();
        match event["method"].as_str().unwrap_or_default() {
            "Network.requestWillBeSent" if params["type"] != "Other" => {
                open.insert(id, params["request"]["url"].as_str().unwrap_or_default());
            }
            "Network.loadingFinished" | "Network.loadingFailed" => {
                open.remove(id);
            }
            _ => {}
        }
    }
    open.into_values().map(str::to_owned).collect()
}
