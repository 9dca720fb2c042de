//! The page's panels together: one [`View`] that redraws each from the app.

use super::compare::CompareView;
use super::curve::CurveView;
use super::dom::Names;
use super::experiment::ExperimentView;
use super::load::LoadView;
use super::paint;
use super::ring_view::RingView;
use super::service::ServiceView;
use crate::app::App;
use crate::layout::Scene;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Window};

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

    /// Redraws the panels from `app` (`scene` gives the names and colours), after the picture: the
    /// tables beside it (`first`), then the panels below (the replication panel, the comparison, the
    /// curve).
    pub(super) fn render_panels(
        &mut self,
        window: &Window,
        doc: &Document,
        app: &App,
        scene: &Scene,
        first: bool,
    ) -> Result<(), JsValue> {
        let names = Names {
            names: scene.names.clone(),
            colors: scene.colors.clone(),
        };
        if first {
            self.ring.render_table(app, scene)?;
            self.experiment.render(doc, app, &names)?;
            self.load.render(doc, app, &names)
        } else {
            let curve_size = self.curve.size();
            self.service.render(doc, app, &names)?;
            self.compare.render(doc, app)?;
            self.curve
                .render(window, app, paint::ink(window), curve_size)
        }
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
