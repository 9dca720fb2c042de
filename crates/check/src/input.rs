//! Reading what was pasted: Jepsen log lines and Jepsen EDN ops are read by [`lincheck::parse`]; the
//! page's own `hist=` format by the time views' parser (`ring_time::history`), its ops turned into the
//! checker's (spec section 2, format 3: one register; `w` an ok write, `r` an ok read, value 0 the
//! initial value `nil`, `x` a write of unknown outcome, `f` a failed op: dropped). A `hist=` item the
//! time views' parser drops is a skipped "line" here: its place in the list is its line number.

use lincheck::{Action, Format, History, LineError, Op};
use ring_time::history::{History as Hist, Kind};

/// A history read from `text`, in whichever of the three formats its first valid line has.
pub fn read(text: &str) -> History {
    match lincheck::detect(text) {
        Some(Format::Hist) => read_hist(text).0,
        _ => lincheck::parse(text),
    }
}

/// The `hist=` items the time views' parser dropped, with their place in the list (1-based) as their
/// line, when `text` is in that format.
pub fn hist_errors(text: &str) -> Vec<LineError> {
    match lincheck::detect(text) {
        Some(Format::Hist) => read_hist(text).1,
        _ => Vec::new(),
    }
}

/// The history of a `hist=` text, and the items dropped.
fn read_hist(text: &str) -> (History, Vec<LineError>) {
    let body = text.trim();
    let body = body.strip_prefix("hist=").unwrap_or(body);
    let items: Vec<&str> = body.split(',').map(str::trim).collect();
    let (hist, dropped) = Hist::parse_explained(body);
    // The time views' parser keeps the ops in the order given: each kept op is the next item of its
    // text, which gives its place in the list.
    let mut ops = Vec::new();
    let mut from = 0;
    for op in &hist.ops {
        let text = op.to_text();
        let place = items[from..]
            .iter()
            .position(|item| same_item(item, &text))
            .map_or(from, |i| from + i);
        from = place + 1;
        let line = place as u32 + 1;
        let (start, end) = (op.start as i64, op.end as i64);
        let reg = |v: u32| (v > 0).then_some(v as i64);
        let op = match op.kind {
            Kind::Write => Op::new(
                op.client as i64,
                Action::Write(reg(op.value)),
                start,
                Some(end),
                line,
            ),
            Kind::Read => Op::new(
                op.client as i64,
                Action::Read(reg(op.value)),
                start,
                Some(end),
                line,
            ),
            Kind::Unknown => Op::new(
                op.client as i64,
                Action::Write(reg(op.value)),
                start,
                None,
                line,
            ),
            Kind::Failed => continue,
        };
        ops.push(op);
    }
    let errors = dropped
        .iter()
        .map(|d| {
            let line = items
                .iter()
                .position(|item| *item == d.text.trim())
                .unwrap_or(0) as u32
                + 1;
            let why = lincheck::ErrorReason::Malformed(d.reason.words().to_owned());
            LineError::new(line, &d.text, why)
        })
        .collect();
    (History::from_ops(Some(Format::Hist), ops), errors)
}

/// Whether a `hist=` item as written is the op `text` (the parser writes times to the µs: `0.5` and
/// `0.500` are the same item).
fn same_item(item: &str, text: &str) -> bool {
    Hist::parse(item)
        .0
        .ops
        .first()
        .map(|op| op.to_text())
        .as_deref()
        == Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lincheck::{Check, Verdict};

    #[test]
    fn the_three_formats_are_read() {
        let log =
            "INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t1\n";
        assert_eq!(read(log).format(), Some(Format::JepsenLog));
        let edn = "{:process 0, :type :invoke, :f :put, :key \"a\", :value \"x\"}\n";
        assert_eq!(read(edn).format(), Some(Format::Edn));
        let hist = read("1:w1@0-10,2:r1@20-30,3:x2@5-6,1:f0@40-50");
        assert_eq!(hist.format(), Some(Format::Hist));
        // The failed op is dropped; the unknown write is indeterminate; an item's place is its line.
        assert_eq!(hist.op_count(), 3);
        let x = hist
            .ops()
            .iter()
            .find(|o| o.is_indeterminate())
            .expect("the x op");
        assert_eq!(x.invoke_line, 3);
        assert_eq!(hist.ops().iter().map(|o| o.invoke_line).max(), Some(3));
    }

    #[test]
    fn a_hist_link_is_judged_as_the_time_views_judge_it() {
        // consistency.md's worked examples: linearizable or not.
        for (text, lin) in [
            ("1:w1@0-10,2:r1@20-30", true),
            ("1:w1@0-10,2:r0@20-30", false),
            ("1:w1@0-10,2:w2@0-10,3:r2@20-30,3:r1@40-50", false),
            ("1:x1@0-10,2:r1@50-60", true),
            ("1:x1@0-10,2:r0@50-60", true),
        ] {
            let mut check = Check::new(read(text));
            while !check.advance(1 << 20) {}
            let report = check.report();
            let want = if lin { Verdict::Ok } else { Verdict::Illegal };
            assert_eq!(report.verdict, want, "{text}");
        }
    }

    #[test]
    fn dropped_hist_items_are_skipped_lines_with_their_place() {
        let errors = hist_errors("1:w1@0-10,bogus,2:r1@20-30");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].text.as_str()), (2, "bogus"));
    }
}
