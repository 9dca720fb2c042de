//! The register and key-value models' rules (spec section 4), on plain values.
//!
//! The search runs these same rules on interned values (`search::compact`); this plain form is the
//! reference for explanations, for replaying a linearization and for tests.

use std::fmt;

use crate::op::{quote, reg, Action, ModelKind, Op, Outcome, Reg};

/// A model's state: one register value, or one key's string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum State {
    /// A register's value (`None` = `nil`).
    Reg(Reg),
    /// A key-value key's string.
    Str(String),
}

impl State {
    /// The initial state: `nil` for a register, `""` for a key.
    pub fn initial(model: ModelKind) -> State {
        match model {
            ModelKind::Register => State::Reg(None),
            ModelKind::KeyValue => State::Str(String::new()),
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            State::Reg(v) => f.write_str(&reg(*v)),
            State::Str(s) => f.write_str(&quote(s)),
        }
    }
}

/// The state after `op` runs at `state`, or `None` when `op` is not legal there.
///
/// Register: read(v) needs state = v; write(v) sets v; an `:ok` cas(A, B) needs A and sets B; a
/// failed cas needs a state other than A and changes nothing; an indeterminate cas sets B if the
/// state is A and otherwise changes nothing. Key-value: get(v) needs state = v; put sets; append
/// concatenates. An op of the other model is never legal.
pub fn apply(state: &State, op: &Op) -> Option<State> {
    match (state, &op.action) {
        (State::Reg(s), Action::Read(v)) => (s == v).then(|| state.clone()),
        (State::Reg(_), Action::Write(v)) => Some(State::Reg(*v)),
        (State::Reg(s), Action::Cas(a, b)) => match op.outcome {
            Outcome::Ok => (s == a).then_some(State::Reg(*b)),
            Outcome::Failed => (s != a).then(|| state.clone()),
            Outcome::Info => Some(State::Reg(if s == a { *b } else { *s })),
        },
        (State::Str(s), Action::Get(v)) => (s == v).then(|| state.clone()),
        (State::Str(_), Action::Put(v)) => Some(State::Str(v.clone())),
        (State::Str(s), Action::Append(v)) => Some(State::Str(format!("{s}{v}"))),
        _ => None,
    }
}

/// Whether `op` never changes any state (a read, a get, a failed cas).
pub fn is_observer(op: &Op) -> bool {
    op.fun().is_read() || (matches!(op.action, Action::Cas(..)) && op.outcome == Outcome::Failed)
}

/// Whether `op` could leave the state equal to `value` (the last op before a read of `value`).
pub fn can_produce(op: &Op, value: &State) -> bool {
    match (&op.action, value) {
        (Action::Write(v), State::Reg(w)) => v == w,
        (Action::Cas(_, b), State::Reg(w)) => op.outcome != Outcome::Failed && b == w,
        (Action::Put(v), State::Str(w)) => v == w,
        (Action::Append(t), State::Str(w)) => !t.is_empty() && w.ends_with(t.as_str()),
        _ => false,
    }
}

/// What a read-like op needs the state to be, if it needs one value (read, get, `:ok` cas).
pub fn needs(op: &Op) -> Option<State> {
    match (&op.action, op.outcome) {
        (Action::Read(v), _) => Some(State::Reg(*v)),
        (Action::Cas(a, _), Outcome::Ok) => Some(State::Reg(*a)),
        (Action::Get(v), _) => Some(State::Str(v.clone())),
        _ => None,
    }
}

/// Replays `order` (indices into `ops`) from the initial state: the state after each op, or the
/// position of the first op that is not legal where it stands.
pub fn replay(model: ModelKind, ops: &[Op], order: &[usize]) -> Result<Vec<State>, usize> {
    let mut state = State::initial(model);
    let mut states = Vec::with_capacity(order.len());
    for (at, &i) in order.iter().enumerate() {
        state = apply(&state, &ops[i]).ok_or(at)?;
        states.push(state.clone());
    }
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(action: Action, outcome: Outcome) -> Op {
        Op::new(0, action, 1, Some(2), 1).with_outcome(outcome)
    }

    #[test]
    fn register_rules() {
        let nil = State::Reg(None);
        let three = State::Reg(Some(3));
        assert_eq!(
            apply(&nil, &op(Action::Read(None), Outcome::Ok)),
            Some(nil.clone())
        );
        assert_eq!(apply(&nil, &op(Action::Read(Some(3)), Outcome::Ok)), None);
        assert_eq!(
            apply(&nil, &op(Action::Write(Some(3)), Outcome::Ok)),
            Some(three.clone())
        );
        let cas = |o| op(Action::Cas(Some(3), Some(4)), o);
        assert_eq!(apply(&three, &cas(Outcome::Ok)), Some(State::Reg(Some(4))));
        assert_eq!(apply(&nil, &cas(Outcome::Ok)), None);
        assert_eq!(apply(&three, &cas(Outcome::Failed)), None);
        assert_eq!(apply(&nil, &cas(Outcome::Failed)), Some(nil.clone()));
        assert_eq!(
            apply(&three, &cas(Outcome::Info)),
            Some(State::Reg(Some(4)))
        );
        assert_eq!(apply(&nil, &cas(Outcome::Info)), Some(nil));
    }

    #[test]
    fn key_value_rules() {
        let empty = State::Str(String::new());
        let ab = State::Str("ab".into());
        assert_eq!(
            apply(&empty, &op(Action::Get(String::new()), Outcome::Ok)),
            Some(empty.clone())
        );
        assert_eq!(
            apply(&empty, &op(Action::Put("ab".into()), Outcome::Ok)),
            Some(ab.clone())
        );
        let abc = apply(&ab, &op(Action::Append("c".into()), Outcome::Ok));
        assert_eq!(abc, Some(State::Str("abc".into())));
        assert_eq!(apply(&ab, &op(Action::Get("a".into()), Outcome::Ok)), None);
        assert_eq!(apply(&ab, &op(Action::Read(None), Outcome::Ok)), None);
    }

    #[test]
    fn producers_and_needs() {
        let w = op(Action::Append("yz".into()), Outcome::Ok);
        assert!(can_produce(&w, &State::Str("xyz".into())));
        assert!(!can_produce(&w, &State::Str("xy".into())));
        let failed = op(Action::Cas(Some(1), Some(2)), Outcome::Failed);
        assert!(!can_produce(&failed, &State::Reg(Some(2))));
        assert!(is_observer(&failed));
        assert_eq!(
            needs(&op(Action::Cas(Some(1), Some(2)), Outcome::Ok)),
            Some(State::Reg(Some(1)))
        );
        assert_eq!(needs(&failed), None);
    }
}
