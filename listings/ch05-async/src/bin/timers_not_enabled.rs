//! A runtime built by hand has no timer unless you ask for one: `sleep`
//! then panics. `enable_time()` (or `enable_all()`) fixes it.

use std::panic;
use std::time::Duration;
use tokio::runtime::Builder;

// ANCHOR: main
fn main() {
    // Wrong: no enable_time() on the builder.
    let no_timer = Builder::new_current_thread().build().unwrap();
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {})); // keep the expected panic off stderr
    let caught = panic::catch_unwind(|| {
        no_timer.block_on(async { tokio::time::sleep(Duration::from_millis(10)).await });
    });
    panic::set_hook(quiet);
    let payload = caught.expect_err("sleep without a timer should panic");
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap();
    println!("without enable_time():\n  {message}");
    assert!(message.contains("timers are disabled"));

    // Right: enable the time driver (enable_all() also turns on I/O).
    let with_timer = Builder::new_current_thread().enable_time().build().unwrap();
    with_timer.block_on(async { tokio::time::sleep(Duration::from_millis(10)).await });
    println!("with enable_time(): slept 10 ms");
}
// ANCHOR_END: main
