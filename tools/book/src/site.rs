//! `book build`: render the book next to its destination, then swap it in.
//!
//! mdBook's HTML renderer empties its destination and writes in place, so a
//! wrong `--dest` deletes whatever was there and a failure halfway leaves
//! half a site. Here mdBook writes into a fresh directory beside the
//! destination; only a complete build replaces the old site, and a
//! destination that holds anything but a built book is refused.

use std::path::{Path, PathBuf};

use mdbook_driver::MDBook;
use tempfile::TempDir;

/// How a build is asked for.
pub struct Options<'a> {
    /// Where the site goes; `None`: book.toml's `build-dir`.
    pub dest: Option<&'a Path>,
    /// mdBook's live-reload websocket path, for `serve`.
    pub live_reload: Option<&'a str>,
    /// The path the site is served under (`/repo/`), for the 404 page.
    pub site_url: Option<&'a str>,
}

/// Builds the HTML book and returns where it went.
pub fn build(root: &Path, options: &Options) -> Result<PathBuf, String> {
    let mut book = MDBook::load(root).map_err(|e| format!("cannot load the book: {e:#}"))?;
    book.with_preprocessor(book_harness::preprocessor::BookPreprocessor);
    let dest = match options.dest {
        Some(dest) => absolute(dest)?,
        None => absolute(&book.root.join(&book.config.build.build_dir))?,
    };
    refuse_unsafe_destination(root, &book.source_dir(), &dest)?;
    if let Some(endpoint) = options.live_reload {
        set(&mut book, "output.html.live-reload-endpoint", endpoint)?;
    }
    if let Some(url) = options.site_url {
        set(&mut book, "output.html.site-url", url)?;
    }
    let parent = dest.parent().ok_or("the destination has no parent")?;
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let staging = sibling(&dest, "building")?;
    book.config.build.build_dir = staging.path().to_path_buf();
    let errors_before = crate::log::errors();
    book.build()
        .map_err(|e| format!("cannot build the book: {e:#}{}", kept(&dest)))?;
    let errors = crate::log::errors() - errors_before;
    if errors > 0 {
        return Err(format!(
            "mdBook reported {errors} error(s), above{}",
            kept(&dest)
        ));
    }
    swap_in(staging, &dest)?;
    Ok(dest)
}

fn set(book: &mut MDBook, key: &str, value: &str) -> Result<(), String> {
    book.config.set(key, value).map_err(|e| e.to_string())
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    if path.as_os_str().is_empty() {
        return Err("the destination is an empty path".into());
    }
    let path = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Resolve `..` and symlinks in the part that exists, so the checks
    // below compare real places.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().ok_or("no such directory")?);
        existing = existing.parent().ok_or("no such directory")?;
    }
    let mut real = existing
        .canonicalize()
        .map_err(|e| format!("{}: {e}", existing.display()))?;
    real.extend(rest.iter().rev());
    Ok(real)
}

/// Names the sources a build must never replace. `Err` says why not.
fn refuse_unsafe_destination(root: &Path, src: &Path, dest: &Path) -> Result<(), String> {
    let root = root.canonicalize().map_err(|e| e.to_string())?;
    let show = dest.display();
    if root.starts_with(dest) {
        return Err(format!(
            "refusing to build into {show}: it holds the book itself ({})",
            root.display()
        ));
    }
    let src = absolute(src)?;
    for sources in [
        src,
        root.join("theme"),
        root.join("listings"),
        root.join(".git"),
    ] {
        if dest.starts_with(&sources) {
            return Err(format!(
                "refusing to build into {show}: it is inside the book's sources ({})",
                sources.display()
            ));
        }
    }
    if dest.is_file() {
        return Err(format!("refusing to build into {show}: it is a file"));
    }
    if dest.is_dir() && !is_empty_dir(dest) && !is_built_book(dest) {
        return Err(format!(
            "refusing to build into {show}: it holds files that are not a built book \
             (choose a new or empty directory)"
        ));
    }
    Ok(())
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// An mdBook site: an `index.html` beside mdBook's page script.
fn is_built_book(dir: &Path) -> bool {
    let script =
        |name: &str| name == "book.js" || name.starts_with("book-") && name.ends_with(".js");
    dir.join("index.html").is_file()
        && std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| script(&e.file_name().to_string_lossy()))
        })
}

/// A new empty directory beside `dest` (same file system, so renames work).
fn sibling(dest: &Path, what: &str) -> Result<TempDir, String> {
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    tempfile::Builder::new()
        .prefix(&format!(".{name}.{what}-"))
        .tempdir_in(dest.parent().unwrap())
        .map_err(|e| format!("cannot create a directory beside {}: {e}", dest.display()))
}

fn kept(dest: &Path) -> String {
    if dest.exists() {
        format!("; {} is left as it was", dest.display())
    } else {
        String::new()
    }
}

/// Puts the finished site at `dest`; the old one, if any, is deleted after.
fn swap_in(staging: TempDir, dest: &Path) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot move the new site to {}: {e}", dest.display());
    if !dest.exists() {
        return std::fs::rename(staging.keep(), dest).map_err(failed);
    }
    #[cfg(target_os = "linux")]
    {
        use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
        // One atomic step: a reader (or `serve`) never sees a missing site.
        if renameat2(
            AT_FDCWD,
            staging.path(),
            AT_FDCWD,
            dest,
            RenameFlags::RENAME_EXCHANGE,
        )
        .is_ok()
        {
            return Ok(()); // `staging` now holds the old site; dropping it deletes it
        }
    }
    let old = sibling(dest, "old")?;
    std::fs::rename(dest, old.path()).map_err(failed)?;
    std::fs::rename(staging.keep(), dest).map_err(failed)
}
