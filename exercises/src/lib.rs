//! What every exercise's checks share: a watchdog, and the verdict each
//! test target gives a check, depending on which implementation it compiled.
//!
//! Students: your files are in `work/`; run
//! `cargo run -p book -- exercises` to see where you stand.

use std::sync::mpsc;
use std::time::Duration;

/// How long one check may run before it counts as hung.
pub const WATCHDOG: Duration = Duration::from_secs(10);

/// The implementation a test target compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The solutions: every check must pass.
    Solution,
    /// The stubs: every check must stop at a `todo!()`.
    Stub,
    /// The mutants: the check named to catch each one must fail.
    Mutant,
    /// The student's copies: every check should pass.
    Student,
}

/// Runs `check` on a thread of its own: `Ok`, or why it failed, with the
/// watchdog turning a hang into a failure.
pub fn run(check: fn()) -> Result<(), String> {
    let (done, outcome) = mpsc::channel();
    std::thread::Builder::new()
        .name("check".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(check);
            let _ = done.send(result.map_err(|payload| panic_message(&*payload)));
        })
        .expect("start a thread for the check");
    outcome.recv_timeout(WATCHDOG).unwrap_or_else(|_| {
        Err(format!(
            "still running after {} s: a deadlock, or a wait that never ends?",
            WATCHDOG.as_secs()
        ))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    (payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// The verdict on one check of `exercise`, given what the test target
/// compiled; panics (failing the test) when the verdict is wrong.
pub fn judge(variant: Variant, exercise: &str, name: &str, caught_by: &str, check: fn()) {
    match variant {
        Variant::Solution | Variant::Student => {
            if let Err(why) = run(check) {
                panic!("{exercise}: check `{name}` failed: {why}");
            }
        }
        Variant::Stub => match run(check) {
            Ok(()) => panic!("{exercise}: the stub passes `{name}`; a stub must fail every check"),
            Err(why) if why.contains("not yet implemented") => {}
            Err(why) => {
                panic!("{exercise}: the stub fails `{name}`, but not at a `todo!()`: {why}")
            }
        },
        Variant::Mutant if name == caught_by => match run(check) {
            Ok(()) => panic!("{exercise}: the mutant passes `{name}`, the check meant to catch it"),
            // Shown with `--nocapture`: how the check caught it.
            Err(why) => println!("{exercise}: `{name}` caught the mutant: {why}"),
        },
        Variant::Mutant => {}
    }
}

/// Declares an exercise's checks: each `fn` becomes a test that the target's
/// [`Variant`] judges.
#[macro_export]
// `crate::VARIANT` is the test target's own constant, on purpose.
#[allow(clippy::crate_in_macro_def)]
macro_rules! checks {
    ($($(#[$meta:meta])* fn $name:ident() $body:block)*) => {
        $(
            $(#[$meta])*
            #[test]
            fn $name() {
                fn check() $body
                $crate::judge(crate::VARIANT, ID, stringify!($name), CAUGHT_BY, check);
            }
        )*
    };
}

/// Runs `future` on a current-thread runtime whose clock is paused: timers
/// fire in order and at once, so the checks can assert exact durations.
pub fn paused<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("a current-thread runtime")
        .block_on(future)
}

/// Runs `future` on a current-thread runtime: one thread runs every task,
/// so work done on that thread stops them all.
pub fn one_thread<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime")
        .block_on(future)
}

/// Blocking work that cannot finish until a ticker task, on the calling
/// task's runtime, has ticked `ticks` times: `run_elsewhere` must run it
/// off the runtime's thread, or it waits for ever (and the watchdog says
/// so). Returns how many ticks the work saw.
pub async fn ticks_seen<F, Fut>(run_elsewhere: F, ticks: usize) -> usize
where
    F: FnOnce(Box<dyn FnOnce() -> usize + Send>) -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let (tick, ticked) = mpsc::channel();
    let ticker = tokio::spawn(async move {
        while tick.send(()).is_ok() {
            tokio::task::yield_now().await;
        }
    });
    let work = move || (0..ticks).filter(|_| ticked.recv().is_ok()).count();
    let seen = run_elsewhere(Box::new(work)).await;
    ticker
        .await
        .expect("the ticker stops once the work is done");
    seen
}
