//! The page's panels together: one [`View`] that redraws each from the app.

use super::compare::CompareView;
use super::curve::CurveView;
use super::dom::Names;
use super::experiment::ExperimentView;
use super::load::LoadView;
use super::paint;
use super::ring::RingView;
use super::service::ServiceView;
use crate::app::App;
use crate::layout::Scene;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Window};

/// Parts of the panels, drawn in order ([`View::render_panel`]): first the numbers' parts (which need no
/// picture), then the picture's table.
pub(super) const PANEL_PARTS: usize = 5;
/// The parts that show numbers: a large page draws them before its picture.
pub(super) const NUMBER_PARTS: usize = 4;

pub(super) struct View {
    pub ring: RingView,
    pub experiment: ExperimentView,
    pub load: LoadView,
    pub compare: CompareView,
    pub curve: CurveView,
    pub service: ServiceView,
}

impl View {
    pub(super) fn find(doc: &Document) -> Result<View, JsValue> {
        Ok(View {
            ring: RingView::find(doc)?,
            experiment: ExperimentView::find(doc)?,
            load: LoadView::find(doc)?,
            compare: CompareView::find(doc)?,
            curve: CurveView::find(doc)?,
            service: ServiceView::find(doc)?,
        })
    }

    /// Draws the picture of `app`, `scene` (made from it beforehand): the first of a redraw's two frames.
    pub(super) fn render_picture(
        &mut self,
        window: &Window,
        app: &App,
        scene: &Scene,
    ) -> Result<(), JsValue> {
        self.ring.render(window, app, scene, paint::ink(window))
    }

    /// Redraws part `part` (of [`PANEL_PARTS`]) of the panels from `app`: the experiment, the load table,
    /// the replication panel, the comparison and the curve (the [`NUMBER_PARTS`]), then the picture's
    /// table, which is made from `scene` (the picture of the same numbers).
    pub(super) fn render_panel(
        &mut self,
        window: &Window,
        doc: &Document,
        app: &App,
        scene: Option<&Scene>,
        part: usize,
    ) -> Result<(), JsValue> {
        let names = || Names {
            names: app.names().to_vec(),
            colors: crate::layout::node_colors(app.names().len()),
        };
        match part {
            0 => self.experiment.render(doc, app, &names()),
            1 => self.load.render(doc, app, &names()),
            2 => self.service.render(doc, app, &names()),
            3 => {
                let curve_size = self.curve.size();
                self.compare.render(doc, app)?;
                self.curve
                    .render(window, app, paint::ink(window), curve_size)
            }
            _ => self
                .ring
                .render_table(app, scene.ok_or("the picture's table needs its picture")?),
        }
    }

    /// Redraws the load table alone (its weights' column shown or hidden).
    pub(super) fn render_load(&self, doc: &Document, app: &App) -> Result<(), JsValue> {
        let names = Names {
            names: app.names().to_vec(),
            colors: crate::layout::node_colors(app.names().len()),
        };
        self.load.render(doc, app, &names)
    }

    /// Redraws what is computed when the sliders rest: the balance curve and the comparison.
    pub(super) fn render_rested(
        &self,
        window: &Window,
        doc: &Document,
        app: &App,
    ) -> Result<(), JsValue> {
        self.curve
            .render(window, app, paint::ink(window), self.curve.size())?;
        self.compare.render(doc, app)
    }
}
