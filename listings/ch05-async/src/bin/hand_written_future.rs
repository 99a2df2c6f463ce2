//! A future written by hand (`src/oneshot.rs`), polled by hand with two
//! counting wakers: it must wake the waker of its latest poll. The planted
//! bug, a future that keeps only the first waker, loses the wake-up.

use ch05_async::oneshot::{KeepsFirstWaker, Sender, channel};
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;

/// A waker that only counts how often it was woken.
#[derive(Default)]
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Poll `future` once with waker A, once with waker B, then let a thread
/// send 42 and poll again. Returns how often A and B were woken.
fn two_polls_then_send<F: Future<Output = u32>>(future: F, sender: Sender<u32>) -> (usize, usize) {
    let (a, b) = (
        Arc::new(CountingWaker::default()),
        Arc::new(CountingWaker::default()),
    );
    let (waker_a, waker_b) = (Waker::from(a.clone()), Waker::from(b.clone()));
    let mut future = pin!(future);
    assert!(
        future
            .as_mut()
            .poll(&mut Context::from_waker(&waker_a))
            .is_pending()
    );
    assert!(
        future
            .as_mut()
            .poll(&mut Context::from_waker(&waker_b))
            .is_pending()
    );
    thread::spawn(move || sender.send(42)).join().unwrap(); // woken from another thread
    let last = future.poll(&mut Context::from_waker(&waker_b));
    assert_eq!(last, Poll::Ready(42));
    (a.0.load(Ordering::SeqCst), b.0.load(Ordering::SeqCst))
}

// ANCHOR: main
fn main() {
    // Poll by hand: with waker A (the task was here), then with waker B
    // (the same future, moved to another task or thread), then send.
    let (sender, receive) = channel();
    let (woken_a, woken_b) = two_polls_then_send(receive, sender);
    println!("stores the latest waker: A woken {woken_a}, B woken {woken_b}");
    assert_eq!((woken_a, woken_b), (0, 1)); // the latest poll's waker, once

    // The planted bug: keeping the first waker wakes a task that no
    // longer polls this future, and the one that does is never woken.
    let (sender, receive) = channel();
    let (woken_a, woken_b) = two_polls_then_send(KeepsFirstWaker(receive), sender);
    println!("keeps the first waker:   A woken {woken_a}, B woken {woken_b}");
    assert_eq!((woken_a, woken_b), (1, 0)); // a lost wake-up
}
// ANCHOR_END: main
