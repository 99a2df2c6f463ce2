//! Shared code of the chapter's listings.

pub mod docs;
