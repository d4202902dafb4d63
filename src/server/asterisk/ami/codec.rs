//! The AMI wire format as a `tokio_util` codec: a banner line, then
//! messages of `Key: Value` lines ended by an empty line; actions written
//! the same way.
//!
//! Our own codec rather than a crate's: the AMI crates on crates.io were
//! read and each misses something this one must do with untrusted input:
//! `asterisk-rs-ami` (0.7) rejects any read buffer over 64 KiB even when it
//! holds many small messages (a normal burst), rescans the whole buffer on
//! every read, recurses once per empty frame and needs CRLF; `asterisk-
//! manager` keeps messages as maps, losing repeated headers and their order.
//!
//! Everything the PBX sends is bounded: a line keeps its first
//! `MAX_LINE` bytes (the rest is dropped up to its end), a message its first
//! `MAX_HEADERS` headers. No byte sequence makes it panic (see the tests
//! and the fuzz target in `fuzz/`).

use bytes::{Buf, BufMut, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

/// Bytes of one line kept; longer lines are cut.
pub const MAX_LINE: usize = 4096;
/// Headers of one message kept; further ones are dropped.
pub const MAX_HEADERS: usize = 512;

/// One AMI message: headers in the order sent (repeated ones kept), and
/// the lines that had no colon (command output, oddities). The text lives
/// in one string and headers are ranges into it: two allocations per
/// message however many headers it has.
#[derive(Debug, Clone, Default)]
pub struct Message {
    text: String,
    /// (key start, key end, value start, value end) into `text`.
    headers: Vec<(u32, u32, u32, u32)>,
    lines: Vec<(u32, u32)>,
    /// True when a line was cut or headers dropped.
    pub truncated: bool,
}

/// Messages are equal when they say the same, however their text is laid
/// out (the two read paths lay it out differently).
impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.truncated == other.truncated
            && self.headers().eq(other.headers())
            && self.lines().eq(other.lines())
    }
}

impl Eq for Message {}

impl Message {
    /// A message from `(key, value)` pairs (replies built in tests).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Message {
        let mut message = Message::default();
        for (key, value) in pairs {
            message.push_header(key, value);
        }
        message
    }

    fn push_header(&mut self, key: &str, value: &str) {
        let key_start = self.text.len() as u32;
        self.text.push_str(key);
        let value_start = self.text.len() as u32;
        self.text.push_str(value);
        self.headers
            .push((key_start, value_start, value_start, self.text.len() as u32));
    }

    fn push_line(&mut self, line: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(line);
        self.lines.push((start, self.text.len() as u32));
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Every header, in order.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.headers
            .iter()
            .map(|&(ks, ke, vs, ve)| (self.slice(ks, ke), self.slice(vs, ve)))
    }

    pub fn header_count(&self) -> usize {
        self.headers.len()
    }

    /// The lines without a colon, in order.
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        self.lines
            .iter()
            .map(|&(start, end)| self.slice(start, end))
    }

    /// The first header of that name (AMI names are case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        // Compared as bytes: this is the hot path of the live model.
        let bytes = self.text.as_bytes();
        let name = name.as_bytes();
        self.headers
            .iter()
            .find(|&&(ks, ke, _, _)| {
                (ke - ks) as usize == name.len()
                    && bytes[ks as usize..ke as usize].eq_ignore_ascii_case(name)
            })
            .map(|&(_, _, vs, ve)| self.slice(vs, ve))
    }

    /// Every value of a repeated header, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers()
            .filter(move |(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// True when the header's value is `expected`, ignoring case.
    pub fn is(&self, name: &str, expected: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case(expected))
    }

    /// A header as shown to people: printable, at most `max` characters.
    pub fn text(&self, name: &str, max: usize) -> String {
        shown(self.get(name).unwrap_or(""), max).into_owned()
    }

    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.lines.is_empty()
    }
}

/// `value` as shown to people: without control characters, at most `max`
/// characters. Borrowed when it already is (nearly always: the live model
/// compares before it copies).
pub fn shown(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let plain = value.len() <= max && value.bytes().all(|b| (0x20..0x7f).contains(&b));
    if plain {
        std::borrow::Cow::Borrowed(value)
    } else {
        std::borrow::Cow::Owned(
            value
                .chars()
                .filter(|c| !c.is_control())
                .take(max)
                .collect(),
        )
    }
}

/// What the decoder yields: the banner once, then messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// `Asterisk Call Manager/<version>`: the version, or `None` when the
    /// first line was something else (not AMI).
    Banner(Option<String>),
    Message(Message),
}

/// An action to send. Values are checked when encoded: a CR or LF would
/// end the header and smuggle another one in.
#[derive(Clone, PartialEq, Eq)]
pub struct Action {
    pub headers: Vec<(String, String)>,
}

impl Action {
    pub fn new(name: &str, action_id: &str) -> Action {
        Action {
            headers: vec![
                ("Action".to_owned(), name.to_owned()),
                ("ActionID".to_owned(), action_id.to_owned()),
            ],
        }
    }

    pub fn header(mut self, key: &str, value: &str) -> Action {
        self.headers.push((key.to_owned(), value.to_owned()));
        self
    }
}

/// Secrets travel in actions (Login): `Debug` shows only header names.
impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        write!(f, "Action({names:?})")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("a header of the action holds a line break or control character")]
    UnsafeValue,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Default)]
pub struct AmiCodec {
    banner_seen: bool,
    /// The message being read.
    pending: Message,
    /// The start of a line longer than `MAX_LINE`, kept while the rest of
    /// it is dropped.
    long_line: Option<Vec<u8>>,
    /// The size of the last message's text: the next one starts with room
    /// for as much.
    last_text: usize,
    /// Whole-message path: the line ends (offsets of LF) found so far in
    /// the buffered message, and where the search resumes.
    line_ends: Vec<u32>,
    scanned: usize,
    /// The message being read did not fit the whole-message path (a long
    /// line, too many headers, not yet complete in `FAST_LIMIT` bytes): it
    /// is read line by line.
    line_by_line: bool,
}

/// `raw[start..end]` without ASCII white space at either end, as offsets.
fn trimmed(raw: &[u8], mut start: usize, mut end: usize) -> (u32, u32) {
    while start < end && raw[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && raw[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    (start as u32, end as u32)
}

/// Bytes a message may take to be read whole; bigger ones go line by line.
const FAST_LIMIT: usize = 64 * 1024;

/// How far the whole-message search got.
enum Scan {
    /// The message ends at this offset (after its empty line).
    Complete(usize),
    Incomplete,
    /// Over a bound: read this message line by line instead.
    TooBig,
}

impl AmiCodec {
    pub fn new() -> AmiCodec {
        AmiCodec::default()
    }

    /// For the serving side of a connection (the benchmark's feeder): what
    /// arrives there are actions, with no banner first.
    pub fn expect_no_banner(&mut self) {
        self.banner_seen = true;
    }

    /// Takes one complete line (without its LF) into the codec's state;
    /// returns a frame when the line completes one.
    fn take_line(&mut self, line: &[u8]) -> Option<Frame> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !self.banner_seen {
            self.banner_seen = true;
            let text = String::from_utf8_lossy(line);
            let version = text.strip_prefix("Asterisk Call Manager/").map(|v| {
                v.trim()
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(40)
                    .collect()
            });
            return Some(Frame::Banner(version));
        }
        if line.is_empty() {
            // The end of a message, or an empty frame between messages.
            if self.pending.is_empty() {
                return None;
            }
            self.last_text = self.pending.text.len();
            let next = Message {
                text: String::with_capacity(self.last_text.min(64 * 1024)),
                headers: Vec::with_capacity(self.pending.headers.len()),
                ..Message::default()
            };
            return Some(Frame::Message(std::mem::replace(&mut self.pending, next)));
        }
        if self.pending.header_count() + self.pending.lines.len() >= MAX_HEADERS {
            self.pending.truncated = true;
            return None;
        }
        // Valid UTF-8 (nearly always) is taken as is; anything else lossily.
        let text = match std::str::from_utf8(line) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(line),
        };
        match memchr::memchr(b':', text.as_bytes()) {
            Some(colon) => {
                let key = text[..colon].trim_ascii();
                let value = text[colon + 1..].trim_ascii();
                self.pending.push_header(key, value);
            }
            None => self.pending.push_line(&text),
        }
        None
    }
}

impl AmiCodec {
    /// The line-by-line path: the banner, and messages too big for the
    /// whole-message path. Bounded however the input looks.
    fn decode_line_by_line(&mut self, src: &mut BytesMut) -> Option<Frame> {
        loop {
            let Some(end) = memchr::memchr(b'\n', src) else {
                // No complete line: bound what waits for one.
                if src.len() > MAX_LINE || self.long_line.is_some() {
                    let kept = self.long_line.get_or_insert_with(Vec::new);
                    let room = MAX_LINE.saturating_sub(kept.len());
                    kept.extend_from_slice(&src[..src.len().min(room)]);
                    src.clear();
                    self.pending.truncated = true;
                }
                return None;
            };
            let frame = match self.long_line.take() {
                Some(mut kept) => {
                    let room = MAX_LINE.saturating_sub(kept.len());
                    kept.extend_from_slice(&src[..end.min(room)]);
                    src.advance(end + 1);
                    self.take_line(&kept)
                }
                None => {
                    let line = src.split_to(end + 1);
                    let content = &line[..end];
                    if content.len() > MAX_LINE {
                        self.pending.truncated = true;
                        self.take_line(&content[..MAX_LINE])
                    } else {
                        self.take_line(content)
                    }
                }
            };
            if let Some(frame) = frame {
                return Some(frame);
            }
        }
    }

    /// Looks for the end of the message at the start of `src` (an empty
    /// line), remembering the line ends on the way so that a message arriving
    /// in pieces is not searched twice. Empty lines before it are dropped.
    fn scan(&mut self, src: &mut BytesMut) -> Scan {
        let mut position = self.scanned;
        loop {
            let Some(offset) = memchr::memchr(b'\n', &src[position..]) else {
                self.scanned = position;
                return if src.len() > FAST_LIMIT || src.len() - position > MAX_LINE {
                    Scan::TooBig
                } else {
                    Scan::Incomplete
                };
            };
            let end = position + offset;
            let content = if end > position && src[end - 1] == b'\r' {
                end - 1 - position
            } else {
                end - position
            };
            if content == 0 {
                if self.line_ends.is_empty() {
                    // An empty frame between messages.
                    src.advance(end + 1);
                    position = 0;
                    continue;
                }
                self.scanned = 0;
                return Scan::Complete(end + 1);
            }
            if content > MAX_LINE || self.line_ends.len() >= MAX_HEADERS || end >= FAST_LIMIT {
                return Scan::TooBig;
            }
            self.line_ends.push(end as u32);
            position = end + 1;
        }
    }

    /// Makes the message found by `scan`: one UTF-8 check and one copy for
    /// the whole text, headers as ranges into it.
    fn take_message(&mut self, src: &mut BytesMut, end: usize) -> Message {
        let bytes = src.split_to(end);
        let line_ends = std::mem::take(&mut self.line_ends);
        let message = match std::str::from_utf8(&bytes) {
            Ok(text) => {
                // Worked out on bytes (no char-boundary checks): every cut
                // is next to an ASCII byte, so the ranges are valid in `text`.
                let raw = text.as_bytes();
                let mut headers = Vec::with_capacity(line_ends.len());
                let mut lines = Vec::new();
                let mut start = 0usize;
                for &line_end in &line_ends {
                    let line_end = line_end as usize;
                    let mut end = line_end;
                    if end > start && raw[end - 1] == b'\r' {
                        end -= 1;
                    }
                    match raw[start..end].iter().position(|&b| b == b':') {
                        Some(colon) => {
                            let colon = start + colon;
                            let (ks, ke) = trimmed(raw, start, colon);
                            let (vs, ve) = trimmed(raw, colon + 1, end);
                            headers.push((ks, ke, vs, ve));
                        }
                        // A line without a colon is kept as it came.
                        None => lines.push((start as u32, end as u32)),
                    }
                    start = line_end + 1;
                }
                Message {
                    text: text.to_owned(),
                    headers,
                    lines,
                    truncated: false,
                }
            }
            // Not UTF-8 (rare): each line is taken lossily, as the
            // line-by-line path does.
            Err(_) => {
                let mut start = 0usize;
                for &line_end in &line_ends {
                    self.take_line(&bytes[start..line_end as usize]);
                    start = line_end as usize + 1;
                }
                match self.take_line(b"") {
                    Some(Frame::Message(message)) => message,
                    _ => Message::default(),
                }
            }
        };
        self.line_ends = line_ends;
        self.line_ends.clear();
        message
    }
}

impl Decoder for AmiCodec {
    type Item = Frame;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Frame>, CodecError> {
        loop {
            if !self.banner_seen || self.line_by_line || self.long_line.is_some() {
                let frame = self.decode_line_by_line(src);
                if matches!(frame, Some(Frame::Message(_))) {
                    self.line_by_line = false;
                }
                return Ok(frame);
            }
            match self.scan(src) {
                Scan::Complete(end) => {
                    return Ok(Some(Frame::Message(self.take_message(src, end))));
                }
                Scan::Incomplete => return Ok(None),
                Scan::TooBig => {
                    self.line_ends.clear();
                    self.scanned = 0;
                    self.line_by_line = true;
                }
            }
        }
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> Result<Option<Frame>, CodecError> {
        // A message cut by the end of the stream is not delivered.
        let frame = self.decode(src)?;
        if frame.is_none() {
            src.clear();
            self.long_line = None;
            self.pending = Message::default();
            self.line_ends.clear();
            self.scanned = 0;
            self.line_by_line = false;
        }
        Ok(frame)
    }
}

impl Encoder<Action> for AmiCodec {
    type Error = CodecError;

    fn encode(&mut self, action: Action, dst: &mut BytesMut) -> Result<(), CodecError> {
        if action.headers.iter().any(|(k, v)| {
            k.is_empty() || k.contains(':') || k.chars().chain(v.chars()).any(char::is_control)
        }) {
            return Err(CodecError::UnsafeValue);
        }
        for (key, value) in &action.headers {
            dst.reserve(key.len() + value.len() + 4);
            dst.put_slice(key.as_bytes());
            dst.put_slice(b": ");
            dst.put_slice(value.as_bytes());
            dst.put_slice(b"\r\n");
        }
        dst.put_slice(b"\r\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(codec: &mut AmiCodec, input: &[u8]) -> Vec<Frame> {
        let mut buffer = BytesMut::from(input);
        let mut frames = Vec::new();
        while let Some(frame) = codec.decode(&mut buffer).unwrap() {
            frames.push(frame);
        }
        frames
    }

    fn messages(input: &[u8]) -> Vec<Message> {
        let mut codec = AmiCodec::new();
        decode_all(&mut codec, input)
            .into_iter()
            .filter_map(|f| match f {
                Frame::Message(m) => Some(m),
                Frame::Banner(_) => None,
            })
            .collect()
    }

    #[test]
    fn banner_then_messages_with_crlf_or_lf() {
        let mut codec = AmiCodec::new();
        let frames = decode_all(
            &mut codec,
            b"Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: 1\r\n\r\nEvent: Hangup\nChannel: PJSIP/1000-01\n\n",
        );
        assert_eq!(frames[0], Frame::Banner(Some("11.0.0".into())));
        let Frame::Message(first) = &frames[1] else {
            panic!()
        };
        assert_eq!(first.get("actionid"), Some("1"));
        let Frame::Message(second) = &frames[2] else {
            panic!()
        };
        assert_eq!(second.get("Channel"), Some("PJSIP/1000-01"));
        assert_eq!(frames.len(), 3);
    }

    #[test]
    fn a_banner_that_is_not_ami_says_so() {
        let mut codec = AmiCodec::new();
        let frames = decode_all(&mut codec, b"SSH-2.0-OpenSSH_9.6\r\n");
        assert_eq!(frames, vec![Frame::Banner(None)]);
    }

    #[test]
    fn repeated_headers_stay_in_order_and_values_keep_colons() {
        let all = messages(
            b"Asterisk Call Manager/11.0.0\r\nEvent: VarSet\r\nVariable: A\r\nValue: x:y\r\nVariable: B\r\n\r\n",
        );
        let variables: Vec<&str> = all[0].get_all("variable").collect();
        assert_eq!(variables, vec!["A", "B"]);
        assert_eq!(all[0].get("Value"), Some("x:y"));
    }

    #[test]
    fn empty_frames_and_odd_lines_are_tolerated() {
        let many_empty = [b"\r\n".repeat(50_000), b"Event: X\r\n\r\n".to_vec()].concat();
        let input = [b"Asterisk Call Manager/11.0.0\r\n".to_vec(), many_empty].concat();
        let all = messages(&input);
        assert_eq!(
            all.len(),
            1,
            "50,000 empty frames, one message, no recursion"
        );
        let odd = messages(b"Asterisk Call Manager/11.0.0\r\nResponse: Follows\r\nsome output\r\n--END COMMAND--\r\n\r\n");
        assert_eq!(
            odd[0].lines().collect::<Vec<_>>(),
            vec!["some output", "--END COMMAND--"]
        );
    }

    #[test]
    fn a_message_split_across_reads_is_assembled() {
        let mut codec = AmiCodec::new();
        let mut buffer = BytesMut::from(&b"Asterisk Call Manager/11.0.0\r\nEvent: Newch"[..]);
        assert!(matches!(
            codec.decode(&mut buffer).unwrap(),
            Some(Frame::Banner(_))
        ));
        assert_eq!(codec.decode(&mut buffer).unwrap(), None);
        buffer.extend_from_slice(b"annel\r\nUniqueid: 1.2\r");
        assert_eq!(codec.decode(&mut buffer).unwrap(), None);
        buffer.extend_from_slice(b"\n\r\n");
        let Some(Frame::Message(message)) = codec.decode(&mut buffer).unwrap() else {
            panic!()
        };
        assert_eq!(message.get("Event"), Some("Newchannel"));
        assert_eq!(message.get("Uniqueid"), Some("1.2"));
    }

    #[test]
    fn a_burst_of_many_messages_in_one_read_is_fine() {
        let mut input = b"Asterisk Call Manager/11.0.0\r\n".to_vec();
        for i in 0..10_000 {
            input.extend_from_slice(format!("Event: Newstate\r\nUniqueid: {i}\r\n\r\n").as_bytes());
        }
        assert!(input.len() > 256 * 1024);
        assert_eq!(messages(&input).len(), 10_000);
    }

    #[test]
    fn long_lines_and_huge_messages_are_cut_not_kept() {
        let mut codec = AmiCodec::new();
        let mut buffer =
            BytesMut::from(&b"Asterisk Call Manager/11.0.0\r\nEvent: X\r\nValue: "[..]);
        codec.decode(&mut buffer).unwrap();
        // A megabyte-long line arrives in pieces: memory stays bounded.
        for _ in 0..256 {
            buffer.extend_from_slice(&[b'a'; 4096]);
            assert_eq!(codec.decode(&mut buffer).unwrap(), None);
            assert!(buffer.len() <= MAX_LINE + 4096);
        }
        buffer.extend_from_slice(b"\r\nNext: 1\r\n\r\n");
        let Some(Frame::Message(message)) = codec.decode(&mut buffer).unwrap() else {
            panic!()
        };
        assert!(message.truncated);
        assert_eq!(
            message.get("Value").map(str::len),
            Some(MAX_LINE - "Value: ".len())
        );
        assert_eq!(message.get("Next"), Some("1"));

        let mut many = b"Asterisk Call Manager/11.0.0\r\nEvent: X\r\n".to_vec();
        for i in 0..(MAX_HEADERS * 3) {
            many.extend_from_slice(format!("H{i}: v\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        let all = messages(&many);
        assert_eq!(all[0].header_count(), MAX_HEADERS);
        assert!(all[0].truncated);
    }

    #[test]
    fn every_way_of_cutting_a_stream_reads_the_same_messages() {
        let bytes = include_bytes!("../../../../tests/fixtures/ami/capture-queue.ami");
        let read = |chunk: usize| {
            let mut codec = AmiCodec::new();
            let mut buffer = BytesMut::new();
            let mut frames = Vec::new();
            for piece in bytes.chunks(chunk) {
                buffer.extend_from_slice(piece);
                while let Some(frame) = codec.decode(&mut buffer).unwrap() {
                    frames.push(frame);
                }
            }
            frames
        };
        let whole = read(bytes.len());
        assert!(whole.len() > 50);
        // Byte by byte resumes the whole-message search; 5000 is odd
        // against message ends.
        for chunk in [1, 2, 13, 5000] {
            assert_eq!(read(chunk), whole, "pieces of {chunk} bytes");
        }
        // The line-by-line path reads them the same.
        let mut codec = AmiCodec::new();
        let mut buffer = BytesMut::from(&bytes[..]);
        let mut frames = Vec::new();
        while let Some(frame) = codec.decode_line_by_line(&mut buffer) {
            frames.push(frame);
        }
        assert_eq!(frames, whole);
    }

    #[test]
    fn a_message_that_is_not_utf8_keeps_its_headers() {
        let mut codec = AmiCodec::new();
        let frames = decode_all(
            &mut codec,
            b"Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDName: Caf\xe9\r\nUniqueid: 1.2\r\n\r\n",
        );
        let Frame::Message(message) = &frames[1] else {
            panic!("{frames:?}")
        };
        assert_eq!(message.get("CallerIDName"), Some("Caf\u{fffd}"));
        assert_eq!(message.get("Uniqueid"), Some("1.2"));
    }

    #[test]
    fn streams_captured_from_the_sandbox_asterisk_decode_whole() {
        for (name, bytes) in [
            (
                "calls",
                &include_bytes!("../../../../tests/fixtures/ami/capture-calls.ami")[..],
            ),
            (
                "bridge",
                &include_bytes!("../../../../tests/fixtures/ami/capture-bridge.ami")[..],
            ),
        ] {
            let text = String::from_utf8_lossy(bytes);
            let expected_events = text.lines().filter(|l| l.starts_with("Event: ")).count();
            // Read in odd-sized pieces, as a socket would deliver them.
            let mut codec = AmiCodec::new();
            let mut buffer = BytesMut::new();
            let mut frames = Vec::new();
            for chunk in bytes.chunks(997) {
                buffer.extend_from_slice(chunk);
                while let Some(frame) = codec.decode(&mut buffer).unwrap() {
                    frames.push(frame);
                }
            }
            assert_eq!(frames[0], Frame::Banner(Some("11.0.0".into())), "{name}");
            let events = frames
                .iter()
                .filter(|f| matches!(f, Frame::Message(m) if m.get("Event").is_some()))
                .count();
            assert_eq!(events, expected_events, "{name}");
            assert!(
                frames
                    .iter()
                    .all(|f| !matches!(f, Frame::Message(m) if m.truncated))
            );
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A small deterministic generator: the fuzz target goes further.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"\r\n:: AEvent\xff\x00\xc3";
        for _ in 0..300 {
            let mut codec = AmiCodec::new();
            let mut buffer = BytesMut::new();
            for _ in 0..(next() % 64) {
                let len = (next() % 6000) as usize;
                let chunk: Vec<u8> = (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                buffer.extend_from_slice(&chunk);
                while let Ok(Some(_)) = codec.decode(&mut buffer) {}
            }
            let _ = codec.decode_eof(&mut buffer);
        }
    }

    #[test]
    fn actions_are_framed_and_line_breaks_refused() {
        let mut codec = AmiCodec::new();
        let mut out = BytesMut::new();
        codec.encode(Action::new("Ping", "7"), &mut out).unwrap();
        assert_eq!(&out[..], b"Action: Ping\r\nActionID: 7\r\n\r\n");
        let smuggled = Action::new("Login", "8").header("Username", "admin\r\nAction: Originate");
        assert!(matches!(
            codec.encode(smuggled, &mut out),
            Err(CodecError::UnsafeValue)
        ));
        let secret = Action::new("Login", "9").header("Secret", "hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }
}
