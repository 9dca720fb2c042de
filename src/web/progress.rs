//! The progress pill over the picture: what is being computed, once a computation has run a while.

use super::Page;
use crate::app::Stage;

/// The progress pill over the picture.
pub(super) struct Progress {
    pub pill: web_sys::HtmlElement,
    pub bar: web_sys::HtmlProgressElement,
    pub text: web_sys::Element,
}

/// How far along the stages after hashing a computation is, for the progress bar.
fn stage_share(stage: Stage) -> f64 {
    match stage {
        Stage::Hashing | Stage::Placing => 0.0,
        Stage::Counting => 0.5,
        Stage::Serving => 0.75,
        Stage::History => 0.8,
        Stage::Staleness => 0.85,
    }
}

/// A computation shows its progress once it has run this long (a 1M-key link opening; not a quick step).
const PROGRESS_AFTER_MS: f64 = 150.0;

impl Page {
    /// Shows what is being computed, once a computation has run for [`PROGRESS_AFTER_MS`]; hides it.
    pub(super) fn show_progress(&self, progress: Option<crate::app::Progress>) {
        let p = &self.progress;
        let Some(progress) = progress else {
            p.pill.set_hidden(true);
            return;
        };
        let long = self
            .work_began
            .get()
            .is_some_and(|t| self.now() - t >= PROGRESS_AFTER_MS);
        if !long {
            return;
        }
        let percent = (progress.done * 100.0).floor();
        let text = match progress.stage {
            Stage::Hashing => format!(
                "{}… {} %",
                progress.stage.label(),
                crate::stats::fixed(percent, 0)
            ),
            stage => format!("{}…", stage.label()),
        };
        p.bar.set_value(if progress.stage == Stage::Hashing {
            percent * 0.8
        } else {
            80.0 + 20.0 * stage_share(progress.stage)
        });
        p.text.set_text_content(Some(&text));
        p.pill.set_hidden(false);
    }
}
