//! Python's `Queue` between processes: several producer processes write
//! length-prefixed frames into one pipe; the parent reads them all.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::{fork_child, wait_exit_code},
    std::collections::BTreeMap,
    std::io::{self, BufReader, PipeWriter, Read, Write},
};

#[cfg(target_os = "linux")]
const PRODUCERS: usize = 4;
#[cfg(target_os = "linux")]
const MESSAGES: usize = 50;

#[cfg(target_os = "linux")]
// ANCHOR: frames
/// Sends one frame (a 4-byte big-endian length, then the payload) with a
/// single `write`. Writes of at most `PIPE_BUF` bytes are atomic, so frames
/// from different processes never interleave.
fn send_frame(pipe: &PipeWriter, payload: &[u8]) {
    let mut frame = (payload.len() as u32).to_be_bytes().to_vec();
    frame.extend_from_slice(payload);
    assert!(
        frame.len() <= libc::PIPE_BUF,
        "a bigger frame could be split"
    );
    let written = (&*pipe).write(&frame).unwrap();
    assert_eq!(written, frame.len()); // all or nothing, see `man 7 pipe`
}

// ANCHOR_END: frames
#[cfg(target_os = "linux")]
// ANCHOR: frames
/// Reads the next frame, or `None` at end of file between two frames (every
/// writer is gone). End of file inside a frame panics in `read_exact`.
fn receive_frame(pipe: &mut impl Read) -> Option<Vec<u8>> {
    let mut length = [0; 4];
    if pipe.read(&mut length[..1]).unwrap() == 0 {
        return None;
    }
    pipe.read_exact(&mut length[1..]).unwrap();
    let mut payload = vec![0; u32::from_be_bytes(length) as usize];
    pipe.read_exact(&mut payload).unwrap();
    Some(payload)
}
// ANCHOR_END: frames

#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    let (reader, writer) = io::pipe().unwrap();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            fork_child(|| {
                for i in 0..MESSAGES {
                    send_frame(&writer, format!("{p} {i}").as_bytes());
                }
                0
            })
        })
        .collect();
    drop(writer); // keep no write end here, or the reads below never see EOF

    // Read everything first, then reap: a producer blocked on a full pipe
    // would never exit while we waited for it.
    let mut reader = BufReader::new(reader);
    let mut received: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    while let Some(frame) = receive_frame(&mut reader) {
        let text = String::from_utf8(frame).unwrap();
        let (p, i) = text.split_once(' ').unwrap();
        received
            .entry(p.parse().unwrap())
            .or_default()
            .push(i.parse().unwrap());
    }
    for pid in producers {
        assert_eq!(wait_exit_code(pid), 0);
    }
    report(&received);
}
// ANCHOR_END: main

#[cfg(target_os = "linux")]
/// Every message arrived exactly once, and each producer's in the order sent.
fn report(received: &BTreeMap<usize, Vec<usize>>) {
    let total: usize = received.values().map(Vec::len).sum();
    println!("received {total} frames from {} producers", received.len());
    let in_order: Vec<usize> = (0..MESSAGES).collect();
    assert_eq!(
        received.keys().copied().collect::<Vec<_>>(),
        (0..PRODUCERS).collect::<Vec<_>>()
    );
    for (p, messages) in received {
        assert_eq!(*messages, in_order);
        println!("producer {p}: messages 0..{MESSAGES}, each once, in the order sent");
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
