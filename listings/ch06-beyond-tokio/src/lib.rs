//! Shared code of the chapter's listings.

pub mod live;
pub mod nursery;
