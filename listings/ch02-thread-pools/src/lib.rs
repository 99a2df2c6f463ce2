//! Chapter 2, "Thread pools (ThreadPoolExecutor)": the thread pool that the
//! chapter builds, shared by its listings and its tests.

pub mod pool;
