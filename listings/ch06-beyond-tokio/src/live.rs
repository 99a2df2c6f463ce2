//! Counting live tasks: each task holds a guard, and the guard's `Drop`
//! runs whether the task finishes, fails or is cancelled.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: live
/// How many guards exist right now. Clones share one count.
#[derive(Clone, Default)]
pub struct LiveCount(Arc<AtomicUsize>);

/// Counts as live from `LiveCount::guard` until it is dropped.
pub struct LiveGuard(Arc<AtomicUsize>);

impl LiveCount {
    pub fn guard(&self) -> LiveGuard {
        // Relaxed, here and below: a count; nothing else is read because of it.
        self.0.fetch_add(1, Ordering::Relaxed);
        LiveGuard(Arc::clone(&self.0))
    }

    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: live
