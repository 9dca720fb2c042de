//! Tours: a course's journey as a sequence of steps, each a whole experiment (a link) with a caption
//! whose numbers the page computes. A tour is data, one text file per tour in `src/params/tours/` listed
//! in [`SOURCES`]; docs/course-authors.md, "Writing a tour", says how to write one.
//!
//! The format, line by line (blank lines and lines starting with `#` are skipped):
//!
//! ```text
//! tour reddit                       the tour's id in links (tour=reddit)
//! title Reddit, 2010 → 2015         its name on the tour bar
//!
//! step 2012: user_id % 16           a step begins: its title
//! part ring                         the part of the page it is about: ring, curve, service, time,
//!                                   staleness, history or compare
//! link v=1&nodes=db1,db2&…          its experiment: a link, exactly as the page writes it
//! boxes users | posts | comments    optional: a small drawing of labelled boxes, for a step the
//!                                   playground has no experiment for
//! caption Adding db17 moves {moved} keys …
//!   a line starting with spaces continues the caption
//! ```
//!
//! The caption's `{name}` and `{name:argument}` are numbers the page computes for the step (the list is
//! in [`crate::tour`]).

use std::sync::OnceLock;

/// Every tour's text, by file: a new tour is a new file and one line here.
pub const SOURCES: [&str; 1] = [include_str!("tours/reddit.tour")];

/// A tour: its id in links, its title and its steps (at least one).
#[derive(Debug, PartialEq, Eq)]
pub struct Tour {
    pub id: &'static str,
    pub title: &'static str,
    pub steps: Vec<Step>,
}

/// One step: its title, the part of the page it is about, its experiment, its caption's template, and
/// an optional drawing of labelled boxes.
#[derive(Debug, PartialEq, Eq)]
pub struct Step {
    pub title: &'static str,
    pub part: Part,
    pub link: &'static str,
    pub caption: String,
    pub boxes: Vec<&'static str>,
}

/// The parts of the page a step can be about (each a section of the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Partitioning: the ring, the experiment, the load table.
    Ring,
    /// The balance curve (why virtual nodes).
    Curve,
    /// Replicas, failures, hot keys and the cache.
    Service,
    /// Time and consistency, from its top.
    Time,
    /// Time and consistency: how stale, how long (PBS).
    Staleness,
    /// Time and consistency: a history and its verdicts.
    History,
    /// Every strategy compared.
    Compare,
    /// A real history, pasted and checked for linearizability.
    Check,
}

impl Part {
    pub const ALL: [Part; 8] = [
        Part::Ring,
        Part::Curve,
        Part::Service,
        Part::Time,
        Part::Staleness,
        Part::History,
        Part::Compare,
        Part::Check,
    ];

    /// The part of this name.
    pub fn by_name(name: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Its name in a tour file and in links (`part=`).
    pub fn name(self) -> &'static str {
        match self {
            Part::Ring => "ring",
            Part::Curve => "curve",
            Part::Service => "service",
            Part::Time => "time",
            Part::Staleness => "staleness",
            Part::History => "history",
            Part::Compare => "compare",
            Part::Check => "check",
        }
    }
}

/// Caption names read off the balance curve, the staleness model and the history ([`crate::tour`]'s
/// names): a compact view computes such a view when its caption reads one of them
/// ([`crate::app::Wanted`]).
pub const CURVE_NAMES: [&str; 1] = ["spread"];
pub const STALENESS_NAMES: [&str; 4] = ["fresh0", "t999", "read999", "write999"];
pub const HISTORY_NAMES: [&str; 5] = ["stale", "reads", "ops", "failed", "verdict"];

impl Step {
    /// The names its caption reads (`{name}` or `{name:argument}`), in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.caption
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}'))
            .map(|(inner, _)| inner.split_once(':').map_or(inner, |(name, _)| name))
    }

    /// Whether its caption reads any of these names.
    pub fn reads(&self, names: &[&str]) -> bool {
        self.names().any(|n| names.contains(&n))
    }
}

/// Every tour, read once.
pub fn tours() -> &'static [Tour] {
    static TOURS: OnceLock<Vec<Tour>> = OnceLock::new();
    TOURS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|text| parse(text).unwrap_or_else(|e| panic!("a tour file: {e}")))
            .collect()
    })
}

/// The tour with this id.
pub fn by_id(id: &str) -> Option<&'static Tour> {
    tours().iter().find(|t| t.id == id)
}

impl Tour {
    /// Step `n`, counted from 1.
    pub fn step(&self, n: u32) -> Option<&Step> {
        (n as usize).checked_sub(1).and_then(|i| self.steps.get(i))
    }

    /// The number of steps.
    pub fn len(&self) -> u32 {
        self.steps.len() as u32
    }

    /// False: a tour has at least one step.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Reads a tour file; the error names the line.
pub fn parse(text: &'static str) -> Result<Tour, String> {
    let (mut id, mut title) = (None, None);
    let mut steps: Vec<Step> = Vec::new();
    let mut in_caption = false;
    for (i, line) in text.lines().enumerate() {
        let at = |what: &str| format!("line {}: {what}", i + 1);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            in_caption = false;
            continue;
        }
        if line.starts_with(' ') {
            let step = steps.last_mut().filter(|_| in_caption);
            let step = step.ok_or_else(|| at("a continued line outside a caption"))?;
            step.caption.push(' ');
            step.caption.push_str(line.trim());
            continue;
        }
        in_caption = false;
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        let value = value.trim();
        if value.is_empty() {
            return Err(at(&format!("“{key}” has no value")));
        }
        let step = steps.last_mut();
        match (key, step) {
            ("tour", _) if id.is_none() => id = Some(value),
            ("title", _) if title.is_none() => title = Some(value),
            ("step", _) => steps.push(Step {
                title: value,
                part: Part::Ring,
                link: "",
                caption: String::new(),
                boxes: Vec::new(),
            }),
            ("part", Some(step)) => {
                step.part =
                    Part::by_name(value).ok_or_else(|| at(&format!("unknown part “{value}”")))?;
            }
            ("link", Some(step)) if step.link.is_empty() => step.link = value,
            ("boxes", Some(step)) if step.boxes.is_empty() => {
                step.boxes = value.split('|').map(str::trim).collect();
            }
            ("caption", Some(step)) if step.caption.is_empty() => {
                step.caption = value.to_owned();
                in_caption = true;
            }
            _ => return Err(at(&format!("unexpected “{key}”"))),
        }
    }
    let id = id.ok_or("no “tour” line")?;
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Err(format!(
            "the tour's id “{id}” is not lowercase letters and digits"
        ));
    }
    if steps.is_empty() {
        return Err("no steps".into());
    }
    if let Some(n) = steps
        .iter()
        .position(|s| s.link.is_empty() || s.caption.is_empty())
    {
        return Err(format!("step {} has no link or no caption", n + 1));
    }
    Ok(Tour {
        id,
        title: title.ok_or("no “title” line")?,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Params, TourAt};

    #[test]
    fn a_caption_names_what_it_reads() {
        let reddit = by_id("reddit").unwrap();
        let step = |n| reddit.step(n).unwrap();
        assert_eq!(
            step(7).names().collect::<Vec<_>>(),
            ["spread", "spread"],
            "{{spread:1}} and {{spread:150}}"
        );
        assert!(step(7).reads(&CURVE_NAMES) && !step(7).reads(&STALENESS_NAMES));
        assert!(step(8).reads(&STALENESS_NAMES) && step(8).reads(&HISTORY_NAMES));
        assert!(step(10).reads(&HISTORY_NAMES) && !step(10).reads(&STALENESS_NAMES));
        for n in [1, 3, 6, 11] {
            let s = step(n);
            assert!(
                !s.reads(&CURVE_NAMES) && !s.reads(&STALENESS_NAMES) && !s.reads(&HISTORY_NAMES),
                "step {n} reads only the counts"
            );
        }
    }

    #[test]
    fn a_tour_file_reads_as_written() {
        // A tour has at least one step (parse refuses one without).
        assert!(!parse("tour t\ntitle T\nstep S\nlink x\ncaption c\n")
            .unwrap()
            .is_empty());
        let tour = parse(
            "# a comment\ntour t1\ntitle A tour\n\nstep One\nlink v=1&nodes=a\ncaption Say {keys}\n  \
             and more.\n\nstep Two\npart history\nboxes a | b\nlink v=1&nodes=b\ncaption Two.\n",
        )
        .unwrap();
        assert_eq!(tour.id, "t1");
        assert_eq!(tour.title, "A tour");
        assert_eq!(tour.len(), 2);
        assert_eq!(tour.step(1).unwrap().caption, "Say {keys} and more.");
        assert_eq!(tour.step(1).unwrap().part, Part::Ring);
        assert_eq!(tour.step(2).unwrap().part, Part::History);
        assert_eq!(tour.step(2).unwrap().boxes, ["a", "b"]);
        assert!(tour.step(0).is_none() && tour.step(3).is_none());
    }

    #[test]
    fn a_broken_tour_file_names_its_line() {
        for (text, error) in [
            ("title T\nstep S\nlink x\ncaption c\n", "no “tour” line"),
            ("tour t\ntitle T\n", "no steps"),
            (
                "tour t\ntitle T\nstep S\ncaption c\n",
                "step 1 has no link or no caption",
            ),
            (
                "tour t\ntitle T\nstep S\npart kitchen\n",
                "line 4: unknown part “kitchen”",
            ),
            (
                "tour t\ntitle T\n  more\n",
                "line 3: a continued line outside a caption",
            ),
            ("tour t\ntitle T\nlink x\n", "line 3: unexpected “link”"),
            (
                "tour T\ntitle T\nstep S\nlink x\ncaption c\n",
                "the tour's id “T” is not lowercase letters and digits",
            ),
            ("tour t\ntitle\n", "line 2: “title” has no value"),
            // Each line once: a second one is an error, not a silent replacement.
            ("tour t\ntour u\n", "line 2: unexpected “tour”"),
            ("tour t\ntitle T\ntitle U\n", "line 3: unexpected “title”"),
            (
                "tour t\ntitle T\nstep S\nlink x\nlink y\n",
                "line 5: unexpected “link”",
            ),
            (
                "tour t\ntitle T\nstep S\nboxes a|b\nboxes c\n",
                "line 5: unexpected “boxes”",
            ),
            (
                "tour t\ntitle T\nstep S\ncaption c\ncaption d\n",
                "line 5: unexpected “caption”",
            ),
        ] {
            assert_eq!(parse(text).unwrap_err(), error, "{text}");
        }
    }

    #[test]
    fn every_step_is_an_exact_link() {
        for tour in tours() {
            for (i, step) in tour.steps.iter().enumerate() {
                let (p, notices) = Params::from_fragment(step.link);
                assert!(
                    notices.is_empty(),
                    "{} step {}: {notices:?}",
                    tour.id,
                    i + 1
                );
                assert_eq!(p.to_fragment(), step.link, "{} step {}", tour.id, i + 1);
            }
        }
    }

    #[test]
    fn a_tour_link_opens_its_step_and_keeps_what_the_student_changed() {
        let reddit = by_id("reddit").unwrap();
        let (p, notices) = Params::from_fragment("v=1&tour=reddit&step=4");
        assert!(notices.is_empty(), "{notices:?}");
        let at = TourAt {
            tour: "reddit",
            step: 4,
        };
        assert_eq!(p.tour, Some(at));
        assert_eq!(p.strategy, "modn");
        assert!(p.same_experiment(&Params::from_fragment(reddit.step(4).unwrap().link).0));
        assert_eq!(p.to_fragment(), "v=1&tour=reddit&step=4");
        // Embedded, and without a step: step 1.
        let (p, _) = Params::from_fragment("tour=reddit&embed=1");
        assert_eq!((p.tour.unwrap().step, p.embed), (1, true));
        assert_eq!(p.to_fragment(), "v=1&tour=reddit&step=1&embed=1");
        // A step changed by the student: the whole experiment, then the tour.
        let changed = Params {
            vnodes: 10,
            ..Params::from_fragment("tour=reddit&step=6").0
        };
        let link = changed.to_fragment();
        assert_eq!(
            link,
            "v=1&nodes=db1,db2,db3&vnodes=10&keys=10000&remove=db2&tour=reddit&step=6"
        );
        assert_eq!(Params::from_fragment(&link), (changed, vec![]));
    }

    #[test]
    fn unknown_tours_and_steps_are_defaulted_with_a_notice() {
        let said = |link: &str| {
            let (p, notices) = Params::from_fragment(link);
            (
                p.tour.map(|t| t.step),
                notices.into_iter().map(|n| n.0).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            said("tour=<b>x</b>&step=2"),
            (
                None,
                vec!["Unknown tour “<b>x</b>”: showed the experiment without it. The tours are reddit.".into()]
            )
        );
        for step in ["0", "12", "-1", "two", ""] {
            assert_eq!(
                said(&format!("tour=reddit&step={step}")),
                (
                    Some(1),
                    vec![format!(
                        "The tour reddit has steps 1 to 11, not “{step}”: opened step 1."
                    )]
                ),
                "{step}"
            );
        }
        assert_eq!(
            said("step=3"),
            (
                None,
                vec!["“step” belongs to a tour (tour=reddit&step=1): ignored it.".into()]
            )
        );
    }

    #[test]
    fn a_link_opens_at_a_part_of_the_page() {
        let (p, notices) = Params::from_fragment("nodes=a,b&part=time");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(p.part, Some(Part::Time));
        assert_eq!(
            p.to_fragment(),
            "v=1&nodes=a,b&vnodes=150&keys=10000&part=time"
        );
        // A part is not the experiment: a tour's step with a part is still the step, written short.
        let (p, _) = Params::from_fragment("tour=reddit&step=4&part=history");
        assert_eq!((p.part, p.strategy), (Some(Part::History), "modn"));
        assert_eq!(p.to_fragment(), "v=1&part=history&tour=reddit&step=4");
        let (p, notices) = Params::from_fragment("nodes=a,b&part=<i>kitchen</i>");
        assert_eq!(p.part, None);
        assert_eq!(
            notices[0].0,
            "Unknown part of the page “<i>kitchen</i>”: opened at the top. The parts are ring, curve, \
             service, time, staleness, history, compare, check."
        );
    }

    #[test]
    fn every_tour_file_reads_and_ids_are_unique() {
        let ids: Vec<&str> = tours().iter().map(|t| t.id).collect();
        assert_eq!(ids, ["reddit"]);
        assert_eq!(by_id("reddit").unwrap().len(), 11);
        assert!(by_id("nope").is_none());
    }
}
