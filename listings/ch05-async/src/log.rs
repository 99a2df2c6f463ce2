//! `Log`: a shared list of lines that the steps of a listing append to, so
//! that the listing can assert what happened, and in which order, without
//! printing from several threads at once.

use std::sync::{Arc, Mutex};

/// A shared log that every step writes to.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, line: &str) {
        self.0.lock().unwrap().push(line.to_string());
    }

    /// Everything logged so far, leaving the log empty.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}
