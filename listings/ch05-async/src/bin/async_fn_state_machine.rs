//! What an `async fn` becomes: a state machine that may borrow from itself
//! across an `.await`, which is why it must be pinned before it is polled.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// Pending on the first poll (after asking to be polled again), then ready.
#[derive(Default)]
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn big_across_await() -> u8 {
    let buffer = [7u8; 1024];
    YieldOnce::default().await; // `buffer` lives on: it is part of the future
    buffer[1023]
}

async fn big_before_await() -> u8 {
    let last = {
        let buffer = [7u8; 1024];
        buffer[1023]
    }; // `buffer` is gone before the `.await`: only `last` is kept
    YieldOnce::default().await;
    last
}

fn assert_unpin<T: Unpin>(_: &T) {}

// ANCHOR: main
async fn sum_of_ends() -> u32 {
    let numbers = [1, 2, 3, 4];
    let first = &numbers[0]; // a reference into the future's own state
    YieldOnce::default().await; // suspended here, holding `numbers` and `first`
    first + numbers[3]
}

fn main() {
    let mut cx = Context::from_waker(Waker::noop());

    // Pinned on the stack: `pin!` takes the future by value and gives back
    // a `Pin<&mut _>`; the future can never be moved again.
    let mut on_stack = pin!(sum_of_ends());
    assert_eq!(on_stack.as_mut().poll(&mut cx), Poll::Pending); // state 1: suspended
    assert_eq!(on_stack.as_mut().poll(&mut cx), Poll::Ready(5)); // state 2: done

    // Pinned on the heap: `Box::pin` gives a `Pin<Box<_>>` that can be moved
    // around (only the box moves, never the future inside it).
    let mut on_heap = Box::pin(sum_of_ends());
    assert!(on_heap.as_mut().poll(&mut cx).is_pending());
    let mut moved = on_heap; // moving the box is fine
    assert_eq!(moved.as_mut().poll(&mut cx), Poll::Ready(5));

    // A future is as big as what it keeps across its `.await`s.
    let across = size_of_val(&big_across_await());
    let before = size_of_val(&big_before_await());
    println!("kept across .await: {across} bytes; dropped before it: {before} bytes");
    assert!(across >= 1024 && before < 1024);

    // `YieldOnce` holds no reference into itself: it is `Unpin`.
    let mut plain = YieldOnce::default();
    assert_unpin(&plain);
    assert!(Pin::new(&mut plain).poll(&mut cx).is_pending()); // no pinning needed
    println!("sum_of_ends() = 5, pinned with pin! and with Box::pin");
}
// ANCHOR_END: main
