//! The time views' presets: each a whole experiment as a link, telling one part of the story in one
//! click. Five nodes, three replicas of each key, the watched key `user_0` (whose replicas are db2, db3
//! and db1, then db5 and db4 in the ring's order: checked by a test).

/// A preset: its id (the button's `data-preset`), its label and its link.
pub struct Preset {
    pub id: &'static str,
    pub label: &'static str,
    pub link: &'static str,
}

/// Every preset, in the order the page shows them.
pub const PRESETS: [Preset; 5] = [
    Preset {
        id: "one",
        label: "Cassandra ONE",
        link: "v=1&nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&clients=4&ops=12",
    },
    Preset {
        id: "quorum",
        label: "QUORUM",
        link: "v=1&nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&r=2&w=2&clients=4&ops=12",
    },
    Preset {
        id: "primary",
        label: "Master, async replicas",
        link: "v=1&nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&clients=4&ops=12\
               &mode=primary",
    },
    Preset {
        id: "cp",
        label: "Partition: choose C",
        link: "v=1&nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&r=2&w=2&clients=4&ops=12\
               &split=db2,db4,db5,c1&from=60&to=240",
    },
    Preset {
        id: "ap",
        label: "Partition: choose A",
        link: "v=1&nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&r=2&w=2&clients=4&ops=12\
               &cap=a&split=db2,db4,db5,c1&from=60&to=240",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;

    #[test]
    fn presets_are_exact_links_and_tell_their_story() {
        for preset in &PRESETS {
            let app = App::from_fragment(preset.link);
            assert!(
                app.notices().is_empty(),
                "{}: {:?}",
                preset.id,
                app.notices()
            );
            assert_eq!(app.params().to_fragment(), preset.link, "{}", preset.id);
            let shown = app.history().unwrap();
            assert_eq!(shown.order, ["db2", "db3", "db1", "db5", "db4"]);
        }
    }
}
