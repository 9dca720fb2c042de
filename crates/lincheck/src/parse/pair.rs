//! Pairing invokes with completions per process (spec section 3).

use rustc_hash::FxHashMap;

use super::{Event, Kind, Parsed, Val};
use crate::history::{ErrorReason, Format, History, LineError, Notice};
use crate::op::{Action, Fun, ModelKind, Op, Outcome};

/// What a process has open.
enum Slot {
    Pending(Event),
    /// Its invoke at this line was skipped: so is its completion.
    Skipped(u32),
    /// Its invoke came past the ops limit: its completion is not read either.
    Cut,
}

/// Pairs the events (in line order) into ops and assembles the history.
///
/// Positions are `:time` values when `timed`, else line numbers.
pub(crate) fn pair(
    format: Format,
    events: Vec<Parsed>,
    timed: bool,
    max_ops: usize,
    lines: &[&str],
    mut errors: Vec<LineError>,
    mut notices: Vec<Notice>,
) -> History {
    let text = |line: u32| lines.get(line as usize - 1).copied().unwrap_or("");
    let pos = |e: &Event| {
        if timed {
            e.time.unwrap_or(e.line as i64)
        } else {
            e.line as i64
        }
    };
    let mut slots: FxHashMap<i64, Slot> = FxHashMap::default();
    let mut models: FxHashMap<String, ModelKind> = FxHashMap::default();
    let mut ops = Vec::new();
    let mut dropped = 0;
    let mut invokes = 0usize;
    let mut cut = 0usize;
    let mut first_cut = 0u32;
    for parsed in events {
        let e = match parsed {
            Parsed::Event(e) => e,
            Parsed::SkippedInvoke { process, line } => {
                if !matches!(slots.get(&process), Some(Slot::Pending(_))) {
                    slots.insert(process, Slot::Skipped(line));
                }
                continue;
            }
        };
        let error = |why| LineError::new(e.line, text(e.line), why);
        if e.kind == Kind::Invoke {
            if let Some(Slot::Pending(p)) = slots.get(&e.process) {
                if invokes < max_ops {
                    errors.push(error(ErrorReason::AlreadyPending(p.line)));
                }
                continue;
            }
            if invokes >= max_ops {
                if cut == 0 {
                    first_cut = e.line;
                }
                cut += 1;
                slots.insert(e.process, Slot::Cut);
                continue;
            }
            let key = e.key.clone().unwrap_or_default();
            let model = e.fun.model();
            if *models.entry(key).or_insert(model) != model {
                errors.push(error(ErrorReason::MixedModels));
                slots.insert(e.process, Slot::Skipped(e.line));
                continue;
            }
            invokes += 1;
            slots.insert(e.process, Slot::Pending(e));
            continue;
        }
        let invoke = match slots.remove(&e.process) {
            None => {
                errors.push(error(ErrorReason::NoPendingInvoke));
                continue;
            }
            Some(Slot::Skipped(line)) => {
                errors.push(error(ErrorReason::InvokeSkipped(line)));
                continue;
            }
            Some(Slot::Cut) => continue,
            Some(Slot::Pending(invoke)) if invoke.fun != e.fun => {
                errors.push(error(ErrorReason::FunMismatch(invoke.line)));
                slots.insert(e.process, Slot::Pending(invoke));
                continue;
            }
            Some(Slot::Pending(invoke)) => invoke,
        };
        let outcome = match e.kind {
            Kind::Ok => Outcome::Ok,
            Kind::Fail if invoke.fun == Fun::Cas => Outcome::Failed,
            Kind::Info if !invoke.fun.is_read() => Outcome::Info,
            _ => {
                dropped += 1;
                continue;
            }
        };
        let Some(action) = action(&invoke, (outcome == Outcome::Ok).then_some(&e.value)) else {
            dropped += 1;
            continue;
        };
        ops.push(Op {
            process: invoke.process,
            key: invoke.key.clone().unwrap_or_default(),
            action,
            outcome,
            call: pos(&invoke),
            ret: (outcome != Outcome::Info).then(|| pos(&e)),
            invoke_line: invoke.line,
            completion_line: Some(e.line),
        });
    }
    // Invokes never answered are indeterminate (reads dropped).
    let mut open: Vec<Event> = slots
        .into_values()
        .filter_map(|s| match s {
            Slot::Pending(e) => Some(e),
            _ => None,
        })
        .collect();
    open.sort_by_key(|e| e.line);
    for invoke in open {
        match action(&invoke, None) {
            Some(action) if !invoke.fun.is_read() => ops.push(Op {
                process: invoke.process,
                key: invoke.key.clone().unwrap_or_default(),
                action,
                outcome: Outcome::Info,
                call: pos(&invoke),
                ret: None,
                invoke_line: invoke.line,
                completion_line: None,
            }),
            _ => dropped += 1,
        }
    }
    if cut > 0 {
        notices.push(Notice::OpsCut {
            kept: max_ops,
            cut_invokes: cut,
            from_line: first_cut,
        });
    }
    History::assemble(Some(format), ops, errors, notices, dropped)
}

/// The op's action from its invoke and, for an `:ok` read or get, the completion's value;
/// `None` for a read whose result is unknown.
fn action(invoke: &Event, result: Option<&Val>) -> Option<Action> {
    let int = |v: &Val| match v {
        Val::Int(i) => Some(Some(*i)),
        Val::Nil => Some(None),
        _ => None,
    };
    let string = |v: &Val| match v {
        Val::Str(s) => Some(s.clone()),
        Val::Nil => Some(String::new()),
        _ => None,
    };
    Some(match invoke.fun {
        Fun::Read => Action::Read(int(result?)?),
        Fun::Get => Action::Get(string(result?)?),
        Fun::Write => Action::Write(int(&invoke.value)?),
        Fun::Cas => match invoke.value {
            Val::Pair(a, b) => Action::Cas(a, b),
            _ => return None,
        },
        Fun::Put => Action::Put(string(&invoke.value)?),
        Fun::Append => Action::Append(string(&invoke.value)?),
    })
}
