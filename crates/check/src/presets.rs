//! The presets: two of the Jepsen etcd logs in Porcupine's test data (`crates/lincheck/tests/fixtures/
//! porcupine`: github.com/anishathalye/porcupine, MIT), named in links as `check=p.NAME`. etcd 2.0 served
//! reads without a quorum; Jepsen found them stale.

/// Each preset: its name in links, what the page calls it, and its text.
pub const PRESETS: [(&str, &str, &str); 2] = [
    (
        "etcd_000",
        "etcd 2.0, reads without quorum (Jepsen's etcd_000.log)",
        include_str!("../../lincheck/tests/fixtures/porcupine/jepsen/etcd_000.log"),
    ),
    (
        "etcd_002",
        "etcd 2.0, a linearizable run (Jepsen's etcd_002.log)",
        include_str!("../../lincheck/tests/fixtures/porcupine/jepsen/etcd_002.log"),
    ),
];

/// The text of preset `name`.
pub fn text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|p| p.0 == name).map(|p| p.2)
}

/// What the page calls preset `name`.
pub fn title(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|p| p.0 == name).map(|p| p.1)
}

#[cfg(test)]
mod tests {
    use lincheck::Verdict;

    #[test]
    fn the_illegal_preset_is_illegal_by_a_stale_read_and_the_other_linearizable() {
        let bad = lincheck::check(super::text("etcd_000").unwrap());
        assert_eq!(bad.verdict, Verdict::Illegal);
        let why = bad.keys[0].explanation.as_ref().unwrap();
        assert!(why.sentence.contains("read of 2") && why.sentence.contains("overwritten"));
        assert_eq!(
            lincheck::check(super::text("etcd_002").unwrap()).verdict,
            Verdict::Ok
        );
    }
}
