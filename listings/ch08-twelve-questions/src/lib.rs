//! Listings of chapter 8, "The twelve questions".
