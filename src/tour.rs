//! A tour step's caption, its numbers computed by the page: the step's template
//! ([`crate::params::tours`]) with each `{name}` or `{name:argument}` replaced by a number read off the
//! [`App`]. A number not computed yet shows as `…` and the caption is not complete.

use crate::app::App;
use crate::consistency::pbs::ms_short;
use crate::params::TourAt;
use crate::stats::{fixed, percent, thousands};
use crate::strategy::Picture;

/// Every name a caption may use, with what it says (docs/course-authors.md, "Writing a tour", lists the same).
pub const NAMES: [(&str, &str); 24] = [
    ("keys", "the number of keys"),
    ("nodes", "the number of nodes (before the change)"),
    ("busiest", "the busiest node's share of the keys"),
    ("moved", "keys moved by the change (the true count)"),
    ("moved_pct", "the same as a share of the keys"),
    (
        "modulo_moved",
        "keys hash % N would move for the same change",
    ),
    (
        "printout",
        "what the course page's printout says moved (its own example only)",
    ),
    ("gave", "the nodes that gave keys to the change"),
    ("shards", "the number of virtual shards"),
    (
        "shards_moved",
        "shards (or table cells) whose node the change moved",
    ),
    (
        "spread:V",
        "the busiest node's keys over the mean with V virtual nodes (the balance curve)",
    ),
    ("hot_key_share", "user_0's share of all requests"),
    ("hot_node", "the node serving user_0"),
    ("hot_node_share", "that node's share of all requests"),
    ("top", "the busiest node's requests over the mean"),
    (
        "top_after_cache",
        "the same for the requests the cache misses",
    ),
    ("hit", "the share of requests the cache answers"),
    (
        "fresh0:R,W",
        "P(consistent read) right after a write commits (r, w in force without R,W)",
    ),
    (
        "t999:R,W",
        "the time after the commit by which 99.9 % of reads are consistent",
    ),
    (
        "read999:R / write999:W",
        "99.9th percentile read (write) latency",
    ),
    ("stale", "stale reads in the history"),
    ("reads", "reads in the history that returned"),
    ("ops / failed", "ops in the history, and those that failed"),
    ("verdict", "the strongest guarantee the history keeps"),
];

/// A caption filled in: its text, and whether every number in it is computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    pub text: String,
    pub complete: bool,
    /// Names in the template that are no number (left as written; a test keeps this empty).
    pub unknown: Vec<String>,
}

/// Shown for a number not computed yet.
pub const PENDING: &str = "…";
/// Shown for a number this experiment does not have (the student changed the step: no hot key without
/// skewed popularity, no printout but for the course page's own example).
pub const NONE: &str = "—";

/// The caption of the tour step the app is on (None off a tour).
pub fn caption(app: &App) -> Option<Caption> {
    app.params().tour.map(|at| fill(at, app))
}

/// The step's caption filled in from the app's numbers. The numbers are those of the app's experiment,
/// whether or not it is still the step's.
pub fn fill(at: TourAt, app: &App) -> Caption {
    let template = &at.step().caption;
    let mut text = String::with_capacity(template.len() + 32);
    let mut complete = true;
    let mut unknown = Vec::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let (name, argument) = match inner.split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (inner, None),
        };
        match value(name, argument, app) {
            Ok(Some(v)) => text.push_str(&v),
            Ok(None) => {
                complete = false;
                text.push_str(PENDING);
            }
            Err(()) => {
                unknown.push(inner.to_owned());
                text.push_str(&rest[open..=open + close]);
            }
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    Caption {
        text,
        complete,
        unknown,
    }
}

/// The number `name` (with its argument), formatted: `Ok(None)` when it is not computed yet, [`NONE`]
/// when this experiment has no such number, `Err` when no number has that name and argument.
fn value(name: &str, argument: Option<&str>, app: &App) -> Result<Option<String>, ()> {
    let p = app.params();
    // Counting and serving are current: the report is the inputs'.
    let settled = app.progress().is_none_or(|g| g.stage.is_time());
    let report = app.report();
    let keys = p.keys as f64;
    let numbers = |r: Option<&str>| -> Option<Vec<u32>> {
        r.map(|a| a.split(',').map(|n| n.trim().parse().ok()).collect())
            .unwrap_or(Some(Vec::new()))
    };
    let args = numbers(argument).ok_or(())?;
    let movement = report.movement.as_ref().filter(|_| settled);
    let requests = Some(&report.service.requests).filter(|_| settled);
    let time = app.time_summary();
    let pbs = time.and_then(|t| t.pbs.as_ref());
    let history = time.and_then(|t| t.history.as_ref());
    let (r, w) = (
        args.first().copied().unwrap_or(p.read),
        args.get(1).copied().unwrap_or(p.write),
    );
    // A quorum the experiment's replicas do not have (the student lowered them).
    let pbs_for = |qs: [u32; 2]| {
        pbs.map(|m| Some(m).filter(|m| qs.iter().all(|q| (1..=m.replicas).contains(q))))
    };
    let none = || NONE.to_owned();
    Ok(match name {
        "keys" => Some(thousands(p.keys as u64)),
        "nodes" => Some(p.nodes.len().to_string()),
        "busiest" => settled.then(|| percent(report.balance.max as f64 / keys)),
        "moved" => movement.map(|m| thousands(m.moved)),
        "moved_pct" => movement.map(|m| percent(m.moved as f64 / keys)),
        "modulo_moved" => movement.map(|m| thousands(m.modulo_moved)),
        "printout" => Some(app.seed_printout().map_or_else(none, thousands)),
        "gave" => settled.then(|| gave(app)),
        "shards" => Some(thousands(p.shards as u64)),
        "shards_moved" => settled.then(|| shards_moved(app).unwrap_or_else(none)),
        "spread" => {
            let v = *args.first().ok_or(())?;
            let curve = app.curve();
            curve
                .map(|c| c.iter().find(|pt| pt.vnodes == v).ok_or(()))
                .transpose()?
                .map(|pt| fixed(pt.balance.max_over_mean, 2))
        }
        "hot_key_share" => requests.map(|q| percent(q.first_share)),
        "hot_node" | "hot_node_share" => {
            let hot = report.service.hottest.as_ref();
            let node = hot.and_then(|h| h.live.first().copied());
            settled.then(|| match (node, name) {
                (None, _) => none(),
                (Some(id), "hot_node") => app.names()[id as usize].clone(),
                (Some(id), _) => percent(report.service.requests.share[id as usize]),
            })
        }
        "top" => requests.map(|q| fixed(q.max_over_mean, 2)),
        "top_after_cache" => requests.map(|q| fixed(q.after_cache_max_over_mean, 2)),
        "hit" => requests.map(|q| percent(q.hit_ratio)),
        "fresh0" => pbs_for([r, w])
            .map(|m| m.map_or_else(none, |m| percent(m.row(r, w).p0_ppm as f64 / 1e6))),
        "t999" => pbs_for([r, w]).map(|m| m.map_or_else(none, |m| ms(m.row(r, w).t999_ms))),
        "read999" => pbs_for([r, 1]).map(|m| m.map_or_else(none, |m| ms(m.row(r, 1).read999_ms))),
        "write999" => {
            let w = args.first().copied().unwrap_or(p.write);
            pbs_for([1, w]).map(|m| m.map_or_else(none, |m| ms(m.row(1, w).write999_ms)))
        }
        "stale" => history.map(|h| h.stale.to_string()),
        "reads" => history.map(|h| h.reads.to_string()),
        "failed" => history.map(|h| h.failed.to_string()),
        "ops" => history.map(|h| h.ops.to_string()),
        "verdict" => history.map(|h| h.strongest.clone().unwrap_or("none of them".into())),
        _ => return Err(()),
    })
}

/// Milliseconds as the staleness table shows them.
fn ms(t: f64) -> String {
    format!("{}\u{a0}ms", ms_short(t))
}

/// The nodes whose keys went down with the change (the removed one included), in node order: "db1",
/// "db1 and db3", "db1, db2 and db3".
fn gave(app: &App) -> String {
    let gave: Vec<&str> = app
        .report()
        .rows
        .iter()
        .filter(|row| match (row.keys, row.keys_after) {
            (Some(before), Some(after)) => after < before,
            (Some(before), None) => before > 0 && app.changing(),
            _ => false,
        })
        .map(|row| row.name.as_str())
        .collect();
    match gave.split_last() {
        None => "no node".into(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// For a strategy whose structure is a table of cells (virtual shards, Maglev), the cells whose node the
/// change moved, by name.
fn shards_moved(app: &App) -> Option<String> {
    let (Picture::Cells { owners: before, .. }, Picture::Cells { owners: after, .. }) =
        (app.picture(false), app.picture(true))
    else {
        return None;
    };
    if !app.changing() || before.len() != after.len() {
        return None;
    }
    let moved = before
        .iter()
        .zip(after)
        .filter(|(&b, &a)| app.node_id(false, b) != app.node_id(true, a))
        .count();
    Some(thousands(moved as u64))
}

#[cfg(test)]
mod tests;
