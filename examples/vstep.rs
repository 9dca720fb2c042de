use ring_playground::app::{App, Msg};
use std::time::Instant;
fn main() {
    let nodes: Vec<String> = (1..=100).map(|i| format!("db{i}")).collect();
    let s = std::env::args().nth(1).unwrap_or("ring".into()); let mut app = App::from_fragment(&format!("nodes={}&vnodes=1000&keys=1000000&remove=db50&strategy={s}", nodes.join(",")));
    let t = Instant::now();
    for r in 0..10 { for i in 0..10 { app.update(Msg::SetVnodes(1000 - 10 * i - r % 2)); } }
    println!("{:?}", t.elapsed() / 100);
}
