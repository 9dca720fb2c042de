//! Which of the derived views the page shows, so which it computes: the full page shows every one; the
//! compact view (`embed=1`) only the part its link is about ([`Params::compact`]) and what its tour step's
//! caption reads.

use crate::params::tours::{CURVE_NAMES, HISTORY_NAMES, STALENESS_NAMES};
use crate::params::{Compact, Params};

/// The views computed beyond the counts (the ring, the experiment, the load and service numbers, which
/// every view shows or a caption reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wanted {
    /// The balance curve ("Why virtual nodes?").
    pub curve: bool,
    /// Every strategy compared.
    pub comparison: bool,
    /// The watched key's history and its verdicts.
    pub history: bool,
    /// The staleness model (PBS).
    pub staleness: bool,
    /// The real history checked ("Check a real history").
    pub check: bool,
}

impl Wanted {
    /// What the page shows for these inputs.
    pub fn of(p: &Params) -> Wanted {
        if !p.embed {
            return Wanted {
                curve: true,
                comparison: true,
                history: true,
                staleness: true,
                check: true,
            };
        }
        let compact = p.compact();
        let read = |names: &[&str]| p.tour.is_some_and(|at| at.step().reads(names));
        Wanted {
            curve: compact == Compact::Curve || read(&CURVE_NAMES),
            comparison: false,
            history: compact == Compact::History || read(&HISTORY_NAMES),
            staleness: compact == Compact::Staleness || read(&STALENESS_NAMES),
            check: compact == Compact::Check,
        }
    }

    /// True when either time view is wanted.
    pub fn time(self) -> bool {
        self.history || self.staleness
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(link: &str) -> Wanted {
        Wanted::of(&Params::from_fragment(link).0)
    }

    #[test]
    fn the_full_page_wants_every_view() {
        let all = wanted("nodes=db1,db2,db3");
        assert!(all.curve && all.comparison && all.history && all.staleness && all.check);
    }

    #[test]
    fn the_compact_view_wants_what_it_shows_and_its_caption_reads() {
        let w = |link| {
            let w = wanted(link);
            (w.curve, w.comparison, w.history, w.staleness)
        };
        let none = (false, false, false, false);
        assert_eq!(w("nodes=db1,db2,db3&remove=db2&embed=1"), none);
        assert_eq!(
            w("replicas=3&zipf=1.00&embed=1"),
            none,
            "the service numbers only"
        );
        assert_eq!(w("part=curve&embed=1"), (true, false, false, false));
        assert_eq!(w("replicas=3&lat=wan&embed=1"), (false, false, false, true));
        assert_eq!(w("replicas=3&seed=2&embed=1"), (false, false, true, false));
        assert_eq!(
            w("replicas=3&seed=2&part=staleness&embed=1"),
            (false, false, false, true)
        );
        // The tour: step 7 reads the curve; 8 shows the staleness model and reads the history's stale
        // reads; 10 shows the history; 6 and 11 read counts only.
        assert_eq!(w("tour=reddit&step=7&embed=1"), (true, false, false, false));
        assert_eq!(w("tour=reddit&step=8&embed=1"), (false, false, true, true));
        assert_eq!(
            w("tour=reddit&step=10&embed=1"),
            (false, false, true, false)
        );
        assert_eq!(w("tour=reddit&step=6&embed=1"), none);
        assert_eq!(w("tour=reddit&step=11&embed=1"), none);
    }
}
