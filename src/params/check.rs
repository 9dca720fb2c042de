//! The real history in the link (`check=`): the "Check a real history" section's input, carried as
//! an opaque value the check module reads (`crates/check`): `p.NAME` names one of its presets (a real
//! etcd log), `z.DATA` is the pasted text compressed (raw DEFLATE, then URL-safe base64 without
//! padding). The core only checks the value's shape and length; what it holds is the module's.

use super::{quote, Notice};

/// The longest value a link carries (a history longer than this, compressed, is checked from the text
/// and not put in the link: the page says so).
pub const VALUE_MAX_BYTES: usize = 6000;

/// The value, if it has the shape of one (`p.` and a name of letters, digits and `_`, or `z.` and
/// URL-safe base64), within [`VALUE_MAX_BYTES`]; else None with a notice.
pub fn parse(value: &str, notices: &mut Vec<Notice>) -> Option<String> {
    let value = value.trim();
    let body_ok = |body: &str, extra: fn(u8) -> bool| {
        !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || extra(b))
    };
    let fits = match value.split_at_checked(2) {
        Some(("p.", name)) => name.len() <= 40 && body_ok(name, |b| b == b'_'),
        Some(("z.", data)) => body_ok(data, |b| b == b'_' || b == b'-'),
        _ => false,
    };
    if !fits {
        notices.push(Notice(format!(
            "“check” holds a history as p.NAME or z.DATA, not {}: ignored it.",
            quote(value)
        )));
        return None;
    }
    if value.len() > VALUE_MAX_BYTES {
        notices.push(Notice(format!(
            "“check” is longer than {VALUE_MAX_BYTES} characters: ignored it."
        )));
        return None;
    }
    Some(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_compressed_texts_are_kept_and_anything_else_is_noticed() {
        let mut notices = Vec::new();
        assert_eq!(
            parse("p.etcd_000", &mut notices).as_deref(),
            Some("p.etcd_000")
        );
        assert_eq!(
            parse(" z.AbC-_09 ", &mut notices).as_deref(),
            Some("z.AbC-_09")
        );
        assert!(notices.is_empty());
        for bad in [
            "",
            "p.",
            "z.",
            "x.abc",
            "p.etcd-000",
            "z.a+b",
            "p.<b>",
            "zz",
        ] {
            assert_eq!(parse(bad, &mut notices), None, "{bad:?}");
        }
        assert_eq!(notices.len(), 8);
        assert!(notices[6].0.contains("“p.<b>”"), "{:?}", notices[6]);
        let long = format!("z.{}", "a".repeat(VALUE_MAX_BYTES));
        assert_eq!(parse(&long, &mut notices), None);
        assert!(notices[8].0.contains("longer than 6000"));
    }
}
