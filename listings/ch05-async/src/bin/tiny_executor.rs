//! A whole executor in about forty lines of std: a queue of woken tasks on a
//! channel, a task that is its own waker (`std::task::Wake`), and `block_on`.
//! It runs the hand-written future of `src/oneshot.rs` and two `async fn`s,
//! and counts polls: a task is polled again only after it was woken.

use ch05_async::oneshot::{Receive, channel};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc; // std's: `Wake` turns only a `std::sync::Arc` into a `Waker`
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;

// The executor's lock and channel come from `crate::sync`: std's here, while
// chapter 6 compiles this same file against loom's to model-check its waker.
mod sync {
    pub use std::sync::{Mutex, mpsc};
}
use crate::sync::{Mutex, mpsc};

// ANCHOR: executor
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

struct Task {
    future: Mutex<Option<BoxedFuture>>, // None once it has finished
    queue: mpsc::Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let queue = self.queue.clone();
        let _ = queue.send(self); // to wake a task is to queue it again
    }
}

impl Executor {
    fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let future = Mutex::new(Some(Box::pin(future) as BoxedFuture));
        let queue = self.queue.clone();
        let task = Arc::new(Task { future, queue });
        self.unfinished.set(self.unfinished.get() + 1);
        self.queue.send(task).unwrap(); // a new task is polled once
    }

    fn run(&self) {
        while self.unfinished.get() > 0 {
            let task = self.woken.recv().unwrap(); // sleeps until a wake
            let waker = Waker::from(task.clone());
            let mut cx = Context::from_waker(&waker);
            let mut slot = task.future.lock().unwrap(); // None: woken after it ended
            if slot
                .as_mut()
                .is_some_and(|f| f.as_mut().poll(&mut cx).is_ready())
            {
                *slot = None; // drop the finished future
                self.unfinished.set(self.unfinished.get() - 1);
            }
        }
    }

    fn block_on<T: Send + 'static>(&self, future: impl Future<Output = T> + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        self.spawn(async move { tx.send(future.await).unwrap() });
        self.run(); // until every task, not only this one, has finished
        rx.recv().unwrap()
    }
}
// ANCHOR_END: executor

/// The queue of woken tasks is a channel: every task holds a sender.
struct Executor {
    queue: mpsc::Sender<Arc<Task>>,
    woken: mpsc::Receiver<Arc<Task>>,
    unfinished: Cell<usize>,
}

impl Executor {
    fn new() -> Self {
        let (queue, woken) = mpsc::channel();
        Executor {
            queue,
            woken,
            unfinished: Cell::new(0),
        }
    }
}

/// Counts the polls of the future it wraps.
struct Counted<F> {
    future: Pin<Box<F>>,
    polls: Arc<AtomicUsize>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.future.as_mut().poll(cx)
    }
}

/// `future`, counting its polls in the returned counter.
fn counted<F: Future>(future: F) -> (Counted<F>, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let future = Box::pin(future);
    (
        Counted {
            future,
            polls: polls.clone(),
        },
        polls,
    )
}

/// `Pending` `n` times, each time waking its own task first, then ready.
struct YieldTimes(u32);

impl Future for YieldTimes {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// ANCHOR: main
async fn add_when_sent(receive: Receive<u32>, n: u32) -> u32 {
    receive.await + n // suspends until another thread sends
}

async fn yield_three_times(log: Arc<Mutex<Vec<u32>>>) {
    for step in 1..=3 {
        YieldTimes(1).await; // Pending once: wakes itself, goes to the back
        log.lock().unwrap().push(step);
    }
}

fn main() {
    let executor = Executor::new();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (yielder, yielder_polls) = counted(yield_three_times(log.clone()));
    executor.spawn(yielder);

    let (sender, receive) = channel();
    let sending = thread::spawn(move || sender.send(40)); // before or after the first poll
    let (answer_tx, answer_rx) = mpsc::channel();
    let (adder, adder_polls) = counted(async move {
        answer_tx.send(add_when_sent(receive, 2).await).unwrap();
    });
    executor.spawn(adder);

    let (sender, receive) = channel();
    sender.send(1); // already sent: the first poll is Ready
    let direct = executor.block_on(add_when_sent(receive, 0));
    sending.join().unwrap();

    assert_eq!((direct, answer_rx.recv().unwrap()), (1, 42));
    assert_eq!(*log.lock().unwrap(), [1, 2, 3]);
    let yielder_polls = yielder_polls.load(Ordering::SeqCst);
    println!("yield_three_times: polled {yielder_polls} times");
    assert_eq!(yielder_polls, 4); // once, then once after each of its 3 wakes
    println!("add_when_sent: polled once or twice, as the sender raced it");
    assert!([1, 2].contains(&adder_polls.load(Ordering::SeqCst))); // 2 only after a wake
}
// ANCHOR_END: main
