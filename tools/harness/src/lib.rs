//! The machinery that keeps the book honest: every code block a reader sees is
//! compiled and run (must-not-compile blocks are proven to fail with their
//! error code), or checked in the way its language allows.
//!
//! The root package's build script calls [`plan::plan`] and
//! [`prepare::write_skeptic_input`]; the `book` tool reuses the plan for
//! `book check`.

pub mod blocks;
pub mod checks;
pub mod course;
pub mod exercises;
pub mod fences;
pub mod plan;
pub mod prepare;
pub mod preprocessor;
pub mod quiz;
pub mod quiz_page;
pub mod recorded;
pub mod stats;
pub mod tabs;
