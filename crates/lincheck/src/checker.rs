//! Checking a whole history: one search per key, advanced in slices, and the report.

use crate::explain::{explain, Explanation};
use crate::history::{Format, History};
use crate::op::ModelKind;
use crate::search::{KeySearch, Progress, SearchOptions, Verdict};

/// The check of a history: its keys' searches, run one key at a time in key order.
pub struct Check {
    history: History,
    searches: Vec<KeySearch>,
    current: usize,
}

impl Check {
    /// A check of `history` with default [`SearchOptions`].
    pub fn new(history: History) -> Check {
        Check::with_options(history, SearchOptions::default())
    }

    /// A check of `history`.
    pub fn with_options(history: History, options: SearchOptions) -> Check {
        let searches = (0..history.keys().len())
            .map(|k| KeySearch::new(&history, k, options))
            .collect();
        let mut c = Check {
            history,
            searches,
            current: 0,
        };
        c.skip_done();
        c
    }

    /// The history being checked.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Every key's search, in key order (as [`History::keys`]).
    pub fn searches(&self) -> &[KeySearch] {
        &self.searches
    }

    /// The key being searched now (an index into [`Check::searches`]), `None` once all are done.
    pub fn current(&self) -> Option<usize> {
        (self.current < self.searches.len()).then_some(self.current)
    }

    /// Runs at most `max_steps` steps of the current key; `true` once every key is done.
    pub fn advance(&mut self, max_steps: u64) -> bool {
        if let Some(s) = self.searches.get_mut(self.current) {
            s.advance(max_steps);
        }
        self.skip_done();
        self.is_done()
    }

    /// Stops the current key (its budget is spent: its verdict is `unknown`) and moves on.
    pub fn stop_current(&mut self) {
        if let Some(s) = self.searches.get_mut(self.current) {
            s.stop();
        }
        self.skip_done();
    }

    /// Runs every key to its end, `slice` steps at a time, stopping a key when `over_budget`
    /// says so (it is asked after every slice).
    pub fn run(&mut self, slice: u64, mut over_budget: impl FnMut(&KeySearch) -> bool) {
        while !self.advance(slice) {
            if over_budget(&self.searches[self.current]) {
                self.stop_current();
            }
        }
    }

    /// Whether every key is done.
    pub fn is_done(&self) -> bool {
        self.current >= self.searches.len()
    }

    /// The history's verdict once every key is done.
    pub fn verdict(&self) -> Option<Verdict> {
        let vs: Option<Vec<Verdict>> = self.searches.iter().map(KeySearch::verdict).collect();
        self.is_done()
            .then(|| Verdict::combine(vs.unwrap_or_default()))
    }

    /// What the page shows; keys still running count as `unknown`.
    pub fn report(&self) -> Report {
        let mut places = vec![None; self.history.ops().len()];
        let keys: Vec<KeyReport> = self
            .searches
            .iter()
            .map(|s| {
                let verdict = s.verdict().unwrap_or(Verdict::Unknown);
                let explanation = (verdict == Verdict::Illegal)
                    .then(|| explain(&self.history, s))
                    .flatten();
                let linearization = match &explanation {
                    Some(e) => e.prefix.clone(),
                    None => s.linearization(),
                };
                for (at, &op) in linearization.iter().enumerate() {
                    places[op] = Some(at);
                }
                KeyReport {
                    key: s.key().to_string(),
                    model: s.model(),
                    verdict,
                    ops: s.ops().len(),
                    linearization,
                    progress: s.progress(),
                    explanation,
                }
            })
            .collect();
        Report {
            verdict: Verdict::combine(keys.iter().map(|k| k.verdict)),
            format: self.history.format(),
            ops: self.history.op_count(),
            illegal_keys: keys
                .iter()
                .filter(|k| k.verdict == Verdict::Illegal)
                .count(),
            skipped_lines: self.history.skipped_lines(),
            keys,
            places,
        }
    }

    fn skip_done(&mut self) {
        while self.current < self.searches.len() && self.searches[self.current].is_done() {
            self.current += 1;
        }
    }
}

/// The result of a check, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report {
    /// `data-verdict`: illegal if any key is, else unknown if any is, else ok.
    pub verdict: Verdict,
    /// `data-format`.
    pub format: Option<Format>,
    /// `data-ops`.
    pub ops: usize,
    /// One per key (`data-keys` is its length).
    pub keys: Vec<KeyReport>,
    /// `data-illegal-keys`.
    pub illegal_keys: usize,
    /// `data-skipped-lines`.
    pub skipped_lines: usize,
    /// Per op of the history: its place in its key's linearization (or longest linearizable
    /// prefix), counting from 0; `None` when not in it.
    pub places: Vec<Option<usize>>,
}

/// One key's result.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct KeyReport {
    /// `data-check-key`.
    pub key: String,
    /// Its model.
    pub model: ModelKind,
    /// Its verdict.
    pub verdict: Verdict,
    /// How many ops it has.
    pub ops: usize,
    /// The linearization (ok) or the longest linearizable prefix found (otherwise; for an illegal
    /// key, the explanation's), as indices into the history's ops.
    pub linearization: Vec<usize>,
    /// How far the search got.
    pub progress: Progress,
    /// For an illegal key: the first op that cannot be placed, and why.
    pub explanation: Option<Explanation>,
}

/// Parses and checks `text` to the end, with no time budget.
pub fn check(text: &str) -> Report {
    let mut c = Check::new(crate::parse::parse(text));
    while !c.advance(1 << 20) {}
    c.report()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    const TWO_KEYS: &str = r#"{:process 0, :type :invoke, :f :put, :key "a", :value "x"}
{:process 0, :type :ok, :f :put, :key "a", :value "x"}
{:process 1, :type :invoke, :f :get, :key "a", :value nil}
{:process 1, :type :ok, :f :get, :key "a", :value ""}
{:process 2, :type :invoke, :f :append, :key "b", :value "y"}
{:process 2, :type :ok, :f :append, :key "b", :value "y"}
"#;

    #[test]
    fn keys_run_one_at_a_time_in_key_order() {
        let mut c = Check::new(parse(TWO_KEYS));
        assert_eq!(c.searches().len(), 2);
        // Key "a" is decided at once (its put must precede the get of ""), so "b" is next.
        assert_eq!(c.searches()[0].verdict(), Some(Verdict::Illegal));
        assert_eq!(c.current(), Some(1));
        assert!(c.advance(1));
        assert_eq!(c.current(), None);
        assert_eq!(c.verdict(), Some(Verdict::Illegal));
        let r = c.report();
        assert_eq!(
            (r.ops, r.keys.len(), r.illegal_keys, r.skipped_lines),
            (3, 2, 1, 0)
        );
        assert_eq!(r.format, Some(Format::Edn));
        // Places: the put in key "a"'s prefix, the append in key "b"'s linearization.
        assert_eq!(r.places, vec![Some(0), None, Some(0)]);
    }

    #[test]
    fn a_stopped_key_is_unknown_and_the_rest_go_on() {
        let text =
            "INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 1 :invoke :read nil\n\
                    INFO jepsen.util - 0 :ok :write 1\nINFO jepsen.util - 1 :ok :read 1\n";
        let mut c = Check::new(parse(text));
        assert_eq!(c.current(), Some(0));
        c.stop_current();
        assert!(c.is_done());
        let r = c.report();
        assert_eq!(r.verdict, Verdict::Unknown);
        assert_eq!(r.keys[0].verdict, Verdict::Unknown);
        assert!(r.keys[0].explanation.is_none());
        // `run` asks after every slice; a budget always spent leaves the key unknown.
        let text = "INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 1 :invoke :write 2\n\
                    INFO jepsen.util - 0 :ok :write 1\nINFO jepsen.util - 2 :invoke :read nil\n\
                    INFO jepsen.util - 1 :ok :write 2\nINFO jepsen.util - 2 :ok :read 1\n";
        let mut c = Check::new(parse(text));
        c.run(1, |_| true);
        assert_eq!(c.verdict(), Some(Verdict::Unknown));
        let mut asked = 0;
        let mut c = Check::new(parse(text));
        c.run(1, |_| {
            asked += 1;
            false
        });
        assert_eq!(c.verdict(), Some(Verdict::Ok));
        assert!(asked >= 1);
    }

    #[test]
    fn an_empty_history_is_ok() {
        let r = check("");
        assert_eq!(
            (r.verdict, r.ops, r.keys.len(), r.format),
            (Verdict::Ok, 0, 0, None)
        );
    }
}
