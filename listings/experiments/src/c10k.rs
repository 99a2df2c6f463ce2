//! Q12, "10,000 socket connections: which concurrency model?": N loopback
//! connections held open at once, then echoed, against these servers:
//!
//! * tokio: multi-thread runtime, one task per connection;
//! * tokio current-thread: the same task on one thread, the match for asyncio;
//! * tokio, readiness only: the same, but a connection's task keeps no
//!   buffer: it waits for readiness and reads into its worker thread's one;
//! * std threads: one thread per connection, each with a 64 KiB stack;
//! * Python asyncio (`python/c10k_echo.py`), where python3 exists, and the
//!   same script on uvloop where `import uvloop` works.
//!
//! Each server runs in its own process and prints its port. The clients (one
//! tokio process) run in yet another process, so each side needs only one
//! file descriptor per connection. The parent conducts: once the client has
//! connected N times *and* the server has accepted N times, it reads the
//! server's RSS and thread count from /proc, then tells the client to start
//! the round trips.

use std::cell::RefCell;
use std::future::Future;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nix::sys::resource::{Resource, getrlimit, setrlimit};
use plotters::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinSet;

use crate::children::{ChildProcess, child_command, python_script, python3};
use crate::procfs::{self, ProcStatus};
use crate::table::thousands;
use crate::{Error, Outcome, Settings, Table, chart, progress, stats};

/// Bytes sent, and expected back, on every round trip.
const PAYLOAD: usize = 64;
/// Every server reads into a buffer of this size (the Python one too).
const BUFFER: usize = 1024;
/// Stack of each thread in the thread-per-connection server (std's default is 2 MiB).
const THREAD_STACK: usize = 64 * 1024;
/// Handshakes the client keeps outstanding: the accept queue is bounded by somaxconn.
const CONNECTS_IN_FLIGHT: usize = 500;
/// Descriptors each process needs beyond one per connection (stdio, epoll, listener…).
const FD_MARGIN: u64 = 100;
/// Threads beyond one per connection (runtime workers, other processes' share).
const THREAD_MARGIN: u64 = 200;
/// How long the parent waits for any one line from a child, or for a child
/// to exit, before it gives up: connecting 10,000 takes seconds.
const PHASE_TIMEOUT: Duration = Duration::from_secs(120);

pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let connections = settings.pick(50, 10_000);
    let rounds = settings.pick(2, 10);
    let limits = Limits::read()?;
    limits.check(connections as u64)?;
    let python = python3();
    let mut servers = vec![
        Server::Tokio,
        Server::TokioCurrent,
        Server::TokioLean,
        Server::Threads,
    ];
    let uvloop = python.as_deref().is_some_and(has_uvloop);
    if let Some(python) = python {
        if uvloop {
            servers.push(Server::Uvloop(python.clone()));
        }
        servers.push(Server::Asyncio(python));
    }

    let bar = progress::bar("c10k", servers.len() as u64);
    let mut rows = Vec::new();
    for server in &servers {
        bar.set_message(server.short_label());
        rows.push(measure(server, connections, rounds, &limits)?);
        bar.inc(1);
    }
    bar.finish_and_clear();

    draw_chart(&settings.chart_path("c10k"), &rows, connections)
        .map_err(|e| format!("chart: {e}"))?;
    Ok(Outcome {
        tables: vec![
            memory_table(&rows, connections),
            echo_table(&rows, connections, rounds),
            limits.table(),
        ],
        notes: notes(&rows, settings, connections, rounds, &limits, uvloop),
    })
}

/// Entry point for the processes this experiment starts:
/// `server tokio|tokio-current|tokio-lean|threads <connections>` and `client <port> <connections> <rounds>`.
pub fn child(args: &[String]) -> Result<(), Error> {
    match args {
        [role, kind, connections] if role == "server" => run_server(kind, connections.parse()?),
        [role, port, connections, rounds] if role == "client" => {
            run_client(port.parse()?, connections.parse()?, rounds.parse()?)
        }
        _ => Err(format!("c10k child: unexpected arguments {args:?}").into()),
    }
}

// ---------------------------------------------------------------------------
// The parent: one measurement per server.

enum Server {
    Tokio,
    /// The same echo task on tokio's current-thread runtime: one thread, like asyncio.
    TokioCurrent,
    TokioLean,
    Threads,
    /// The python3 executable that runs `python/c10k_echo.py`.
    Asyncio(PathBuf),
    /// The same script with uvloop's event loop, where `import uvloop` works.
    Uvloop(PathBuf),
}

/// Whether this python3 can `import uvloop`.
fn has_uvloop(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import uvloop"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

impl Server {
    fn label(&self) -> &'static str {
        match self {
            Server::Tokio => "tokio, one task per connection",
            Server::TokioCurrent => "tokio current-thread, one task per connection",
            Server::TokioLean => "tokio, readiness only: no buffer per connection",
            Server::Threads => "std threads, one per connection (64 KiB stacks)",
            Server::Asyncio(_) => "Python asyncio, one task per connection",
            Server::Uvloop(_) => "Python asyncio on uvloop, one task per connection",
        }
    }

    fn short_label(&self) -> &'static str {
        match self {
            Server::Tokio => "tokio tasks",
            Server::TokioCurrent => "tokio 1 thread",
            Server::TokioLean => "tokio lean",
            Server::Threads => "std threads",
            Server::Asyncio(_) => "Python asyncio",
            Server::Uvloop(_) => "Python uvloop",
        }
    }

    fn command(&self, connections: usize, backlog: u64) -> Command {
        let connections = connections.to_string();
        match self {
            Server::Tokio => rust_server("tokio", &connections),
            Server::TokioCurrent => rust_server("tokio-current", &connections),
            Server::TokioLean => rust_server("tokio-lean", &connections),
            Server::Threads => rust_server("threads", &connections),
            // Python's listen() takes the backlog as a number; the Rust
            // servers ask for listen(-1), which the kernel caps the same way.
            Server::Asyncio(python) | Server::Uvloop(python) => {
                let mut command = Command::new(python);
                command
                    .arg(python_script("c10k_echo.py"))
                    .args([connections, backlog.to_string()]);
                if matches!(self, Server::Uvloop(_)) {
                    command.arg("uvloop");
                }
                command
            }
        }
    }
}

fn rust_server(kind: &str, connections: &str) -> Command {
    let mut command = child_command("c10k");
    command.args(["server", kind, connections]);
    command
}

/// What one server run measured.
struct Row {
    server: &'static str,
    short_label: &'static str,
    /// The server's /proc status once it is ready, before any connection.
    before: ProcStatus,
    /// The same with every connection accepted, before any data.
    connected: ProcStatus,
    /// The same, after the round trips, connections still open.
    after_echo: ProcStatus,
    echo: EchoReport,
    /// Growth of the kernel's ListenOverflows counter during connection setup.
    listen_overflows: Option<u64>,
}

/// One server, measured: started, connected to N times by the client
/// process, sampled, echoed through, sampled again, and both stopped.
/// Dropping a `ChildProcess` kills and reaps it, so an error anywhere here
/// leaves neither process behind.
fn measure(
    server: &Server,
    connections: usize,
    rounds: usize,
    limits: &Limits,
) -> Result<Row, Error> {
    let overflows_before = listen_overflows();
    let command = server.command(connections, limits.somaxconn);
    let mut server_process =
        ChildProcess::start(format!("the {} server", server.short_label()), command)?;
    let port: u16 = server_process.expect("port", PHASE_TIMEOUT)?.parse()?;
    let before = procfs::status(server_process.pid())?;
    let command = client_command(port, connections, rounds);
    let mut client = ChildProcess::start("the client", command)?;
    let connected = client.expect("connected", PHASE_TIMEOUT)?;
    expect_count(connected, connections, "client connected")?;
    // connect() returns once the kernel has queued the finished handshake;
    // the server may not have accepted it yet, so wait for the server's word.
    let accepted = server_process.expect("accepted", PHASE_TIMEOUT)?;
    expect_count(accepted, connections, "server accepted")?;
    let overflows = overflows_before.zip(listen_overflows()).map(|(a, b)| b - a);
    let connected = procfs::status(server_process.pid())?;

    client.say("go")?;
    let echo = EchoReport::parse(&client.expect("done", PHASE_TIMEOUT)?)?;
    let after_echo = procfs::status(server_process.pid())?;
    client.say("close")?;
    client.finish(PHASE_TIMEOUT)?;
    server_process.terminate(PHASE_TIMEOUT)?;

    let row = Row {
        server: server.label(),
        short_label: server.short_label(),
        before,
        connected,
        after_echo,
        echo,
        listen_overflows: overflows,
    };
    check(server, &row, connections, rounds)?;
    Ok(row)
}

/// What must hold however the timings fall: every round trip echoed (the
/// client compared each echo byte for byte), and one thread per connection
/// in the thread server.
fn check(server: &Server, row: &Row, connections: usize, rounds: usize) -> Result<(), Error> {
    let label = server.label();
    let round_trips = row.echo.round_trips;
    if round_trips != connections * rounds {
        let expected = format!("{connections} × {rounds}");
        return Err(format!("{label}: {round_trips} round trips echoed, not {expected}").into());
    }
    // Its main thread, and one per connection.
    let threads = row.connected.threads;
    if matches!(server, Server::Threads) && threads != connections as u64 + 1 {
        return Err(format!("{label}: {threads} threads for {connections} connections").into());
    }
    Ok(())
}

fn client_command(port: u16, connections: usize, rounds: usize) -> Command {
    let mut command = child_command("c10k");
    command.args([
        "client".to_string(),
        port.to_string(),
        connections.to_string(),
        rounds.to_string(),
    ]);
    command
}

fn expect_count(said: String, expected: usize, what: &str) -> Result<(), Error> {
    match said.parse::<usize>() {
        Ok(count) if count == expected => Ok(()),
        _ => Err(format!("{what} {said:?}, expected {expected}").into()),
    }
}

/// The kernel's count of connections dropped because an accept queue was
/// full (`TcpExt: ListenOverflows` in /proc/net/netstat), for the whole
/// network namespace.
fn listen_overflows() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/net/netstat").ok()?;
    let mut tcp_ext = text.lines().filter(|line| line.starts_with("TcpExt:"));
    let (names, values) = (tcp_ext.next()?, tcp_ext.next()?);
    let column = names
        .split_whitespace()
        .position(|name| name == "ListenOverflows")?;
    values.split_whitespace().nth(column)?.parse().ok()
}

// ---------------------------------------------------------------------------
// The limits that bite at 10,000 connections, read from the kernel.

struct Limits {
    nofile_soft: u64,
    nofile_hard: u64,
    nproc: u64,
    port_range: (u64, u64),
    somaxconn: u64,
    threads_max: u64,
    pid_max: u64,
    max_map_count: u64,
    /// The tightest cgroup `pids.max` above this process, if any is set.
    cgroup_pids_max: Option<u64>,
}

impl Limits {
    fn read() -> Result<Limits, Error> {
        let (nofile_soft, nofile_hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
        let (nproc, _) = getrlimit(Resource::RLIMIT_NPROC)?;
        let range = read_proc("/proc/sys/net/ipv4/ip_local_port_range")?;
        let mut ends = range.split_whitespace().map(str::parse::<u64>);
        let (Some(Ok(low)), Some(Ok(high))) = (ends.next(), ends.next()) else {
            return Err(format!("ip_local_port_range: cannot parse {range:?}").into());
        };
        Ok(Limits {
            nofile_soft,
            nofile_hard,
            nproc,
            port_range: (low, high),
            somaxconn: read_number("/proc/sys/net/core/somaxconn")?,
            threads_max: read_number("/proc/sys/kernel/threads-max")?,
            pid_max: read_number("/proc/sys/kernel/pid_max")?,
            max_map_count: read_number("/proc/sys/vm/max_map_count")?,
            cgroup_pids_max: cgroup_pids_max(),
        })
    }

    fn ephemeral_ports(&self) -> u64 {
        self.port_range.1 + 1 - self.port_range.0
    }

    /// Fails, naming the limit, when a full run cannot fit under it.
    fn check(&self, connections: u64) -> Result<(), Error> {
        let fds = connections + FD_MARGIN;
        if self.nofile_hard < fds {
            return Err(format!(
                "RLIMIT_NOFILE hard limit is {}, below the {fds} file descriptors each process \
                 needs for {connections} connections (one per connection plus {FD_MARGIN}); \
                 raise it (`ulimit -Hn`, limits.conf) or run with --tiny",
                self.nofile_hard
            )
            .into());
        }
        if self.ephemeral_ports() < connections {
            return Err(format!(
                "net.ipv4.ip_local_port_range offers {} ephemeral ports, fewer than {connections} connections",
                self.ephemeral_ports()
            )
            .into());
        }
        let threads = connections + THREAD_MARGIN;
        let thread_limits = [
            ("kernel.threads-max", self.threads_max),
            ("kernel.pid_max", self.pid_max),
            ("RLIMIT_NPROC", self.nproc),
            ("cgroup pids.max", self.cgroup_pids_max.unwrap_or(u64::MAX)),
            (
                "vm.max_map_count / 2 (a stack and its guard page per thread)",
                self.max_map_count / 2,
            ),
        ];
        for (name, value) in thread_limits {
            if value < threads {
                return Err(format!(
                    "{name} is {value}, below the {threads} threads the thread-per-connection server needs"
                )
                .into());
            }
        }
        Ok(())
    }

    fn table(&self) -> Table {
        let mut table = Table::new(
            "Limits that bite at 10,000 connections, as read on this machine",
            &["limit", "value here", "what it bounds"],
        );
        for (limit, value, bounds) in self.rows() {
            table.row(vec![limit.to_string(), value, bounds.to_string()]);
        }
        table
    }

    /// (limit, its value here, what it bounds)
    fn rows(&self) -> [(&'static str, String, &'static str); 8] {
        [
            (
                "RLIMIT_NOFILE (soft / hard)",
                format!(
                    "{} / {}",
                    rlimit(self.nofile_soft),
                    rlimit(self.nofile_hard)
                ),
                "open file descriptors per process: one per socket",
            ),
            (
                "net.ipv4.ip_local_port_range",
                format!(
                    "{}–{} ({} ports)",
                    self.port_range.0,
                    self.port_range.1,
                    self.ephemeral_ports()
                ),
                "client-side ports, per destination address and port",
            ),
            (
                "net.core.somaxconn",
                self.somaxconn.to_string(),
                "cap on each listen backlog (handshaken, not yet accepted)",
            ),
            (
                "kernel.threads-max",
                self.threads_max.to_string(),
                "threads, system-wide",
            ),
            (
                "kernel.pid_max",
                self.pid_max.to_string(),
                "largest pid; every thread takes one",
            ),
            (
                "vm.max_map_count",
                self.max_map_count.to_string(),
                "memory mappings per process",
            ),
            (
                "RLIMIT_NPROC",
                rlimit(self.nproc),
                "threads and processes per user",
            ),
            (
                "cgroup pids.max",
                self.cgroup_pids_max
                    .map_or("not set".to_string(), |v| v.to_string()),
                "threads and processes in this cgroup",
            ),
        ]
    }

    /// What each limit means for N connections, with the values read here.
    fn notes(&self, connections: usize) -> Vec<String> {
        vec![
            format!(
                "File descriptors: a socket is a file descriptor on each side, so each process needs \
                 one per connection plus a few, under RLIMIT_NOFILE (here soft {} / hard {}). \
                 Every process raises its soft limit to the hard one \
                 ([getrlimit(2)](https://man7.org/linux/man-pages/man2/getrlimit.2.html)); with the \
                 clients in a separate process, neither side needs 2 × {connections}.",
                self.nofile_soft, self.nofile_hard
            ),
            format!(
                "Ephemeral ports: each client connection takes a local port from \
                 net.ipv4.ip_local_port_range, here {}–{} ({} ports), unique per destination \
                 address and port ([ip-sysctl](https://docs.kernel.org/networking/ip-sysctl.html)): \
                 about that many connections from one client address to one server.",
                self.port_range.0,
                self.port_range.1,
                self.ephemeral_ports()
            ),
            format!(
                "Accept backlog: the listen backlog is the queue of connections whose handshake is \
                 complete but which the server has not yet accepted, capped at net.core.somaxconn \
                 (here {}) ([listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html)). So a \
                 client's connect() can succeed before the server has called accept(): the parent \
                 waits for the server's own \"accepted {connections}\" before measuring. Keeping at most \
                 {CONNECTS_IN_FLIGHT} connects in flight bounds the handshakes in progress, not the \
                 finished ones waiting in that queue: when an accept loop falls behind, the queue still \
                 fills and the kernel ignores the new handshake, which the client's retransmission \
                 completes later (listen(2) again; the first retransmission waits about a second, \
                 [RFC 6298](https://www.rfc-editor.org/rfc/rfc6298)). The overflows column is the growth of `ListenOverflows` in /proc/net/netstat while \
                 connecting, counted for the whole network namespace (other programs' drops included).",
                self.somaxconn
            ),
            format!(
                "Threads: thread-per-connection needs {connections} threads. Each is a kernel task \
                 with its own pid, counted against kernel.threads-max (here {}) and kernel.pid_max \
                 (here {}) ([sysctl/kernel](https://docs.kernel.org/admin-guide/sysctl/kernel.html)), \
                 against RLIMIT_NPROC and any cgroup pids.max \
                 ([cgroup v2](https://docs.kernel.org/admin-guide/cgroup-v2.html)); its stack and guard \
                 page are two of the process's vm.max_map_count (here {}) mappings \
                 ([sysctl/vm](https://docs.kernel.org/admin-guide/sysctl/vm.html)). RSS counts only \
                 the stack pages a thread touched, not its kernel stack, which is kernel memory \
                 ([kernel stacks](https://docs.kernel.org/arch/x86/kernel-stacks.html)).",
                self.threads_max, self.pid_max, self.max_map_count
            ),
        ]
    }
}

/// A resource limit as a number, or "unlimited".
fn rlimit(value: u64) -> String {
    if value == nix::libc::RLIM_INFINITY {
        "unlimited".to_string()
    } else {
        value.to_string()
    }
}

fn read_proc(path: &str) -> Result<String, Error> {
    Ok(std::fs::read_to_string(path)
        .map_err(|e| format!("{path}: {e}"))?
        .trim()
        .to_string())
}

fn read_number(path: &str) -> Result<u64, Error> {
    let text = read_proc(path)?;
    text.parse()
        .map_err(|e| format!("{path}: {text:?}: {e}").into())
}

/// The smallest `pids.max` set on this process's cgroup or any ancestor
/// (cgroup v2, or the v1 `pids` controller); `None` when none is set.
fn cgroup_pids_max() -> Option<u64> {
    let membership = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let mut tightest: Option<u64> = None;
    for line in membership.lines() {
        let mut fields = line.splitn(3, ':');
        let (_, controllers, path) = (fields.next()?, fields.next()?, fields.next()?);
        let root = match controllers {
            "" => "/sys/fs/cgroup",
            "pids" => "/sys/fs/cgroup/pids",
            _ => continue,
        };
        let mut dir = PathBuf::from(format!("{root}{path}"));
        loop {
            let limit = std::fs::read_to_string(dir.join("pids.max")).ok();
            if let Some(value) = limit.and_then(|text| text.trim().parse::<u64>().ok()) {
                tightest = Some(tightest.map_or(value, |t| t.min(value)));
            }
            if dir.as_path() == Path::new(root) || !dir.pop() {
                break;
            }
        }
    }
    tightest
}

/// Raises this process's RLIMIT_NOFILE soft limit to its hard limit, after
/// checking that the hard limit leaves room for one descriptor per connection.
fn raise_fd_limit(connections: usize) -> Result<(), Error> {
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
    let needed = connections as u64 + FD_MARGIN;
    if hard < needed {
        return Err(format!(
            "RLIMIT_NOFILE hard limit is {hard}, below the {needed} descriptors needed"
        )
        .into());
    }
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The servers (child processes).

fn run_server(kind: &str, connections: usize) -> Result<(), Error> {
    raise_fd_limit(connections)?;
    let listener = listen_on_loopback()?;
    match kind {
        "tokio" => serve_with_tokio(listener, connections, echo_async, true),
        "tokio-current" => serve_with_tokio(listener, connections, echo_async, false),
        "tokio-lean" => serve_with_tokio(listener, connections, echo_lean, true),
        "threads" => serve_with_threads(listener, connections),
        other => Err(format!("no server kind {other:?}").into()),
    }
}

/// 127.0.0.1, port 0, with the largest backlog the kernel allows: `listen(-1)`
/// is capped at somaxconn, whereas std's `TcpListener::bind` picks its own.
fn listen_on_loopback() -> Result<std::net::TcpListener, Error> {
    use nix::sys::socket::{
        AddressFamily, Backlog, SockFlag, SockType, SockaddrIn, bind, listen, socket,
    };
    use std::os::fd::AsRawFd;
    let socket = socket(
        AddressFamily::Inet,
        SockType::Stream,
        SockFlag::SOCK_CLOEXEC,
        None,
    )?;
    bind(socket.as_raw_fd(), &SockaddrIn::new(127, 0, 0, 1, 0))?;
    listen(&socket, Backlog::MAXALLOWABLE)?;
    Ok(std::net::TcpListener::from(socket))
}

/// Tells the parent the port once the server is ready to accept, so the
/// parent's "before connecting" memory sample includes the runtime.
fn announce_port(listener: &std::net::TcpListener) -> Result<(), Error> {
    println!("port {}", listener.local_addr()?.port());
    Ok(())
}

/// Tells the parent, once, that every expected connection has been accepted.
fn announce_when_all_accepted(accepted: usize, expected: usize) {
    if accepted == expected {
        println!("accepted {accepted}");
    }
}

/// The accept loop of the tokio servers: one task per connection, running
/// `connection` (`echo_async` or `echo_lean`) on the accepted stream, on the
/// default multi-thread runtime (one worker per CPU) or the current-thread one.
fn serve_with_tokio<F>(
    listener: std::net::TcpListener,
    expected: usize,
    connection: fn(tokio::net::TcpStream) -> F,
    multi_thread: bool,
) -> Result<(), Error>
where
    F: Future<Output = ()> + Send + 'static,
{
    let runtime = if multi_thread {
        tokio::runtime::Runtime::new()?
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    };
    announce_port(&listener)?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        for accepted in 1.. {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            tokio::spawn(connection(stream));
            announce_when_all_accepted(accepted, expected);
        }
        Ok::<(), Error>(())
    })
}

async fn echo_async(mut stream: tokio::net::TcpStream) {
    let mut buffer = [0u8; BUFFER];
    while let Ok(read @ 1..) = stream.read(&mut buffer).await {
        if stream.write_all(&buffer[..read]).await.is_err() {
            return;
        }
    }
}

// The lean tokio server. Where an idle connection's bytes go (tokio 1.54.1,
// x86_64; the future's size is printed in the experiment's notes, and the
// rest is read off tokio's source, so it is an account, not a measurement):
//
// * The task: one heap allocation, tokio's task cell: a header (state,
//   run-queue link, vtable, owner id: 32 bytes), the scheduler handle and
//   task id (16), the future with its stage tag, and a trailer (the
//   owned-tasks list links, the JoinHandle's waker, a hook: 48). The cell
//   is aligned to 128 bytes, so with this future it rounds up to 256.
// * The future: `lean_future_size()` bytes: the TcpStream (40: its fd and
//   its registration, a runtime handle and an Arc to its ScheduledIo), the
//   `poll_fn` closure's reference, and the slot of the boxed slow path. No
//   buffer: `echo_async`'s 1 KiB array is gone. It waits with
//   `poll_read_ready`, which parks the task's waker in the ScheduledIo's
//   reader slot, not with `readable().await`: that future carries its own
//   intrusive waiter (152 bytes in this build), which made the connection
//   future 224 bytes, the task cell 384, and measured about 0.13 KiB more
//   per connection in one run.
// * tokio's registration: each socket registered with the I/O driver gets
//   its own `Arc<ScheduledIo>` (readiness bits, a mutex, the reader's and
//   writer's wakers, list links), also aligned to 128 bytes: 256 bytes with
//   the Arc's counts.
// * The allocator: a 128-byte-aligned allocation costs glibc's malloc more
//   than its size (it over-allocates, then frees the misaligned ends as
//   small fragments), and these two are about half of an idle connection's
//   RSS growth: 512 bytes of objects against about 0.9 KiB measured.
// * Not in RSS: the socket itself (its kernel struct, its send and receive
//   buffers), its epoll entry, its slot in the fd table, and the accept
//   backlog it waited in: all kernel memory, which VmRSS does not count.
// * Only while a write is partial: a Vec with the unsent bytes and the
//   boxed future that sends them, freed once they are sent.

thread_local! {
    /// The lean server's read buffer: one per worker thread, not one per
    /// connection. A task borrows it only inside `read_and_echo`, which is
    /// not async, so no borrow can live across an await: a task that moves
    /// to another worker at its next await finds that worker's buffer.
    static WORKER_BUFFER: RefCell<[u8; BUFFER]> = const { RefCell::new([0; BUFFER]) };
}

/// How often the lean server had to keep unsent bytes (a write the kernel
/// took only in part, or not at all): the test of the slow path reads it.
static PARTIAL_WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What one read-and-echo step left to do.
enum Step {
    /// Echoed in full, or nothing was ready after all: wait again.
    Done,
    /// The kernel took only part of the echo: these bytes are still to send.
    Unsent(Vec<u8>),
    /// End of stream or an error: the connection is over.
    Closed,
}

/// The same echo as `echo_async`, holding no buffer between messages: wait
/// until the socket is readable, then read into the worker's buffer and
/// write the bytes straight back, without an await in between. One task
/// polls this socket's read readiness, so the one waker slot it fills in
/// tokio's registration is enough.
async fn echo_lean(stream: tokio::net::TcpStream) {
    loop {
        if std::future::poll_fn(|cx| stream.poll_read_ready(cx))
            .await
            .is_err()
        {
            return;
        }
        let step = WORKER_BUFFER.with_borrow_mut(|buffer| read_and_echo(&stream, buffer));
        match step {
            Step::Done => {}
            Step::Closed => return,
            // Boxed so that the rare slow path does not make every
            // connection's future bigger: it is allocated only when needed.
            Step::Unsent(unsent) => {
                if Box::pin(finish_write(&stream, unsent)).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// One read and its echo, both non-blocking. Runs with the worker's buffer
/// borrowed, so it must not (and, not being async, cannot) await.
fn read_and_echo(stream: &tokio::net::TcpStream, buffer: &mut [u8]) -> Step {
    let read = match stream.try_read(buffer) {
        Ok(0) => return Step::Closed,
        Ok(read) => read,
        // Readiness can be stale: the task waits for it again.
        Err(e) if e.kind() == ErrorKind::WouldBlock => return Step::Done,
        Err(_) => return Step::Closed,
    };
    let echo = &buffer[..read];
    match stream.try_write(echo) {
        Ok(written) if written == read => Step::Done,
        Ok(written) => Step::Unsent(echo[written..].to_vec()),
        Err(e) if e.kind() == ErrorKind::WouldBlock => Step::Unsent(echo.to_vec()),
        Err(_) => Step::Closed,
    }
}

/// Sends the bytes a partial write left, waiting for writability as often
/// as the kernel's send buffer is full. Nothing more is read meanwhile, so
/// echoes stay in order, as `write_all` keeps them.
async fn finish_write(stream: &tokio::net::TcpStream, unsent: Vec<u8>) -> std::io::Result<()> {
    PARTIAL_WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut sent = 0;
    while sent < unsent.len() {
        stream.writable().await?;
        match stream.try_write(&unsent[sent..]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(written) => sent += written,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The size of the future an async fn returns, without calling it: what a
/// task spawned with it holds, besides tokio's own fields.
fn future_size<A, F: Future>(_: impl Fn(A) -> F) -> usize {
    std::mem::size_of::<F>()
}

fn lean_future_size() -> usize {
    future_size(echo_lean)
}

fn default_future_size() -> usize {
    future_size(echo_async)
}

fn serve_with_threads(listener: std::net::TcpListener, expected: usize) -> Result<(), Error> {
    announce_port(&listener)?;
    for (accepted, stream) in (1..).zip(listener.incoming()) {
        let stream = stream?;
        stream.set_nodelay(true)?;
        std::thread::Builder::new()
            .stack_size(THREAD_STACK)
            .spawn(move || echo_blocking(stream))
            .map_err(|e| format!("spawning the thread for connection {accepted}: {e}"))?;
        announce_when_all_accepted(accepted, expected);
    }
    Ok(())
}

fn echo_blocking(mut stream: std::net::TcpStream) {
    let mut buffer = [0u8; BUFFER];
    while let Ok(read @ 1..) = stream.read(&mut buffer) {
        if stream.write_all(&buffer[..read]).is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------------------
// The client (a child process): connects, waits, echoes, waits, closes.

fn run_client(port: u16, connections: usize, rounds: usize) -> Result<(), Error> {
    raise_fd_limit(connections)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let streams = runtime.block_on(connect_all(port, connections))?;
    println!("connected {}", streams.len());
    wait_for_parent("go")?;
    let (streams, report) = runtime.block_on(echo_all(streams, rounds))?;
    println!("done {}", report.to_line());
    wait_for_parent("close")?;
    drop(streams);
    Ok(())
}

fn wait_for_parent(word: &str) -> Result<(), Error> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    if line.trim() == word {
        Ok(())
    } else {
        Err(format!("client: expected {word:?} from the parent, got {line:?}").into())
    }
}

/// Opens `connections` connections, never more than CONNECTS_IN_FLIGHT
/// handshakes at a time, so the server's accept queue is not flooded.
async fn connect_all(port: u16, connections: usize) -> Result<Vec<tokio::net::TcpStream>, Error> {
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut connecting = JoinSet::new();
    let mut streams = Vec::with_capacity(connections);
    let mut started = 0;
    while streams.len() < connections {
        while started < connections && connecting.len() < CONNECTS_IN_FLIGHT {
            connecting.spawn(tokio::net::TcpStream::connect(address));
            started += 1;
        }
        let stream = connecting
            .join_next()
            .await
            .expect("a connect is in flight")?
            .map_err(|e| {
                format!(
                    "client: connection {} of {connections}: {e}",
                    streams.len() + 1
                )
            })?;
        stream.set_nodelay(true)?;
        streams.push(stream);
    }
    Ok(streams)
}

/// Runs `rounds` round trips on every connection at once; hands the streams
/// back so the connections stay open until the parent says "close".
async fn echo_all(
    streams: Vec<tokio::net::TcpStream>,
    rounds: usize,
) -> Result<(Vec<tokio::net::TcpStream>, EchoReport), Error> {
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for (id, stream) in streams.into_iter().enumerate() {
        tasks.spawn(echo_rounds(id, stream, rounds));
    }
    let mut latencies = Vec::new();
    let mut streams = Vec::new();
    while let Some(finished) = tasks.join_next().await {
        let (stream, mut times) = finished??;
        latencies.append(&mut times);
        streams.push(stream);
    }
    Ok((streams, EchoReport::new(latencies, started.elapsed())))
}

/// One connection's round trips: write 64 bytes, read 64 back, compare
/// byte for byte, and time each round trip.
async fn echo_rounds(
    id: usize,
    mut stream: tokio::net::TcpStream,
    rounds: usize,
) -> Result<(tokio::net::TcpStream, Vec<Duration>), Error> {
    let mut times = Vec::with_capacity(rounds);
    let mut echoed = [0u8; PAYLOAD];
    for round in 0..rounds {
        let sent = payload(id, round);
        let started = Instant::now();
        let trip = async {
            stream.write_all(&sent).await?;
            stream.read_exact(&mut echoed).await
        };
        trip.await
            .map_err(|e| format!("client: connection {id}, round {round}: {e}"))?;
        times.push(started.elapsed());
        if echoed != sent {
            return Err(format!("client: connection {id}, round {round}: the echo differs").into());
        }
    }
    Ok((stream, times))
}

/// Distinct bytes for every connection and round, so a crossed or stale echo
/// cannot pass the comparison.
fn payload(id: usize, round: usize) -> [u8; PAYLOAD] {
    let mut bytes = [0u8; PAYLOAD];
    bytes[..8].copy_from_slice(&(id as u64).to_le_bytes());
    bytes[8..16].copy_from_slice(&(round as u64).to_le_bytes());
    for (i, byte) in bytes.iter_mut().enumerate().skip(16) {
        *byte = (id.wrapping_mul(31) ^ round.wrapping_mul(7) ^ i) as u8;
    }
    bytes
}

/// The client's results, sent to the parent as one line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct EchoReport {
    round_trips: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

impl EchoReport {
    /// `latencies` holds at least one round trip: the client makes N ≥ 1
    /// connections and at least one round on each.
    fn new(mut latencies: Vec<Duration>, elapsed: Duration) -> EchoReport {
        latencies.sort_unstable();
        EchoReport {
            round_trips: latencies.len(),
            elapsed,
            p50: stats::percentile(&latencies, 0.5),
            p99: stats::percentile(&latencies, 0.99),
            max: latencies[latencies.len() - 1],
        }
    }

    fn round_trips_per_second(&self) -> f64 {
        self.round_trips as f64 / self.elapsed.as_secs_f64()
    }

    fn to_line(self) -> String {
        let nanos = [self.elapsed, self.p50, self.p99, self.max].map(|d| d.as_nanos().to_string());
        format!("{} {}", self.round_trips, nanos.join(" "))
    }

    fn parse(line: &str) -> Result<EchoReport, Error> {
        let numbers: Vec<u64> = line
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("client report {line:?}: {e}"))?;
        let [round_trips, elapsed, p50, p99, max] = numbers[..] else {
            return Err(format!("client report {line:?}: expected five numbers").into());
        };
        Ok(EchoReport {
            round_trips: round_trips as usize,
            elapsed: Duration::from_nanos(elapsed),
            p50: Duration::from_nanos(p50),
            p99: Duration::from_nanos(p99),
            max: Duration::from_nanos(max),
        })
    }
}

// ---------------------------------------------------------------------------
// Reporting.

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn millis(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1e3)
}

impl Row {
    /// Server memory added per open connection: (connected - before) / N,
    /// negative if the server gave memory back meanwhile.
    fn kib_per_connection(&self, connections: usize) -> f64 {
        let added = self.connected.rss_bytes as f64 - self.before.rss_bytes as f64;
        added / 1024.0 / connections as f64
    }
}

fn memory_table(rows: &[Row], connections: usize) -> Table {
    let mut table = Table::new(
        &format!(
            "Server memory with {connections} loopback connections open (VmRSS and Threads from \
             `/proc/<pid>/status`: before the client connected, once all {connections} were accepted, \
             and after the round trips; one run per server)"
        ),
        &[
            "server",
            "connections",
            "threads",
            "RSS before connecting (MiB)",
            "RSS all connected (MiB)",
            "RSS after echoing (MiB)",
            "KiB per connection",
        ],
    );
    for row in rows {
        table.row(vec![
            row.server.to_string(),
            connections.to_string(),
            row.connected.threads.to_string(),
            format!("{:.1}", mib(row.before.rss_bytes)),
            format!("{:.1}", mib(row.connected.rss_bytes)),
            format!("{:.1}", mib(row.after_echo.rss_bytes)),
            format!("{:.2}", row.kib_per_connection(connections)),
        ]);
    }
    table
}

fn echo_table(rows: &[Row], connections: usize, rounds: usize) -> Table {
    let mut table = Table::new(
        &format!(
            "{rounds} echo round trips of {PAYLOAD} bytes on each of the {connections} connections, \
             all connections at once (one run per server; latency = one write plus read_exact, \
             timed on the client)"
        ),
        &[
            "server",
            "round trips echoed",
            "round trips/s",
            "p50 latency (ms)",
            "p99 latency (ms)",
            "max latency (ms)",
            "listen-queue overflows while connecting",
        ],
    );
    for row in rows {
        table.row(vec![
            row.server.to_string(),
            row.echo.round_trips.to_string(),
            format!("{:.0}", row.echo.round_trips_per_second()),
            millis(row.echo.p50),
            millis(row.echo.p99),
            millis(row.echo.max),
            row.listen_overflows
                .map_or("n/a".to_string(), |n| n.to_string()),
        ]);
    }
    table
}

fn notes(
    rows: &[Row],
    settings: &Settings,
    connections: usize,
    rounds: usize,
    limits: &Limits,
    uvloop: bool,
) -> Vec<String> {
    let total = connections * rounds;
    let mut notes = vec![
        format!(
            "How: every server ran in its own process, and its clients in another: one tokio \
             process (multi-thread runtime) that opened the {connections} connections with at most \
             {CONNECTS_IN_FLIGHT} connects in flight, then ran one task per connection. Server RSS and threads are VmRSS and Threads \
             from `/proc/<pid>/status` ([proc_pid_status(5)](https://man7.org/linux/man-pages/man5/proc_pid_status.5.html)), \
             read three times: once the server was ready to accept, once it had reported all \
             {connections} accepted (before any data was sent), and after the round trips with the \
             connections still open. KiB per connection is the growth between the first two \
             readings divided by {connections}. Round trips/s is \
             {connections} × {rounds} divided by the time from the parent's \"go\" to the last \
             connection's last echo; the latencies are over all {total} round trips. One run per \
             server: the figures are single measurements, not medians."
        ),
        format!(
            "Every server echoed all {total} round trips ({connections} connections × {rounds}) \
             byte for byte; the thread server ran one thread per connection besides its main \
             thread; and every child process was reaped: the {} clients exited with status 0 and \
             the {} servers ended by the SIGTERM sent to them.",
            rows.len(),
            rows.len()
        ),
        format!(
            "The servers: tokio's default runtime, multi-threaded with one worker per CPU \
             ([Runtime::new](https://docs.rs/tokio/latest/tokio/runtime/struct.Runtime.html#method.new)), \
             one task per connection, in two versions, and the same echo task on the \
             [current-thread runtime](https://docs.rs/tokio/1/tokio/runtime/struct.Builder.html#method.new_current_thread), \
             one thread like asyncio; std threads created with `thread::Builder::stack_size(64 * 1024)` \
             instead of the 2 MiB default ([std::thread, stack size](https://doc.rust-lang.org/std/thread/index.html#stack-size)); \
             Python's [asyncio.start_server](https://docs.python.org/3/library/asyncio-stream.html#asyncio.start_server), \
             on the default event loop and, where installed, on [uvloop](https://uvloop.readthedocs.io/). \
             All of them listen with the largest backlog allowed."
        ),
        format!(
            "Buffers: the default tokio server, the thread server and Python read into a \
             {BUFFER}-byte buffer per connection. The lean tokio server keeps none: each task \
             waits for readiness with [TcpStream::poll_read_ready](https://docs.rs/tokio/1/tokio/net/struct.TcpStream.html#method.poll_read_ready), \
             then reads with `try_read` into one {BUFFER}-byte buffer per worker thread and writes \
             the bytes straight back with `try_write`, allocating a `Vec` for the rest only when \
             a write is partial. Its connection future is {} bytes, against {} bytes for the \
             default tokio server's (`std::mem::size_of` of each `async fn`'s future, this \
             build); tokio's task header and the socket's I/O registration come on top of both.",
            lean_future_size(),
            default_future_size()
        ),
    ];
    notes.extend(limits.notes(connections));
    notes.push(format!(
        "This machine reports `available_parallelism()` = {}, shared by the client, the server \
         and the kernel's loopback path, and no packet leaves the machine: the figures measure \
         memory and scheduling overhead per connection, not network capacity.",
        settings.machine.parallelism
    ));
    if !rows.iter().any(|row| row.server.starts_with("Python")) {
        notes.push("python3 was not found on PATH, so the Python asyncio row was skipped.".into());
    } else if !uvloop {
        notes.push("`import uvloop` failed in this python3, so the uvloop row was skipped.".into());
    }
    notes
}

/// Two bar charts side by side: server memory and round-trip rate per server.
fn draw_chart(path: &Path, rows: &[Row], connections: usize) -> Result<(), Error> {
    let root = SVGBackend::new(path, (900, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let title = format!("{connections} loopback connections, one server process each");
    let root = root.titled(&title, (chart::FONT, 20))?;
    let (left, right) = root.split_horizontally(450);
    let bars = |value: fn(&Row) -> f64| -> Vec<(String, f64)> {
        rows.iter()
            .map(|row| (row.short_label.to_string(), value(row)))
            .collect()
    };
    let rss = bars(|row| mib(row.connected.rss_bytes));
    let memory = chart::Bars {
        title: "Server RSS, all connected",
        unit: "MiB",
        bars: &rss,
        log: false,
        value_label: &|mib| format!("{mib:.0}"),
    };
    chart::draw_bars(&left, &memory, 16)?;
    let rate = bars(|row| row.echo.round_trips_per_second());
    let echo = chart::Bars {
        title: "Echo round trips per second",
        unit: "round trips/s",
        bars: &rate,
        log: false,
        value_label: &|rate| thousands(rate.round() as u64),
    };
    chart::draw_bars(&right, &echo, 16)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_differ_between_connections_and_rounds() {
        assert_ne!(payload(0, 0), payload(1, 0));
        assert_ne!(payload(0, 0), payload(0, 1));
        assert_ne!(payload(256, 0), payload(0, 0));
    }

    /// The lean server's slow path, forced: the client writes 8 MiB before
    /// it reads a byte, with a small receive buffer, so the server's echoes
    /// must stall (kernel buffers are at most a few MiB) and it has to keep
    /// unsent bytes. Every byte must still come back, in order.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn lean_echo_finishes_partial_writes_in_order() {
        use std::sync::atomic::Ordering;
        const TOTAL: usize = 8 << 20;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            echo_lean(stream).await;
        });
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let (mut reader, mut writer) = socket.connect(address).await.unwrap().into_split();
        let sent: Vec<u8> = (0..TOTAL).map(|i| (i % 251) as u8).collect();
        let expected = sent.clone();
        let writing = tokio::spawn(async move {
            writer.write_all(&sent).await.unwrap();
            writer.shutdown().await.unwrap();
        });
        let reading = async move {
            // The client reads nothing until the server has had to keep
            // unsent bytes: a condition polled, not a sleep that orders.
            while PARTIAL_WRITES.load(Ordering::Relaxed) == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            let mut echoed = Vec::with_capacity(TOTAL);
            reader.read_to_end(&mut echoed).await.unwrap();
            echoed
        };
        let echoed = tokio::time::timeout(Duration::from_secs(60), reading)
            .await
            .expect("the echo finished within a minute");
        writing.await.unwrap();
        server.await.unwrap();
        assert!(PARTIAL_WRITES.load(Ordering::Relaxed) > 0);
        assert_eq!(echoed.len(), TOTAL);
        assert!(echoed == expected, "the echo differs from what was sent");
    }

    #[test]
    fn lean_future_holds_no_buffer() {
        // The default server's future holds its 1 KiB buffer. The lean one
        // must stay under 128 bytes, so that tokio's 128-byte-aligned task
        // cell around it fits in 256 (the account above `WORKER_BUFFER`).
        assert!(default_future_size() > BUFFER, "{}", default_future_size());
        assert!(lean_future_size() < 128, "{}", lean_future_size());
    }

    #[test]
    fn echo_report_survives_its_line() {
        let report = EchoReport::new(
            vec![
                Duration::from_micros(3),
                Duration::from_micros(1),
                Duration::from_micros(2),
            ],
            Duration::from_millis(5),
        );
        assert_eq!(EchoReport::parse(&report.to_line()).unwrap(), report);
        assert_eq!(report.max, Duration::from_micros(3));
    }
}
