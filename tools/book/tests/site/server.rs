//! A static web server for a built site, on 127.0.0.1, as a host would
//! serve it: its `404.html` (with status 404) for any missing file.

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// Serves until dropped.
pub struct Server {
    address: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    /// Serves `site` under `prefix`: `/`, or a sub-path such as `/book/`.
    pub fn start(site: &Path, prefix: &str) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let files = ServeDir::new(site).not_found_service(ServeFile::new(site.join("404.html")));
        let app = match prefix.trim_end_matches('/') {
            "" => Router::new().fallback_service(files),
            path => Router::new().nest_service(path, files),
        };
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
        Server {
            address,
            _runtime: runtime,
        }
    }

    /// `http://127.0.0.1:PORT` with `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// What every URL of this server starts with.
    pub fn origin(&self) -> String {
        self.url("/")
    }
}
