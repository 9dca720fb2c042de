//! `shards`: Reddit 2013's "1000 virtual shards → 16 physical". `shard(key) = P(key) mod S` (S = 1000 by
//! default); shard `s` starts on node `s mod N`. Keys never change shard; whole shards move between nodes:
//! * removing `X`: X's shards, in ascending shard order, each go to the remaining node holding the fewest
//!   shards at that moment (ties: the earliest in the list);
//! * adding `Y`: `⌊S/(N+1)⌋` times, the highest-numbered shard of the node holding the most shards (ties:
//!   the earliest in the list) goes to `Y`.

use super::{
    placing, table, whole, Input, KeyRef, KeysBy, Making, Modulus, Picture, Placed, Step, Strategy,
    Table, Uses,
};

/// Virtual shards mapped onto nodes.
pub struct Shards;

/// The initial map of `s` shards on `n` nodes: shard `s` on node `s mod n`.
fn initial(s: u32, n: usize) -> Vec<u32> {
    (0..s).map(|shard| shard % n as u32).collect()
}

/// The map after a change of a list of `n` nodes.
fn changed(mut map: Vec<u32>, n: usize, step: Step) -> Vec<u32> {
    let mut held = vec![0u32; n + 1];
    for &node in &map {
        held[node as usize] += 1;
    }
    match step {
        Step::Remove(x) => {
            for owner in map.iter_mut() {
                if *owner as usize == x {
                    // The first of the fewest: min_by_key keeps the earliest of equal keys.
                    let to = (0..n)
                        .filter(|&i| i != x)
                        .min_by_key(|&i| held[i])
                        .expect("another node remains");
                    *owner = to as u32;
                    held[to] += 1;
                    held[x] -= 1;
                }
            }
            // Renumber: the nodes after X move down one.
            for node in &mut map {
                if *node as usize > x {
                    *node -= 1;
                }
            }
        }
        Step::Add(_) => {
            // Shards of each node, ascending, so the highest-numbered is the last.
            let mut by_node: Vec<Vec<u32>> = vec![Vec::new(); n + 1];
            for (shard, &node) in map.iter().enumerate() {
                by_node[node as usize].push(shard as u32);
            }
            for _ in 0..map.len() as u32 / (n as u32 + 1) {
                // The first of the most: max_by_key keeps the last of equal keys, so compare reversed index.
                let from = (0..=n)
                    .max_by_key(|&i| (by_node[i].len(), std::cmp::Reverse(i)))
                    .expect("nodes");
                let shard = by_node[from].pop().expect("the fullest node has a shard");
                map[shard as usize] = n as u32;
                let to = &mut by_node[n];
                let at = to.partition_point(|&s| s < shard);
                to.insert(at, shard);
            }
        }
    }
    map
}

/// The keys placed on the shard map `map`.
fn place(map: Vec<u32>) -> Box<dyn Making> {
    let made = ShardTable {
        modulus: Modulus::new(map.len() as u64),
        map,
    };
    Box::new(KeysBy::new(
        made,
        placing(&Shards),
        |t, keys, owners| {
            let (map, modulus) = (&t.map[..], t.modulus);
            owners.extend(keys.positions.iter().map(|&p| map[modulus.of(p) as usize]))
        },
        table,
    ))
}

impl Strategy for Shards {
    fn name(&self) -> &'static str {
        "shards"
    }
    fn title(&self) -> &'static str {
        "Virtual shards"
    }
    fn caption(&self) -> &'static str {
        "A change moves whole shards, about the minimum and fairly even; the price is a shard map that \
         must be stored, kept consistent everywhere and rebalanced by hand: operational complexity."
    }
    fn uses(&self) -> Uses {
        Uses {
            shards: true,
            ..Uses::default()
        }
    }
    fn begin(&self, input: &mut Input, nodes: &[&str]) -> Box<dyn Making> {
        place(initial(input.settings.shards, nodes.len()))
    }
    fn pointwise(&self) -> bool {
        false
    }
    fn change(&self, input: &mut Input, nodes: &[&str], step: Step, _before: &Placed) -> Placed {
        let map = initial(input.settings.shards, nodes.len());
        whole(place(changed(map, nodes.len(), step)), input)
    }
    fn begin_change(
        &self,
        input: &mut Input,
        nodes: &[&str],
        step: Step,
        _before: &std::rc::Rc<Placed>,
    ) -> Box<dyn Making> {
        let map = initial(input.settings.shards, nodes.len());
        place(changed(map, nodes.len(), step))
    }
}

/// The shard map: shard → node index.
pub struct ShardTable {
    map: Vec<u32>,
    modulus: Modulus,
}

impl Table for ShardTable {
    fn lookup(&self, key: KeyRef) -> u32 {
        self.map[self.modulus.of(key.position) as usize]
    }
    fn bytes(&self) -> usize {
        self.map.len() * size_of::<u32>()
    }
    fn picture(&self) -> Picture<'_> {
        Picture::Cells {
            owners: &self.map,
            noun: "shard",
        }
    }
}
