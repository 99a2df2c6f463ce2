//! `book serve`: build, serve on 127.0.0.1, rebuild on change, reload pages.
//! `book serve --published`: the site as `build` publishes it, served as a
//! static host serves it (gzip, `404.html`), built once.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use tokio::sync::broadcast;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

/// mdBook's page script opens a websocket here and reloads on "reload".
const LIVE_RELOAD: &str = "__livereload";
/// What a change to any of these rebuilds.
const WATCHED: &[&str] = &["book.toml", "src", "theme", "listings"];
const POLL: Duration = Duration::from_millis(300);

pub fn serve(root: &Path, port: u16, published: bool) -> Result<(), String> {
    // Bind first: a port that is taken fails before anything is written.
    let listener = bind(port)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    if published {
        let dest = target_dir(root).join("book-published");
        build(root, &dest, None)?;
        return runtime.block_on(serve_static(dest, listener));
    }
    let dest = target_dir(root).join("book-serve");
    build(root, &dest, Some(LIVE_RELOAD))?;
    runtime.block_on(run(root.to_path_buf(), dest, listener))
}

fn bind(port: u16) -> Result<std::net::TcpListener, String> {
    let address = format!("127.0.0.1:{port}");
    let listener = std::net::TcpListener::bind(&address).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::AddrInUse => " (is another server running? try --port)",
            std::io::ErrorKind::PermissionDenied => {
                " (ports below 1024 need privileges; try --port 3000)"
            }
            _ => "",
        };
        format!("cannot listen on {address}: {e}{hint}")
    })?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    Ok(listener)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, as cargo reads it.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            std::path::absolute(PathBuf::from(dir)).unwrap_or_else(|_| root.join("target"))
        }
        _ => root.join("target"),
    }
}

fn build(root: &Path, dest: &Path, live_reload: Option<&str>) -> Result<PathBuf, String> {
    let options = crate::site::Options {
        dest: Some(dest),
        live_reload,
        site_url: None,
    };
    crate::site::build(root, &options)
}

/// Files from `dest`, compressed, with `404.html` for a missing page.
fn site(dest: &Path) -> ServeDir<SetStatus<ServeFile>> {
    ServeDir::new(dest).not_found_service(ServeFile::new(dest.join("404.html")))
}

async fn serve_static(dest: PathBuf, listener: std::net::TcpListener) -> Result<(), String> {
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
    let app = Router::new()
        .fallback_service(site(&dest))
        .layer(CompressionLayer::new());
    announce(&listener, "the published book")?;
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}

fn announce(listener: &tokio::net::TcpListener, what: &str) -> Result<(), String> {
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    say(&format!("serving {what} on http://{bound} (Ctrl-C stops)"));
    Ok(())
}

async fn run(root: PathBuf, dest: PathBuf, listener: std::net::TcpListener) -> Result<(), String> {
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
    let (reload, _) = broadcast::channel(16);
    tokio::spawn(rebuild_on_change(root, dest.clone(), reload.clone()));
    let app = Router::new()
        .route(&format!("/{LIVE_RELOAD}"), get(live_reload))
        .fallback_service(site(&dest))
        .layer(CompressionLayer::new())
        .with_state(reload);
    announce(&listener, "the book")?;
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}

async fn live_reload(
    ws: WebSocketUpgrade,
    State(reload): State<broadcast::Sender<()>>,
) -> Response {
    let changed = reload.subscribe();
    ws.on_upgrade(move |socket| tell_when_changed(socket, changed))
}

async fn tell_when_changed(mut socket: WebSocket, mut changed: broadcast::Receiver<()>) {
    if changed.recv().await.is_ok() {
        let _ = socket.send(Message::Text("reload".into())).await;
    }
}

/// Polls the sources' newest modification time; rebuilds when it moves.
async fn rebuild_on_change(root: PathBuf, dest: PathBuf, reload: broadcast::Sender<()>) {
    let mut seen = newest_change(&root);
    loop {
        tokio::time::sleep(POLL).await;
        let now = newest_change(&root);
        if now == seen {
            continue;
        }
        seen = now;
        let (root, dest) = (root.clone(), dest.clone());
        let built = tokio::task::spawn_blocking(move || build(&root, &dest, Some(LIVE_RELOAD)))
            .await
            .expect("the build does not panic");
        match built {
            Ok(_) => {
                say("rebuilt; reloading open pages");
                let _ = reload.send(());
            }
            Err(e) => eprintln!("error: {e}"),
        }
    }
}

fn newest_change(root: &Path) -> Option<SystemTime> {
    WATCHED
        .iter()
        .filter_map(|p| newest_under(&root.join(p)))
        .max()
}

fn newest_under(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    let own = meta.modified().ok();
    if !meta.is_dir() {
        return own;
    }
    let children = std::fs::read_dir(path).ok()?;
    children
        .filter_map(|e| newest_under(&e.ok()?.path()))
        .chain(own)
        .max()
}

/// Prints a status line; a closed stdout is no reason to stop serving.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
