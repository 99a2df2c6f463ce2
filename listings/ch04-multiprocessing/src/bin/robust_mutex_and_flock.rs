//! A lock holder dies holding the lock. A process-shared
//! mutex stays locked for ever, unless it is robust: then the next `lock`
//! returns EOWNERDEAD and the new owner repairs the data. An `flock` is
//! released by the kernel when its holder's file is closed, death included.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::{fork_child, wait_exit_code},
    nix::fcntl::{Flock, FlockArg},
    nix::sys::mman::{MapFlags, ProtFlags, mmap_anonymous},
    std::fs::File,
    std::mem::{MaybeUninit, size_of},
    std::num::NonZeroUsize,
    std::ptr::NonNull,
};

#[cfg(target_os = "linux")]
/// A process-shared mutex in a page that `fork` shares, not copies.
/// `robust` chooses what happens when its holder dies.
fn shared_mutex(robust: bool) -> *mut libc::pthread_mutex_t {
    let length = NonZeroUsize::new(size_of::<libc::pthread_mutex_t>()).unwrap();
    let (rw, shared) = (
        ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
        MapFlags::MAP_SHARED,
    );
    // SAFETY: a fresh anonymous mapping, never unmapped; the mutex is
    // initialised below before any use.
    let page: NonNull<libc::c_void> = unsafe { mmap_anonymous(None, length, rw, shared) }.unwrap();
    let mutex = page.cast::<libc::pthread_mutex_t>().as_ptr();
    unsafe {
        let mut attr = MaybeUninit::<libc::pthread_mutexattr_t>::uninit();
        assert_eq!(libc::pthread_mutexattr_init(attr.as_mut_ptr()), 0);
        libc::pthread_mutexattr_setpshared(attr.as_mut_ptr(), libc::PTHREAD_PROCESS_SHARED);
        if robust {
            libc::pthread_mutexattr_setrobust(attr.as_mut_ptr(), libc::PTHREAD_MUTEX_ROBUST);
        }
        assert_eq!(libc::pthread_mutex_init(mutex, attr.as_ptr()), 0);
    }
    mutex
}

#[cfg(target_os = "linux")]
/// A child that takes the lock and exits without releasing it: a crash.
fn die_holding(mutex: *mut libc::pthread_mutex_t) {
    let mutex = mutex as usize; // a plain number is enough to cross `fork`
    let child = fork_child(move || {
        assert_eq!(unsafe { libc::pthread_mutex_lock(mutex as *mut _) }, 0);
        0 // exits with the lock held
    });
    assert_eq!(wait_exit_code(child), 0);
}

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    let plain = shared_mutex(false);
    die_holding(plain);
    // Locked for ever: `pthread_mutex_lock` here would never return.
    assert_eq!(unsafe { libc::pthread_mutex_trylock(plain) }, libc::EBUSY);

    let robust = shared_mutex(true);
    die_holding(robust);
    // The next owner is told, and must repair the data before it clears
    // the mark; otherwise the mutex becomes unusable when it unlocks.
    assert_eq!(
        unsafe { libc::pthread_mutex_lock(robust) },
        libc::EOWNERDEAD
    );
    assert_eq!(unsafe { libc::pthread_mutex_consistent(robust) }, 0);
    assert_eq!(unsafe { libc::pthread_mutex_unlock(robust) }, 0);
    assert_eq!(
        unsafe { libc::pthread_mutex_trylock(robust) },
        0,
        "usable again"
    );

    let path = tempfile::NamedTempFile::new().unwrap().into_temp_path();
    let held = path.to_path_buf();
    let child = fork_child(move || {
        // Its own open of the file: a lock belongs to one open file.
        let file = File::open(&held).unwrap();
        std::mem::forget(Flock::lock(file, FlockArg::LockExclusive).unwrap());
        0 // exits holding the lock; the kernel closes the file
    });
    assert_eq!(wait_exit_code(child), 0);
    let mine = Flock::lock(File::open(&path).unwrap(), FlockArg::LockExclusiveNonblock);
    assert!(mine.is_ok(), "the kernel released the dead holder's flock");

    println!("plain process-shared mutex: EBUSY for ever after its holder died");
    println!("robust mutex: EOWNERDEAD, made consistent, usable again");
    println!("flock: released by the kernel when its holder died");
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
