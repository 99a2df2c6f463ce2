//! Chapter 2, "Thread pools (ThreadPoolExecutor)": code shared by the
//! chapter's listings and reused by later chapters.

pub mod pool;
