//! How long a recording lasts, from its first bytes and its size. Our own
//! small reader: `hound` only reads PCM WAV from a seekable whole file,
//! while we read a few hundred bytes of a stream, and Asterisk also writes
//! GSM-in-WAV and headerless formats (gsm, ulaw, alaw, sln).

/// Bytes to read from the start of a file: enough for a RIFF header with a
/// few chunks before `data`.
pub const HEADER_BYTES: usize = 4096;

/// What the header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioLength {
    /// `None` when the format has no length we can work out.
    pub duration_ms: Option<u64>,
    /// No audio at all: an empty file, or a header and no samples.
    pub empty: bool,
}

/// `head` is the start of the file (up to `HEADER_BYTES`), `size` its whole
/// length in bytes.
pub fn audio_length(format: &str, head: &[u8], size: u64) -> AudioLength {
    if size == 0 {
        return AudioLength {
            duration_ms: Some(0),
            empty: true,
        };
    }
    // Headerless formats Asterisk writes: bytes per second.
    let raw_rate = match format {
        "ulaw" | "ul" | "alaw" | "al" | "pcm" | "g722" => Some(8_000),
        "sln" | "raw" => Some(16_000),
        "sln16" => Some(32_000),
        "sln48" => Some(96_000),
        _ => None,
    };
    if let Some(rate) = raw_rate {
        return length(Some(size * 1000 / rate));
    }
    if format == "gsm" {
        // 33-byte frames of 20 ms.
        return length(Some(size / 33 * 20));
    }
    if format.eq_ignore_ascii_case("wav") || format == "wav16" || format == "wav49" {
        return length(riff_duration_ms(head, size));
    }
    AudioLength {
        duration_ms: None,
        empty: false,
    }
}

fn length(duration_ms: Option<u64>) -> AudioLength {
    AudioLength {
        duration_ms,
        empty: duration_ms == Some(0),
    }
}

/// A RIFF/WAVE file: the `fmt ` chunk's byte rate and the `data` chunk's
/// size (bounded by the file's real size: a recording still being written,
/// or cut short, says more than it has).
fn riff_duration_ms(head: &[u8], size: u64) -> Option<u64> {
    if head.len() < 12 || &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return None;
    }
    let mut position = 12usize;
    let mut byte_rate = None;
    while position + 8 <= head.len() {
        let id = &head[position..position + 4];
        let chunk = u32::from_le_bytes(head[position + 4..position + 8].try_into().ok()?) as u64;
        let body = position + 8;
        if id == b"fmt " {
            let rate = head.get(body + 8..body + 12)?;
            byte_rate = Some(u32::from_le_bytes(rate.try_into().ok()?) as u64);
        } else if id == b"data" {
            let rate = byte_rate.filter(|r| *r > 0)?;
            let available = size.saturating_sub(body as u64);
            return Some(chunk.min(available) * 1000 / rate);
        }
        // Chunks are padded to an even length.
        let next = body as u64 + chunk + (chunk & 1);
        position = usize::try_from(next).ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(byte_rate: u32, data: u32, extra_chunk: bool) -> Vec<u8> {
        let mut out = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&[1, 0, 1, 0]);
        out.extend_from_slice(&8000u32.to_le_bytes());
        out.extend_from_slice(&byte_rate.to_le_bytes());
        out.extend_from_slice(&[2, 0, 16, 0]);
        if extra_chunk {
            out.extend_from_slice(b"LIST");
            out.extend_from_slice(&3u32.to_le_bytes());
            out.extend_from_slice(&[1, 2, 3, 0]);
        }
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data.to_le_bytes());
        out
    }

    #[test]
    fn a_pcm_wav_lasts_its_data_over_its_byte_rate() {
        // The sandbox's 3 s call: 40,044 bytes, 16,000 bytes a second.
        let head = wav(16_000, 40_000, false);
        assert_eq!(
            audio_length("wav", &head, 40_044),
            AudioLength {
                duration_ms: Some(2_500),
                empty: false
            }
        );
        // An odd-sized chunk before `data` is padded.
        let head = wav(16_000, 16_000, true);
        let size = head.len() as u64 + 16_000;
        assert_eq!(audio_length("wav", &head, size).duration_ms, Some(1_000));
    }

    #[test]
    fn empty_and_truncated_files_are_told_apart() {
        assert!(audio_length("wav", &[], 0).empty);
        let head = wav(16_000, 0, false);
        assert!(audio_length("wav", &head, head.len() as u64).empty);
        // The header promises 10 s, the file holds 1 s.
        let head = wav(16_000, 160_000, false);
        let size = head.len() as u64 + 16_000;
        assert_eq!(audio_length("wav", &head, size).duration_ms, Some(1_000));
    }

    #[test]
    fn headerless_formats_and_garbage() {
        assert_eq!(audio_length("gsm", &[], 33 * 50).duration_ms, Some(1_000));
        assert_eq!(audio_length("ulaw", &[], 8_000).duration_ms, Some(1_000));
        assert_eq!(audio_length("sln16", &[], 64_000).duration_ms, Some(2_000));
        assert_eq!(
            audio_length("wav", b"not a wav file at all", 21).duration_ms,
            None
        );
        assert_eq!(audio_length("mp3", &[0xff; 100], 100).duration_ms, None);
        // A chunk size pointing past the end does not panic.
        let mut head = b"RIFF\0\0\0\0WAVE".to_vec();
        head.extend_from_slice(b"junk\xff\xff\xff\xff");
        assert_eq!(audio_length("wav", &head, 1 << 40).duration_ms, None);
    }
}
