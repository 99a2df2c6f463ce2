//! Every exercise's checks, judged as the student variant (see `exercises::Variant`).

const VARIANT: exercises::Variant = exercises::Variant::Student;

include!(concat!(env!("OUT_DIR"), "/student.rs"));
