//! Serving: key popularity (a chunk at a time), then one pass over the keys (a chunk at a time) for
//! failures, quorums, requests and the cache, from the preference lists in force. It fills the
//! [`Report`]'s [`Service`] and the rows' service columns.

use super::lists::Lists;
use super::placing::Placing;
use super::report::{HotKey, Report, Service};
use super::stores::Stores;
use crate::pace::Pace;
use crate::params::Params;
use crate::replication::{Load, MakingPopularity, Pass, Popularity, SERVING};

/// What key popularity depends on: the keys and Zipf s (in hundredths).
type PopularityInputs = (u32, u32);
/// What the service numbers depend on beyond the lists: placements generation, replicas, r, w, down
/// nodes, Zipf s, cache.
type ServiceInputs = (u64, u32, u32, u32, Vec<String>, u32, u32);

/// Key popularity, the pass over the keys, and what they were made for.
#[derive(Default)]
pub(super) struct Serving {
    /// Key popularity for (keys, Zipf s in hundredths).
    popularity: Option<(PopularityInputs, Popularity)>,
    /// Key popularity being made, a chunk per unit.
    making_popularity: Option<(PopularityInputs, MakingPopularity)>,
    /// The pass over the keys for the service numbers, a chunk per unit, for its inputs.
    pass: Option<(ServiceInputs, Pass)>,
    /// What the report's service numbers were computed from.
    service_for: Option<ServiceInputs>,
    /// Live replicas of each key in force (for the picture's unavailable keys); empty when none is down.
    live: Vec<u8>,
}

impl Serving {
    /// True when the popularity and the service numbers are those of the inputs and placements.
    pub fn current(&self, p: &Params, placing: &Placing) -> bool {
        self.popularity.as_ref().map(|(k, _)| *k) == Some(popularity_inputs(p))
            && self.service_for.as_ref() == Some(&service_inputs(p, placing))
    }

    /// A unit of serving: a part of the key popularity, or a part of the pass over the keys (the last
    /// part fills `report`'s service numbers; `names` are the nodes by id).
    pub fn advance(
        &mut self,
        p: &Params,
        (stores, placing, lists): (&Stores, &Placing, &Lists),
        names: &[String],
        report: &mut Report,
        pace: &mut Pace,
    ) {
        let popularity_for = popularity_inputs(p);
        if self.popularity.as_ref().map(|(k, _)| *k) != Some(popularity_for) {
            let mut making = match self.making_popularity.take() {
                Some((k, making)) if k == popularity_for => making,
                _ => Popularity::begin(popularity_for.0, p.zipf()),
            };
            match making.part(stores.keys.numbers(), pace) {
                Some(done) => self.popularity = Some((popularity_for, done)),
                None => self.making_popularity = Some((popularity_for, making)),
            }
            return;
        }
        self.serve(p, (stores, placing, lists), names, report, pace);
    }

    /// A part of the pass over the keys; the last one computes the service numbers from the preference
    /// lists: failures, quorums, requests and the cache.
    fn serve(
        &mut self,
        p: &Params,
        (stores, placing, lists): (&Stores, &Placing, &Lists),
        names: &[String],
        report: &mut Report,
        pace: &mut Pace,
    ) {
        let inputs = service_inputs(p, placing);
        let pass = match self.pass.take() {
            Some((i, pass)) if i == inputs => Some(pass),
            _ => None,
        };
        let down: Vec<bool> = names.iter().map(|n| p.fail.contains(n)).collect();
        let after_list = p.nodes_after();
        let present: Vec<bool> = names.iter().map(|n| after_list.contains(n)).collect();
        let before = lists.before(placing);
        let (in_force, r) = lists.after(placing).unwrap_or(before);
        let keys = &stores.keys;
        let load = Load {
            lists: in_force,
            r,
            numbers: keys.numbers(),
            down: &down,
            present: &present,
            popularity: &self.popularity.as_ref().expect("made in a unit before").1,
            cache: p.cache,
            // After a change, the copies it creates are counted on the way.
            before: lists.after(placing).map(|_| before),
        };
        let mut pass = pass.unwrap_or_else(|| Pass::new(&load));
        // A key's cost grows with its replicas.
        let (keys_done, size) = (pass.done(), pace.size_weighted(SERVING, r));
        let done = pass.run(&load, size);
        pace.did_weighted(SERVING, pass.done() - keys_done, r);
        if !done {
            self.pass = Some((inputs, pass));
            return;
        }
        let served = pass.finish(&load, p.read, p.write);
        let (copies_before, copies_after) = lists.copies();
        let (replicas, replicas_after) = lists.replicas();
        let changing = replicas_after.is_some();
        let requests = served.requests;
        let copies_moved = served.copies_created;
        let hottest = (p.zipf100 > 0 && !keys.is_empty()).then(|| {
            let hot = crate::ring::key_position(0);
            let positions = keys.positions();
            let at = positions.partition_point(|&q| q < hot);
            let k = (at..positions.len())
                .find(|&k| keys.numbers()[k] == 0)
                .unwrap_or(at);
            let replicas = in_force[k * r..(k + 1) * r].to_vec();
            let live = replicas
                .iter()
                .copied()
                .filter(|&n| !down[n as usize])
                .collect();
            HotKey {
                key: 0,
                share: requests.first_share,
                replicas,
                live,
            }
        });
        for (i, row) in report.rows.iter_mut().enumerate() {
            let was = i < p.nodes.len();
            row.copies = was.then(|| copies_before[i]);
            row.copies_after = copies_after
                .filter(|_| row.keys_after.is_some())
                .map(|c| c[i]);
            row.down = down[i];
            let here = if changing { present[i] } else { was };
            row.requests_ppm = here.then(|| requests.share_ppm[i]);
            row.requests_after_cache_ppm = here.then(|| requests.after_cache_ppm[i]);
        }
        let replicas_in_force = r as u32;
        report.service = Service {
            replicas: replicas as u32,
            replicas_after: replicas_after.map(|r| r as u32),
            copies_moved,
            replicas_in_force,
            read: p.read,
            write: p.write,
            overlapping: p.read + p.write > replicas_in_force,
            down: (0..names.len() as u32)
                .filter(|&i| down[i as usize])
                .collect(),
            availability: served.availability,
            requests,
            hottest,
        };
        self.live = served.live;
        self.service_for = Some(inputs);
    }

    /// Live replicas of each key in the system in force (key-position order): 0 is unavailable. Empty
    /// when no node is down.
    pub fn live(&self) -> &[u8] {
        &self.live
    }
}

/// What key popularity depends on, for the inputs.
fn popularity_inputs(p: &Params) -> PopularityInputs {
    (p.keys, p.zipf100)
}

/// What the service numbers depend on, for the inputs and placements.
fn service_inputs(p: &Params, placing: &Placing) -> ServiceInputs {
    (
        placing.generation(),
        p.replicas,
        p.read,
        p.write,
        p.fail.clone(),
        p.zipf100,
        p.cache,
    )
}
