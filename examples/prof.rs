use ring_playground::ring::{KeySet, VnodeCache};
use ring_playground::strategy::*;
use std::time::Instant;
fn main() {
    let names: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    let nodes: Vec<&str> = names.iter().map(String::as_str).collect();
    let t = Instant::now();
    let mut keys = KeySet::on_threads(1_000_000, 1);
    println!("hash 1M keys {:?}", t.elapsed());
    let t = Instant::now();
    keys.resize(990_000);
    println!("shrink {:?}", t.elapsed());
    let t = Instant::now();
    keys.resize(1_000_000);
    println!("grow {:?}", t.elapsed());
    let mut cache = VnodeCache::default();
    for s in ALL {
        let mut input = Input {
            keys: &keys,
            settings: Settings {
                vnodes: 1000,
                shards: 1000,
                c100: 125,
            },
            vnode_cache: &mut cache,
        };
        let _ = s.place(&mut input, &nodes);
        let t = Instant::now();
        let p = s.place(&mut input, &nodes);
        let a = t.elapsed();
        let t = Instant::now();
        let _ = s.change(&mut input, &nodes, Step::Remove(49), &p);
        let b = t.elapsed();
        let t = Instant::now();
        let _ = s.change(&mut input, &nodes, Step::Add("db101"), &p);
        println!(
            "{:11} place {:>9.1?} remove {:>9.1?} add {:>9.1?}",
            s.name(),
            a,
            b,
            t.elapsed()
        );
    }
}
