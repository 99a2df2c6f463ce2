use std::thread;

// ANCHOR: main
fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available_parallelism = {cores}");

    let handle = thread::Builder::new()
        .name("parser-1".to_string())
        .stack_size(256 * 1024) // 256 KiB instead of the default
        .spawn(|| thread::current().name().map(String::from))
        // Unlike `thread::spawn`, the builder reports a failed spawn as an error.
        .expect("the OS refused to create a thread");

    let name = handle.join().unwrap();
    println!("hello from thread {name:?}");
    assert_eq!(name.as_deref(), Some("parser-1"));
    println!("and this is thread {:?}", thread::current().name());
}
// ANCHOR_END: main
