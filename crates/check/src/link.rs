//! A history in the link (`check=`): `p.NAME` names a preset, `z.DATA` is the text compressed (raw
//! DEFLATE at the best level, then URL-safe base64 without padding). A history whose value would be
//! longer than [`VALUE_MAX_BYTES`] is not put in the link: it is checked from the text, and the page
//! says it is too large to share by link.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The longest value a link carries (the core refuses longer ones: `src/params/check.rs`).
pub const VALUE_MAX_BYTES: usize = 6000;

/// The most text a link's value may unpack to (a history is read up to 1 MB).
const TEXT_MAX_BYTES: usize = 1_000_000;

/// The link's value for `text`: compressed, whatever its length ([`fits`] says whether a link takes it).
pub fn encode(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
    format!("z.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// True when a link carries `value`.
pub fn fits(value: &str) -> bool {
    value.len() <= VALUE_MAX_BYTES
}

/// The text a link's `z.` value holds, or why it holds none.
pub fn decode(value: &str) -> Result<String, &'static str> {
    let data = value
        .strip_prefix("z.")
        .ok_or("the link names no compressed history")?;
    let packed = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| "the link's history is not valid base64")?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, TEXT_MAX_BYTES)
        .map_err(|_| "the link's history does not unpack")?;
    String::from_utf8(text).map_err(|_| "the link's history is not text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip_and_an_etcd_log_fits_a_link() {
        for text in ["", "1:w1@0-10,2:r0@20-30", "é ünïcödé\n{:process 0}"] {
            assert_eq!(decode(&encode(text)).unwrap(), text);
        }
        let log = crate::presets::text("etcd_000").unwrap();
        let value = encode(log);
        assert!(fits(&value), "{} bytes", value.len());
        assert!(value.len() < log.len() / 3);
        assert!(value[2..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn bad_values_say_why() {
        assert!(decode("p.etcd_000").is_err());
        assert!(decode("z.@@@").is_err());
        assert!(decode("z.AAAA").is_err());
    }
}
