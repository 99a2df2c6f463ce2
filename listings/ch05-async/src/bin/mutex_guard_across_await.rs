//! A `std::sync::MutexGuard` held across `.await` makes the future `!Send`,
//! so `tokio::spawn` refuses it. Two fixes: drop the guard before the
//! `.await`, or use `tokio::sync::Mutex`, whose guard may cross an `.await`.

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::sleep;

/// `probe(&x).is_send()` is `true` when the type of `x` is `Send`: the
/// inherent method applies only then, and the trait's method otherwise.
struct Probe<T>(PhantomData<T>);
trait NotSend {
    fn is_send(&self) -> bool {
        false
    }
}
impl<T> NotSend for Probe<T> {}
impl<T: Send> Probe<T> {
    fn is_send(&self) -> bool {
        true
    }
}
fn probe<T>(_: &T) -> Probe<T> {
    Probe(PhantomData)
}

// ANCHOR: variants
#[allow(clippy::await_holding_lock)] // clippy catches it too: see the text
async fn guard_across_await(visits: Arc<Mutex<u32>>) {
    let mut count = visits.lock().unwrap();
    sleep(Duration::from_millis(1)).await; // the guard is still alive here
    *count += 1;
}

async fn guard_scoped(visits: Arc<Mutex<u32>>) {
    {
        let mut count = visits.lock().unwrap();
        *count += 1;
    } // guard dropped: the lock is free, and the future holds no guard
    sleep(Duration::from_millis(1)).await;
}

async fn tokio_mutex(visits: Arc<tokio::sync::Mutex<u32>>) {
    let mut count = visits.lock().await; // waiting for the lock is an .await too
    sleep(Duration::from_millis(1)).await; // this guard is Send
    *count += 1;
}
// ANCHOR_END: variants

// ANCHOR: main
#[tokio::main]
async fn main() {
    let std_visits = Arc::new(Mutex::new(0));
    let tokio_visits = Arc::new(tokio::sync::Mutex::new(0));

    let across = guard_across_await(std_visits.clone());
    println!(
        "guard held across .await: Send = {}",
        probe(&across).is_send()
    );
    assert!(!probe(&across).is_send()); // tokio::spawn(across) would not compile
    across.await; // compiles in place, and is safe here only because no other task takes the lock

    let mut tasks = Vec::new();
    for _ in 0..10 {
        let scoped = guard_scoped(std_visits.clone());
        let queued = tokio_mutex(tokio_visits.clone());
        assert!(probe(&scoped).is_send() && probe(&queued).is_send());
        tasks.push(tokio::spawn(scoped));
        tasks.push(tokio::spawn(queued));
    }
    for task in tasks {
        task.await.unwrap();
    }
    println!("guard dropped before .await: Send = true");
    println!("tokio::sync::Mutex guard across .await: Send = true");
    let std_count = *std_visits.lock().unwrap();
    let tokio_count = *tokio_visits.lock().await;
    println!("visits counted: std::sync::Mutex {std_count}, tokio::sync::Mutex {tokio_count}");
    assert_eq!((std_count, tokio_count), (11, 10));
}
// ANCHOR_END: main
