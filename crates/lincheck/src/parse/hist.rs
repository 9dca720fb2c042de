//! Detection of the page's own `hist=` format (`1:w1@0-10,2:r1@20-30`); the page parses it.

/// Whether `line` looks like the `hist=` format: after an optional `hist=`, comma-separated items
/// `<client>:<kind><value>@<start>-<end>` (kind `w`, `r`, `x` or `f`; times with optional
/// decimals), the first of which must fit; the page's own parser judges the rest.
pub fn looks_like_hist(line: &str) -> bool {
    let line = line.trim();
    let line = line.strip_prefix("hist=").unwrap_or(line);
    match line.split(',').map(str::trim).find(|i| !i.is_empty()) {
        Some(item) => item_fits(item),
        None => false,
    }
}

/// One item: `<client>:<kind><value>@<start>-<end>`.
fn item_fits(item: &str) -> bool {
    let Some((client, rest)) = item.split_once(':') else {
        return false;
    };
    let Some((op, times)) = rest.split_once('@') else {
        return false;
    };
    let Some((start, end)) = times.split_once('-') else {
        return false;
    };
    let mut chars = op.chars();
    let kind_ok = matches!(chars.next(), Some('w' | 'r' | 'x' | 'f'));
    digits(client) && kind_ok && digits(chars.as_str()) && time(start) && time(end)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn time(s: &str) -> bool {
    match s.split_once('.') {
        Some((whole, frac)) => digits(whole) && digits(frac),
        None => digits(s),
    }
}
