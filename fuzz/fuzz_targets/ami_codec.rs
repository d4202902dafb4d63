//! Feeds arbitrary bytes, cut into arbitrary reads, to the AMI codec: it
//! must never panic, and never hold more than its bounds allow.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use switchboard::server::asterisk::ami::codec::{AmiCodec, Frame, MAX_HEADERS, MAX_LINE};
use tokio_util::codec::Decoder;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the read size, the rest is the stream.
    let Some((&step, stream)) = data.split_first() else {
        return;
    };
    let step = usize::from(step).max(1) * 7;
    let mut codec = AmiCodec::new();
    let mut buffer = BytesMut::new();
    for chunk in stream.chunks(step) {
        buffer.extend_from_slice(chunk);
        while let Ok(Some(frame)) = codec.decode(&mut buffer) {
            if let Frame::Message(message) = frame {
                assert!(message.header_count() + message.lines().count() <= MAX_HEADERS);
                for (key, value) in message.headers() {
                    // Lossy UTF-8 may grow a byte into three.
                    assert!(key.len() + value.len() <= MAX_LINE * 3);
                }
            }
        }
        assert!(buffer.len() <= MAX_LINE + step);
    }
    let _ = codec.decode_eof(&mut buffer);
});
