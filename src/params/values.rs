//! The values of single settings: whole numbers in a range, decimals in hundredths (`c=`, `zipf=`), node
//! names and lists of them, each read totally (bad values defaulted or clamped with a notice).

use super::{
    is_valid_name, quote, Change, Notice, Params, C100_DEFAULT, C100_MAX, C100_MIN, C100_STEP,
    DEFAULT_NODES, NODES_MAX,
};

/// `c100` as the link writes it: `125` → `"1.25"`.
pub fn c_text(c100: u32) -> String {
    format!("{}.{:02}", c100 / 100, c100 % 100)
}

/// A decimal setting kept in hundredths: `c` (1.00..3.00) and `zipf` (0.00..2.00), in steps.
pub(super) struct Hundredths {
    pub key: &'static str,
    pub min: u32,
    pub max: u32,
    pub step: u32,
    pub default: u32,
}

const C_SETTING: Hundredths = Hundredths {
    key: "c",
    min: C100_MIN,
    max: C100_MAX,
    step: C100_STEP,
    default: C100_DEFAULT,
};

/// Reads `c=`: see [`parse_hundredths`].
pub(super) fn parse_c(value: &str, notices: &mut Vec<Notice>) -> u32 {
    parse_hundredths(&C_SETTING, value, notices)
}

/// Reads a plain decimal (digits and at most one point), rounded to the nearest step and clamped to the
/// setting's range; anything else is the default. Each adjustment is said.
/// A short decimal (digits, at most one point, at most 12 characters) as the nearest `f64`, exactly as
/// `str::parse::<f64>` gives it: its digits as an integer below 2^53 divided by a power of ten below
/// 10^22 are both exact, so one correctly rounded division is the correctly rounded value (Clinger's
/// fast path). Without the standard library's float parsing, whose tables are sizeable in wasm.
pub(in crate::params) fn decimal(value: &str) -> Option<f64> {
    const POWERS: [f64; 12] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11];
    let (whole, part) = value.split_once('.').unwrap_or((value, ""));
    if value.len() > 12 || whole.len() + part.len() == 0 {
        return None;
    }
    let mut digits: u64 = 0;
    for b in whole.bytes().chain(part.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        digits = digits * 10 + (b - b'0') as u64;
    }
    Some(digits as f64 / POWERS[part.len()])
}

pub(super) fn parse_hundredths(h: &Hundredths, value: &str, notices: &mut Vec<Notice>) -> u32 {
    let (key, min, max) = (h.key, c_text(h.min), c_text(h.max));
    let value = value.trim();
    let plain = !value.is_empty()
        && value.len() <= 12
        && value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && value.bytes().filter(|&b| b == b'.').count() <= 1
        && value.bytes().any(|b| b.is_ascii_digit());
    let Some(x) = plain.then(|| decimal(value)).flatten() else {
        notices.push(Notice(format!(
            "“{key}” should be a number from {min} to {max}, not {}: used {}.",
            quote(value),
            c_text(h.default)
        )));
        return h.default;
    };
    let hundredths = (x * 100.0).round();
    if hundredths < h.min as f64 {
        notices.push(Notice(format!(
            "“{key}” must be at least {min}: used {min}."
        )));
        return h.min;
    }
    if hundredths > h.max as f64 {
        notices.push(Notice(format!(
            "“{key}” must be at most {max}: used {max}."
        )));
        return h.max;
    }
    let v = hundredths as u32;
    let stepped = ((v - h.min + h.step / 2) / h.step * h.step + h.min).min(h.max);
    if stepped != v || (x * 100.0 - hundredths).abs() > 1e-6 {
        notices.push(Notice(format!(
            "“{key}” goes in steps of {}: used {}.",
            c_text(h.step),
            c_text(stepped)
        )));
    }
    stepped
}

/// Reads `fail=`: names of nodes present after the change, kept in that list's order; others are said.
pub(super) fn parse_fail(params: &Params, list: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let after = params.nodes_after();
    let asked: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let removed = match &params.change {
        Some(Change::Remove(x)) => Some(x.as_str()),
        _ => None,
    };
    for name in &asked {
        if Some(*name) == removed {
            notices.push(Notice(format!(
                "{} is removed by the change, so it cannot also fail: ignored it in “fail”.",
                quote(name)
            )));
        } else if !after.iter().any(|n| n == name) {
            notices.push(Notice(format!(
                "Can't fail {}: it is not one of the nodes.",
                quote(name)
            )));
        }
    }
    after
        .into_iter()
        .filter(|n| asked.contains(&n.as_str()))
        .collect()
}

pub(in crate::params) const NAME_RULE: &str = "names are 1–32 letters, digits, “_”, “.” or “-”";

pub(super) fn parse_nodes(list: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let mut nodes: Vec<String> = Vec::new();
    let (mut bad, mut dup, mut extra) = (Vec::new(), Vec::new(), 0usize);
    for name in list.split(',').map(str::trim) {
        if !is_valid_name(name) {
            bad.push(quote(name));
        } else if nodes.iter().any(|n| n == name) {
            dup.push(quote(name));
        } else if nodes.len() == NODES_MAX {
            extra += 1;
        } else {
            nodes.push(name.to_owned());
        }
    }
    if !bad.is_empty() {
        notices.push(Notice(format!(
            "Ignored node names {}: {NAME_RULE}.",
            listed(&bad)
        )));
    }
    if !dup.is_empty() {
        dup.dedup();
        notices.push(Notice(format!(
            "Ignored repeated node names {}.",
            dup.join(", ")
        )));
    }
    if extra > 0 {
        notices.push(Notice(format!(
            "At most {NODES_MAX} nodes: ignored {extra} more."
        )));
    }
    if nodes.is_empty() {
        notices.push(Notice(format!(
            "No usable node names: used {}.",
            DEFAULT_NODES.join(", ")
        )));
        nodes = Params::default().nodes;
    }
    nodes
}

/// Items of a notice: the first three, then how many more (“a”, “b”, “c” and 2 more).
pub(in crate::params) fn listed(items: &[String]) -> String {
    let mut out = items.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 3 {
        out.push_str(&format!(" and {} more", items.len() - 3));
    }
    out
}

pub(in crate::params) fn parse_number(
    key: &str,
    value: &str,
    min: u32,
    max: u32,
    default: u32,
    notices: &mut Vec<Notice>,
) -> u32 {
    let value = value.trim();
    match value.parse::<u64>() {
        Ok(n) if n < min as u64 => {
            notices.push(Notice(format!(
                "“{key}” must be at least {min}: used {min}."
            )));
            min
        }
        Ok(n) if n > max as u64 => {
            notices.push(Notice(format!(
                "“{key}” must be at most {max}: used {max}."
            )));
            max
        }
        Ok(n) => n as u32,
        Err(_) if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            notices.push(Notice(format!(
                "“{key}” must be at most {max}: used {max}."
            )));
            max
        }
        Err(_) => {
            notices.push(Notice(format!(
                "“{key}” should be a whole number, not {}: used {default}.",
                quote(value)
            )));
            default
        }
    }
}
