//! A stackful coroutine (corosensei) beside a stackless future: the same
//! ping-pong, the same log, very different costs.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use corosensei::stack::Stack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

/// What happened, in order. Everything runs on one thread, so `Rc` will do.
type Log = Rc<RefCell<Vec<String>>>;

// ANCHOR: coroutine
/// A plain `fn`, called from the coroutine's body. It can suspend the whole
/// coroutine from here: the coroutine has its own stack, and this frame
/// stays on it until the scheduler resumes it.
fn hit(yielder: &Yielder<(), ()>, log: &Log, line: String) {
    log.borrow_mut().push(line);
    yielder.suspend(()); // back to the scheduler; resume() continues here
}

fn coroutine_player(name: &'static str, log: Log) -> Coroutine<(), (), ()> {
    Coroutine::new(move |yielder, ()| {
        for n in 1..=3 {
            hit(yielder, &log, format!("{name} {n}"));
        }
    })
}

/// The scheduler (gevent calls it the hub): resume each player in turn
/// until every one has returned.
fn run_coroutines(log: &Log) {
    let mut players = vec![
        coroutine_player("ping", Rc::clone(log)),
        coroutine_player("pong", Rc::clone(log)),
    ];
    while !players.is_empty() {
        players.retain_mut(|player| matches!(player.resume(()), CoroutineResult::Yield(())));
    }
}
// ANCHOR_END: coroutine

// ANCHOR: future
/// The same step as an `async fn`. Whoever calls it must be `async` too and
/// must `.await` it: every function between the task and the suspension
/// point is part of the state machine.
async fn hit_async(log: &Log, line: String) {
    log.borrow_mut().push(line);
    YieldOnce(false).await; // Poll::Pending once: back to the scheduler
}

async fn future_player(name: &'static str, log: Log) {
    for n in 1..=3 {
        hit_async(&log, format!("{name} {n}")).await;
    }
}

/// The same scheduler for futures: poll each player in turn.
fn run_futures(log: &Log) {
    let mut players: Vec<Pin<Box<dyn Future<Output = ()>>>> = vec![
        Box::pin(future_player("ping", Rc::clone(log))),
        Box::pin(future_player("pong", Rc::clone(log))),
    ];
    let mut cx = Context::from_waker(Waker::noop());
    while !players.is_empty() {
        players.retain_mut(|player| player.as_mut().poll(&mut cx).is_pending());
    }
}
// ANCHOR_END: future

/// A future that is not ready the first time it is polled, like
/// `tokio::task::yield_now`.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref(); // "poll me again": ready next time
            Poll::Pending
        }
    }
}

// ANCHOR: main
fn main() {
    let coroutine_log = Log::default();
    run_coroutines(&coroutine_log);
    let future_log = Log::default();
    run_futures(&future_log);
    println!("coroutines: {}", coroutine_log.borrow().join(", "));
    println!("futures:    {}", future_log.borrow().join(", "));
    assert_eq!(*coroutine_log.borrow(), *future_log.borrow());

    // What one player costs. The future is all of its state, sized by the
    // compiler; the coroutine is a small handle to a stack of its own.
    let future = future_player("ping", Log::default());
    println!("size_of_val(&future)    = {} bytes", size_of_val(&future));
    let mut coroutine = coroutine_player("ping", Log::default());
    println!(
        "size_of_val(&coroutine) = {} bytes",
        size_of_val(&coroutine)
    );
    while let CoroutineResult::Yield(()) = coroutine.resume(()) {}
    let stack = coroutine.into_stack(); // a finished coroutine gives it back
    let reserved = stack.base().get() - stack.limit().get();
    println!("the coroutine's stack   = {} KiB reserved", reserved / 1024);
    assert!(reserved >= 1024 * 1024); // DefaultStack: 1 MiB + a guard page
}
// ANCHOR_END: main
