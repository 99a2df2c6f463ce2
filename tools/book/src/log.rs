//! mdBook reports what it cannot do (a broken `{{#include}}`, a missing
//! page) through `tracing` and carries on. Show those messages, and count the
//! errors so that `build` refuses to publish a book that has any.

use std::sync::atomic::{AtomicUsize, Ordering};

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

static ERRORS: AtomicUsize = AtomicUsize::new(0);

struct CountErrors;

impl<S: Subscriber> Layer<S> for CountErrors {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if *event.metadata().level() == Level::ERROR {
            ERRORS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Prints mdBook's warnings and errors on stderr from now on.
pub fn init() {
    let print = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false);
    tracing_subscriber::registry()
        .with(LevelFilter::WARN)
        .with(print)
        .with(CountErrors)
        .init();
}

/// How many errors mdBook has reported so far.
pub fn errors() -> usize {
    ERRORS.load(Ordering::Relaxed)
}
