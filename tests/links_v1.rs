//! Links that last: every link in `fixtures/links-v1.txt` (written by version 1 of the page, or by the first
//! version without `v=`) opens the same experiment, with the counts the seed's code and the spec give.

use ring_playground::app::App;
use std::collections::BTreeMap;

/// `name:keys,...` as a map.
fn counts(text: &str) -> BTreeMap<String, u64> {
    text.split(',')
        .map(|pair| {
            let (name, keys) = pair.split_once(':').expect("name:keys");
            (name.to_owned(), keys.parse().expect("a count"))
        })
        .collect()
}

#[test]
fn every_v1_link_opens_the_same_experiment() {
    let text = include_str!("fixtures/links-v1.txt");
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut fields = line.split('\t');
        let link = fields.next().expect("a link");
        let app = App::from_fragment(link);
        assert!(app.notices().is_empty(), "{link}: {:?}", app.notices());
        // The page writes it back as version 1, otherwise unchanged.
        let written = app.params().to_fragment();
        assert_eq!(
            written.trim_start_matches("v=1&"),
            link.trim_start_matches("v=1&")
        );
        assert!(written.starts_with("v=1&"), "{written}");
        let report = app.report();
        for expect in fields {
            let (what, value) = expect.split_once('=').expect("what=value");
            match what {
                "moved" => assert_eq!(
                    report.movement.as_ref().expect("a change").moved,
                    value.parse::<u64>().unwrap(),
                    "{link}"
                ),
                // Per node: keys before and after the change; with replication (`replication.md`'s worked
                // examples) copies and request shares. Then replication's totals.
                "before"
                | "after"
                | "copies"
                | "copies_after"
                | "requests"
                | "requests_after_cache" => {
                    let got: BTreeMap<String, u64> = report
                        .rows
                        .iter()
                        .filter_map(|r| {
                            let x = match what {
                                "before" => r.keys,
                                "after" => r.keys_after,
                                "copies" => r.copies,
                                "copies_after" => r.copies_after,
                                "requests" => r.requests_ppm,
                                _ => r.requests_after_cache_ppm,
                            };
                            x.map(|x| (r.name.clone(), x))
                        })
                        .collect();
                    assert_eq!(got, counts(value), "{link}: {what}");
                }
                "copies_moved" | "unavailable" | "unreadable" | "unwritable" | "hit_ratio" => {
                    let s = &report.service;
                    let got = match what {
                        "copies_moved" => s.copies_moved.expect("a change"),
                        "unavailable" => s.availability.unavailable,
                        "unreadable" => s.availability.unreadable,
                        "unwritable" => s.availability.unwritable,
                        _ => s.requests.hit_ratio_ppm,
                    };
                    assert_eq!(got, value.parse::<u64>().unwrap(), "{link}: {what}");
                }
                other => panic!("unknown expectation {other}"),
            }
        }
        checked += 1;
    }
    // Exactly the corpus: a lost link fails here.
    assert_eq!(checked, 24, "the corpus has 24 links, read {checked}");
}
