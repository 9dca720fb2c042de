use ring_playground::app::{App, Msg};
use std::time::Instant;
fn main() {
    let nodes: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    for s in ring_playground::strategy::ALL {
        let mut app = App::from_fragment(&format!("nodes={}&vnodes=1000&keys=1000000&remove=db50&strategy={}", nodes.join(","), s.name()));
        let mut line = format!("{:11}", s.name());
        let drags: [Vec<Msg>; 3] = [
            (0..10).map(|i| Msg::SetVnodes(1000 - 10 * i)).collect(),
            (0..10).map(|i| Msg::SetKeys(1_000_000 - 10_000 * i)).chain((0..10).map(|i| Msg::SetKeys(910_000 + 10_000 * i))).collect(),
            (0..10).map(|i| Msg::SetNodeCount(100 - i)).chain((0..10).map(|i| Msg::SetNodeCount(91 + i))).collect(),
        ];
        for drag in drags {
            let mut worst = 0f64;
            let t = Instant::now();
            for m in &drag { let s = Instant::now(); app.update(m.clone()); worst = worst.max(s.elapsed().as_secs_f64()); }
            line += &format!(" {:6.1} ms (max {:5.1})", t.elapsed().as_secs_f64() * 1000.0 / drag.len() as f64, worst * 1000.0);
        }
        println!("{line}   (vnodes, keys, nodes)");
    }
}
