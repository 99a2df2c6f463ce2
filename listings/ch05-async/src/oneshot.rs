//! A one-shot slot written by hand: a future that another thread completes.
//! It stores the waker of its latest poll, and the sender wakes it. The
//! tiny executor of `src/bin/tiny_executor.rs` runs it too.

use std::future::Future;
use std::pin::Pin;
// The lock and its `Arc` come from `crate::sync`: std's here, while chapter 6
// compiles this same file against loom's and shuttle's to model-check it.
use crate::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

// ANCHOR: future
/// The value, once sent, and the waker of the latest poll that found none.
pub struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

pub struct Receive<T>(Arc<Mutex<Slot<T>>>);
pub struct Sender<T>(Arc<Mutex<Slot<T>>>);

impl<T> Future for Receive<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.0.lock().unwrap();
        match slot.value.take() {
            Some(value) => Poll::Ready(value),
            None => {
                slot.waker = Some(cx.waker().clone()); // replace, never keep an old one
                Poll::Pending
            }
        }
    }
}

impl<T> Sender<T> {
    pub fn send(self, value: T) {
        let waker = {
            let mut slot = self.0.lock().unwrap();
            slot.value = Some(value);
            slot.waker.take()
        }; // unlock before waking: the woken task may poll at once
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}
// ANCHOR_END: future

pub fn channel<T>() -> (Sender<T>, Receive<T>) {
    let slot = Arc::new(Mutex::new(Slot {
        value: None,
        waker: None,
    }));
    (Sender(slot.clone()), Receive(slot))
}

/// The planted bug: a future that keeps the waker of its *first* poll.
pub struct KeepsFirstWaker<T>(pub Receive<T>);

impl<T> Future for KeepsFirstWaker<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.0.0.lock().unwrap();
        match slot.value.take() {
            Some(value) => Poll::Ready(value),
            None => {
                slot.waker.get_or_insert_with(|| cx.waker().clone()); // the bug
                Poll::Pending
            }
        }
    }
}
