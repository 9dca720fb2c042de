//! Workload W(N, V, K): N nodes × V virtual nodes, keys user_0..user_{K-1}; assign every key, remove node
//! db{N/2}, reassign, count the keys whose owner changed. The same workload as
//! `../shared/peers/seed_workload.py`, which runs it on the seed's Python; `.ci/bench` runs both.

use ring_playground::ring::{KeySet, VnodeCache};
use ring_playground::strategy::{by_name, Input, ListsChange, Placed, Settings, Step, Weights};

fn main() {
    divan::main();
}

/// The whole workload, from nothing: hash the keys, build both rings, merge, diff. Key hashing uses
/// `threads` threads (the browser always uses one).
fn workload(n: usize, v: u32, k: u32, threads: u32) -> u64 {
    let names: Vec<String> = (1..=n).map(|i| format!("db{i}")).collect();
    let nodes: Vec<&str> = names.iter().map(String::as_str).collect();
    let keys = KeySet::on_threads(k, threads);
    // Virtual-node positions are hashed once and reused by the second ring, as the page does.
    let mut cache = VnodeCache::default();
    let before = cache.ring(&nodes, v).assign(keys.positions());
    let removed = format!("db{}", n / 2);
    let rest: Vec<&str> = nodes.iter().copied().filter(|x| *x != removed).collect();
    // Owners are node ids: map the smaller ring's ids back to the full list's ids to compare.
    let ids: Vec<u32> = (0..n as u32)
        .filter(|&i| nodes[i as usize] != removed)
        .collect();
    let mut after_ring = cache.ring(&rest, v);
    after_ring.relabel(&ids);
    let after = after_ring.assign(keys.positions());
    before.iter().zip(&after).filter(|(a, b)| a != b).count() as u64
}

/// W(100, 1000, 1M), keys hashed on every core.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn w_100_1000_1m() -> u64 {
    let moved = workload(
        100,
        1000,
        1_000_000,
        ring_playground::ring::default_threads(),
    );
    assert_eq!(moved, 10321, "the seed's own count for W(100,1000,1M)");
    moved
}

/// W(100, 1000, 1M) on one thread, as in the browser.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn w_100_1000_1m_one_thread() -> u64 {
    let moved = workload(100, 1000, 1_000_000, 1);
    assert_eq!(moved, 10321, "the seed's own count for W(100,1000,1M)");
    moved
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn w_3_150_10k() -> u64 {
    let moved = workload(3, 150, 10_000, 1);
    assert_eq!(moved, 3678, "the seed's own count for W(3,150,10000)");
    moved
}

/// The app at 100 nodes (db1..db100) × 1000 virtual nodes × 1M keys with db50 removed, plus `extra`
/// settings (`&replicas=3`, …).
fn app_100_nodes_1m_keys(extra: &str) -> ring_playground::app::App {
    let nodes: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    ring_playground::app::App::from_fragment(&format!(
        "nodes={}&vnodes=1000&keys=1000000{extra}&remove=db50",
        nodes.join(",")
    ))
}

/// Steps the "Virtual nodes" slider of `app` once per iteration, through 20 values (more than the app keeps
/// placements for, so each one is computed).
fn drag_vnodes(bencher: divan::Bencher, mut app: ring_playground::app::App) {
    let mut step = 0u32;
    bencher.bench_local(|| {
        step += 1;
        app.update(ring_playground::app::Msg::SetVnodes(
            1000 - 10 * (step % 20),
        ))
    });
}

/// One slider step at the largest configuration (100 nodes, 1M keys, a node removed): what dragging the
/// "Virtual nodes" slider costs per frame, before drawing. The steps cycle through 20 values, more than
/// the app keeps placements for, so each one is computed.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn drag_vnodes_step_100_nodes_1m_keys(bencher: divan::Bencher) {
    drag_vnodes(bencher, app_100_nodes_1m_keys(""));
}

/// The picture's geometry for the same configuration (bins of 1M keys, arcs, 100k ticks).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn scene_100_nodes_1m_keys(bencher: divan::Bencher) {
    use ring_playground::layout::Scene;
    let app = app_100_nodes_1m_keys("");
    bencher.bench_local(|| Scene::of(&app));
}

/// W(100, 1000, 1M) for each strategy, on one thread, from nothing: hash the keys, place them on db1..db100,
/// remove db50 (the strategy's own change), count the keys whose owner's name changed. The same job as
/// the Python peers in `benches/peers/python_peers.py` (uhashring for ketama, jump-consistent-hash).
#[divan::bench(
    sample_count = 3,
    sample_size = 1,
    args = ["ring", "modn", "range", "shards", "jump", "rendezvous", "maglev", "ketama", "bounded"]
)]
fn strategy_w_100_1000_1m(strategy: &str) -> u64 {
    let (_, before, after) = place_w_100_1000_1m(strategy);
    let moved = Step::Remove(REMOVED).moved(&before.owners, &after.owners);
    if strategy == "ring" {
        assert_eq!(moved, 10321, "the seed's own count for W(100,1000,1M)");
    }
    moved
}

/// Index of db50, the node W(100, …) removes.
const REMOVED: usize = 49;

/// The same with weights: db{i} weighs 1 + (i mod 10) (W = 550), for the five strategies that read them
/// (the ring and bounded then have 550,000 virtual nodes; rendezvous takes a logarithm per node and key).
#[divan::bench(
    sample_count = 3,
    sample_size = 1,
    args = ["ring", "shards", "rendezvous", "ketama", "bounded"]
)]
fn strategy_weighted_w_100_1000_1m(strategy: &str) -> u64 {
    let weights = (1..=100).map(|i| (format!("db{i}"), 1 + i % 10)).collect();
    let (_, before, after) = place_w_100_1000_1m_weighted(strategy, weights);
    Step::Remove(REMOVED).moved(&before.owners, &after.owners)
}

/// W(100, 1000, 1M)'s placements by `strategy`, on one thread, from nothing: the keys hashed, placed on
/// db1..db100, then db50 removed by the strategy's own change.
fn place_w_100_1000_1m(strategy: &str) -> (KeySet, Placed, Placed) {
    place_w_100_1000_1m_weighted(strategy, Weights::new())
}

fn place_w_100_1000_1m_weighted(strategy: &str, weights: Weights) -> (KeySet, Placed, Placed) {
    let names: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    let nodes: Vec<&str> = names.iter().map(String::as_str).collect();
    let keys = KeySet::on_threads(1_000_000, 1);
    let s = by_name(strategy).expect("a strategy");
    let mut cache = VnodeCache::default();
    let mut input = Input {
        keys: &keys,
        settings: Settings {
            vnodes: 1000,
            shards: 1000,
            c100: 125,
            weights,
        },
        vnode_cache: &mut cache,
    };
    let before = s.place(&mut input, &nodes);
    let after = s.change(&mut input, &nodes, Step::Remove(REMOVED), &before);
    (keys, before, after)
}

/// W(100, 1000, 1M) with R = 3 replicas, for each strategy, on one thread, from nothing: as
/// `strategy_w_100_1000_1m`, plus every key's preference list before and after the removal and the copies
/// the removal must create (`replication.md`). The difference from that bench is the lists' cost.
#[divan::bench(
    sample_count = 3,
    sample_size = 1,
    args = ["ring", "modn", "range", "shards", "jump", "rendezvous", "maglev", "ketama", "bounded"]
)]
fn replicas_w_100_1000_1m_r3(strategy: &str) -> u64 {
    use ring_playground::replication::copies_created;
    let (keys, before, after) = place_w_100_1000_1m(strategy);
    let lists_before = before
        .table
        .replicas(keys.positions(), &before.owners, 100, 3);
    // As the page does: derived from the lists before where the strategy can (rendezvous), else afresh.
    let mut lists_after = after
        .table
        .replicas_after(ListsChange {
            positions: keys.positions(),
            owners: &after.owners,
            nodes: 99,
            r: 3,
            step: Step::Remove(REMOVED),
            before: &lists_before,
            r_before: 3,
        })
        .unwrap_or_else(|| after.table.replicas(keys.positions(), &after.owners, 99, 3));
    // Into the numbering before the removal, to compare names.
    for id in &mut lists_after {
        *id = Step::Remove(REMOVED).index_before(*id);
    }
    copies_created(&lists_before, 3, &lists_after, 3)
}

/// Marking a node down at 100 nodes × 1M keys × R = 3 with hot keys (s = 1) and a removal: what one click
/// on a "Down" box costs in the page, before drawing (availability, requests, cache; the lists are kept).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn fail_toggle_100_nodes_1m_keys_r3(bencher: divan::Bencher) {
    use ring_playground::app::Msg;
    let mut app = app_100_nodes_1m_keys("&replicas=3&zipf=1.00&cache=1000");
    let mut down = false;
    bencher.bench_local(|| {
        down = !down;
        app.update(Msg::SetDown("db7".into(), down))
    });
}

/// One "Virtual nodes" step at 100 nodes × 1M keys × R = 3 with a removal: placements and preference lists.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn drag_vnodes_step_100_nodes_1m_keys_r3(bencher: divan::Bencher) {
    drag_vnodes(bencher, app_100_nodes_1m_keys("&replicas=3"));
}

/// The staleness model: 100,000 WARS trials for every (r, w) at once (`disk`), in one go; the page makes
/// the same in units of 3,000 trials.
#[divan::bench(sample_count = 5, sample_size = 1, args = [3, 5])]
fn pbs_100k_trials(replicas: u32) -> u64 {
    use ring_playground::consistency::{latency::Env, pbs::Pbs};
    Pbs::new(replicas, Env::Disk, 100_000, 1).row(1, 1).p0_ppm
}

/// The watched key's history of 5 clients × 20 ops on three replicas, simulated and judged: the page's
/// one History unit.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn history_5x20_simulated_and_judged() -> usize {
    use ring_playground::consistency::{check, latency::Env, sim};
    let setup = sim::Setup {
        order: ["db2", "db3", "db1", "db5", "db4"]
            .map(String::from)
            .to_vec(),
        replicas: 3,
        down: Vec::new(),
        read: 1,
        write: 1,
        mode: sim::Mode::Quorum,
        reads: sim::Reads::Any,
        env: Env::Disk,
        clients: 5,
        ops: 20,
        think_ms: 20,
        writes_pct: 50,
        seed: 1,
        split: Vec::new(),
        from_ms: 0,
        to_ms: None,
        cap: sim::Cap::C,
    };
    let run = sim::simulate(&setup);
    check::judge(&run.history).len() + check::stale_reads(&run.history).len()
}
