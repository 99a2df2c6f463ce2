// ch03-read-frame: read a frame, and tell the two endings apart.

use std::io::{self, Read};

/// The longest frame a reader accepts: a corrupt length must not make it
/// allocate gigabytes.
pub const MAX_FRAME: usize = 1 << 20;

/// Reads one frame: a 4-byte big-endian length, then that many bytes.
/// `Ok(None)` when the stream ends *between* frames, the sender's goodbye;
/// `UnexpectedEof` when it ends *inside* one, a sender that died mid-message;
/// `InvalidData` for a length over `MAX_FRAME`. A `read` may return fewer
/// bytes than asked for, even one at a time.
pub fn read_frame(reader: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    // exercise: solution
    let mut length = [0u8; 4];
    let mut filled = 0;
    while filled < length.len() {
        match reader.read(&mut length[filled..])? {
            0 if filled == 0 => return Ok(None),
            0 => {
                let cut = "the stream ended inside a frame's length";
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, cut));
            }
            n => filled += n,
        }
    }
    let length = u32::from_be_bytes(length) as usize;
    if length > MAX_FRAME {
        let message = format!("a frame of {length} bytes is over the limit of {MAX_FRAME}");
        return Err(io::Error::new(io::ErrorKind::InvalidData, message));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(body))
    // exercise: stub
    // todo!("read the 4-byte length (None if the stream ends before it), check it, then read exactly that many bytes")
    // exercise: end
}
