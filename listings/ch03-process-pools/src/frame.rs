//! Messages between processes: length-prefixed frames over a byte stream
//! (a pipe or a socket), and the small encoding this chapter's jobs use.

use std::io::{self, ErrorKind, Read, Write};

// ANCHOR: frame
/// A corrupt length prefix must not make the reader allocate gigabytes.
pub const MAX_FRAME_LEN: usize = 1 << 20;

/// Sends one message: its length as 4 big-endian bytes, then the bytes.
pub fn write_frame(out: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    if payload.len() > MAX_FRAME_LEN {
        return Err(io::Error::new(ErrorKind::InvalidInput, "frame too long"));
    }
    out.write_all(&(payload.len() as u32).to_be_bytes())?;
    out.write_all(payload)?;
    out.flush() // the other process is blocked until these bytes arrive
}

/// Receives one message. `Ok(None)` means the sender closed the stream
/// cleanly, between two frames; a stream that ends inside a frame is an error.
pub fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut prefix = [0u8; 4];
    let first = loop {
        match input.read(&mut prefix) {
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            result => break result?,
        }
    };
    if first == 0 {
        return Ok(None); // end of stream: no more frames
    }
    input.read_exact(&mut prefix[first..])?;
    let len = u32::from_be_bytes(prefix) as usize;
    if len > MAX_FRAME_LEN {
        return Err(io::Error::new(ErrorKind::InvalidData, "frame too long"));
    }
    let mut payload = vec![0; len];
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}
// ANCHOR_END: frame

// ANCHOR: words
/// Encodes a message of `N` numbers: 8 little-endian bytes each.
pub fn encode<const N: usize>(words: [u64; N]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Decodes a message of exactly `N` numbers, or says why it cannot.
pub fn decode<const N: usize>(bytes: &[u8]) -> io::Result<[u64; N]> {
    if bytes.len() != 8 * N {
        let why = format!("expected {} bytes, got {}", 8 * N, bytes.len());
        return Err(io::Error::new(ErrorKind::InvalidData, why));
    }
    let word = |i: usize| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap());
    Ok(std::array::from_fn(word))
}
// ANCHOR_END: words

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut wire = Vec::new();
        write_frame(&mut wire, b"first").unwrap();
        write_frame(&mut wire, b"").unwrap();
        write_frame(&mut wire, &encode([7, u64::MAX])).unwrap();
        let mut reader = wire.as_slice();
        assert_eq!(read_frame(&mut reader).unwrap().unwrap(), b"first");
        assert_eq!(read_frame(&mut reader).unwrap().unwrap(), b"");
        let last = read_frame(&mut reader).unwrap().unwrap();
        assert_eq!(decode::<2>(&last).unwrap(), [7, u64::MAX]);
        assert!(read_frame(&mut reader).unwrap().is_none());
    }

    #[test]
    fn a_stream_cut_inside_a_frame_is_an_error() {
        let mut wire = Vec::new();
        write_frame(&mut wire, b"hello").unwrap();
        for cut in 1..wire.len() {
            let err = read_frame(&mut &wire[..cut]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnexpectedEof, "cut at {cut}");
        }
    }

    #[test]
    fn absurd_lengths_are_refused() {
        let wire = u32::MAX.to_be_bytes();
        let err = read_frame(&mut wire.as_slice()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        let err = decode::<2>(&[0; 15]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
    }
}
