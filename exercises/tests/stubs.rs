//! Every exercise's checks, judged as the stub variant (see `exercises::Variant`).

const VARIANT: exercises::Variant = exercises::Variant::Stub;

include!(concat!(env!("OUT_DIR"), "/stubs.rs"));
