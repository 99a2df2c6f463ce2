//! Shared memory between a parent and programs it starts with
//! `exec`, which share nothing with it but the file descriptor of a memfd.
//! Both sides agree on a `#[repr(C)]` layout of atomics, with no pointers,
//! and each side checks the size and a magic number before trusting it.

#[cfg(target_os = "linux")]
use {
    nix::sys::memfd::{MFdFlags, memfd_create},
    nix::sys::mman::{MapFlags, ProtFlags, mmap},
    nix::sys::stat::fstat,
    nix::unistd::ftruncate,
    std::mem::size_of,
    std::num::NonZeroUsize,
    std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd},
    std::process::Command,
};
// Unconditional: the layout below is plain Rust on every platform.
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

// ANCHOR: layout
/// What both programs see in the shared file. `#[repr(C)]` fixes the field
/// order and padding; atomics make every access a defined one; nothing here
/// is a pointer, because an address means nothing in another process.
#[repr(C)]
struct Shared {
    magic: AtomicU32,           // written last by the creator: "ready"
    version: AtomicU32,         // the layout's version, checked by readers
    hits: [AtomicU64; WORKERS], // one counter per worker
}

const MAGIC: u32 = 0xC0FF_EE42;
const VERSION: u32 = 1;
const WORKERS: usize = 3;
const ROUNDS: u64 = 10_000;
// ANCHOR_END: layout

#[cfg(target_os = "linux")]
// ANCHOR: map
/// Maps the memfd `fd` after checking that it is exactly one `Shared`: a
/// file of another size was made by a program with another layout.
fn map(fd: BorrowedFd) -> &'static Shared {
    let size = fstat(fd).expect("fstat the memfd").st_size as usize;
    assert_eq!(
        size,
        size_of::<Shared>(),
        "the two sides disagree on the size"
    );
    let length = NonZeroUsize::new(size).unwrap();
    let (read_write, shared) = (
        ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
        MapFlags::MAP_SHARED,
    );
    // SAFETY: a fresh mapping of `size` bytes, never unmapped (it lives until
    // the process exits), and every field of `Shared` is valid as any bytes.
    let page = unsafe { mmap(None, length, read_write, shared, fd, 0) }.expect("mmap");
    unsafe { page.cast::<Shared>().as_ref() }
}
// ANCHOR_END: map

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    if let Some(fd_and_index) = std::env::args().nth(1) {
        return worker(&fd_and_index);
    }
    // No MFD_CLOEXEC: the file descriptor must survive `exec` in the workers.
    let memfd: OwnedFd = memfd_create("counters", MFdFlags::empty()).expect("memfd_create");
    ftruncate(&memfd, size_of::<Shared>() as i64).expect("size the memfd");
    let shared = map(memfd.as_fd());
    shared.version.store(VERSION, Ordering::Relaxed);
    shared.magic.store(MAGIC, Ordering::Release); // publishes `version`

    let me = std::env::current_exe().unwrap();
    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            Command::new(&me)
                .arg(format!("{}:{i}", memfd.as_raw_fd()))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut worker in workers {
        assert!(worker.wait().unwrap().success(), "a worker failed");
    }
    let hits: Vec<u64> = shared
        .hits
        .iter()
        .map(|h| h.load(Ordering::Relaxed))
        .collect();
    assert_eq!(hits, [ROUNDS; WORKERS]);
    println!(
        "{WORKERS} exec'd workers, one memfd of {} bytes: hits {hits:?}",
        size_of::<Shared>()
    );
}
// ANCHOR_END: main

#[cfg(target_os = "linux")]
// ANCHOR: worker
/// A worker: a new program, which finds the memfd by number and checks the
/// layout before it touches the counters.
fn worker(fd_and_index: &str) {
    let (fd, index) = fd_and_index.split_once(':').expect("FD:INDEX");
    let fd: RawFd = fd.parse().unwrap();
    // SAFETY: the parent passed this descriptor open across `exec`.
    let shared = map(unsafe { BorrowedFd::borrow_raw(fd) });
    assert_eq!(
        shared.magic.load(Ordering::Acquire),
        MAGIC,
        "not ready, or not ours"
    );
    assert_eq!(shared.version.load(Ordering::Relaxed), VERSION);
    let counter = &shared.hits[index.parse::<usize>().unwrap()];
    for _ in 0..ROUNDS {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: worker

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
