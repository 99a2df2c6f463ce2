//! Every exercise's checks, judged as the mutant variant (see `exercises::Variant`).

const VARIANT: exercises::Variant = exercises::Variant::Mutant;

include!(concat!(env!("OUT_DIR"), "/mutants.rs"));
