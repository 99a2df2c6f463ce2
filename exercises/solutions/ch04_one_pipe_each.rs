// ch04-one-pipe-each: big messages, one pipe per producer.

use std::io::{self, Read};
use std::sync::mpsc;
use std::thread;

/// Reads the next frame (a 4-byte big-endian length, then the payload), or
/// `None` at end of file before a frame: that writer is done. End of file
/// inside a frame is an `UnexpectedEof` error.
pub fn read_frame(pipe: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0; 4];
    if pipe.read(&mut length[..1])? == 0 {
        return Ok(None);
    }
    pipe.read_exact(&mut length[1..])?;
    let mut payload = vec![0; u32::from_be_bytes(length) as usize];
    pipe.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// Reads every frame from every pipe, each pipe on a scoped thread of its
/// own, and returns them as they arrived, tagged with their pipe's index:
/// frames of one pipe stay in order. Returns when every pipe has reached
/// end of file, or the first error any pipe gave.
pub fn read_all<R: Read + Send>(pipes: Vec<R>) -> io::Result<Vec<(usize, Vec<u8>)>> {
    // exercise: solution
    let (frames, arrived) = mpsc::channel();
    thread::scope(|scope| {
        let readers: Vec<_> = (pipes.into_iter().enumerate())
            .map(|(index, mut pipe)| {
                let frames = frames.clone();
                scope.spawn(move || {
                    while let Some(frame) = read_frame(&mut pipe)? {
                        frames.send((index, frame)).expect("the receiver outlives the readers");
                    }
                    Ok::<(), io::Error>(())
                })
            })
            .collect();
        // The readers hold clones; this one would keep `arrived` open.
        drop(frames);
        let all = arrived.iter().collect();
        for reader in readers {
            reader.join().expect("a reader panicked")?;
        }
        Ok(all)
    })
    // exercise: stub
    // todo!("a scoped thread per pipe sends its frames on one channel; collect them on this thread until every reader is done")
    // exercise: end
}
