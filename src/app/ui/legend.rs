//! The legend panel: each status with its fill (and pattern) and live count ("Taliban 21 / 34"),
//! then the key to the marker shapes and badges, from the scene's [`Legend`].

use bevy_egui::egui;

use super::common::egui_color;
use crate::model::Pattern;
use crate::scene::legend::{KeySymbol, symbol_layers};
use crate::scene::markers::shape_polygon;
use crate::scene::{Legend, MarkerShape, Palette};

/// A square of a status's fill, with its pattern.
fn fill_swatch(ui: &mut egui::Ui, fill: egui::Color32, pattern: Option<Pattern>, scale: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0) * scale, egui::Sense::hover());
    let painter = ui.painter().with_clip_rect(rect);
    painter.rect_filled(rect, 0.0, fill);
    let ink = ui.visuals().strong_text_color().gamma_multiply(0.5);
    match pattern {
        Some(Pattern::Hatch) => {
            for k in -2..=4 {
                let c = rect.left() + rect.top() + k as f32 * 6.0;
                painter.line_segment(
                    [
                        egui::pos2(c - rect.top() + 2.0, rect.top() - 2.0),
                        egui::pos2(c - rect.bottom() - 2.0, rect.bottom() + 2.0),
                    ],
                    egui::Stroke::new(1.2, ink),
                );
            }
        }
        Some(Pattern::Dots) => {
            for j in 0..3 {
                for i in 0..3 {
                    let shift = if j % 2 == 1 { 2.5 } else { 0.0 };
                    let p =
                        rect.min + egui::vec2(3.0 + i as f32 * 5.0 + shift, 3.0 + j as f32 * 5.0);
                    painter.circle_filled(p, 1.1, ink);
                }
            }
        }
        None => {}
    }
    ui.painter().rect_stroke(
        rect,
        0.0,
        egui::Stroke::new(1.0, ui.visuals().strong_text_color()),
        egui::StrokeKind::Inside,
    );
}

/// A key symbol drawn from the scene's layers.
fn symbol_swatch(ui: &mut egui::Ui, symbol: KeySymbol, palette: &Palette, scale: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 18.0) * scale, egui::Sense::hover());
    let painter = ui.painter();
    let c = rect.center();
    for layer in symbol_layers(symbol, 4.5 * scale, palette) {
        let color = egui_color(layer.color);
        let at = c + egui::vec2(layer.offset_px[0], layer.offset_px[1]);
        match layer.shape {
            MarkerShape::Circle => {
                painter.circle_filled(at, layer.radius_px, color);
            }
            shape => {
                let points: Vec<egui::Pos2> = shape_polygon(shape, layer.radius_px)
                    .into_iter()
                    .map(|p| at + egui::vec2(p[0], p[1]))
                    .collect();
                // The cross is not convex: draw it as a fan of triangles from its centre.
                for i in 0..points.len() {
                    let next = points[(i + 1) % points.len()];
                    painter.add(egui::Shape::convex_polygon(
                        vec![at, points[i], next],
                        color,
                        egui::Stroke::NONE,
                    ));
                }
            }
        }
    }
}

/// Draws the legend.
pub fn legend_ui(ui: &mut egui::Ui, legend: &Legend, palette: &Palette) {
    ui.strong("Legend");
    legend_rows_ui(ui, legend, palette, 1.0);
}

/// The legend's rows (statuses with counts, then the marker key), `scale` times the panel's
/// size (presentation mode draws them large).
pub fn legend_rows_ui(ui: &mut egui::Ui, legend: &Legend, palette: &Palette, scale: f32) {
    for row in &legend.rows {
        ui.horizontal(|ui| {
            fill_swatch(ui, egui_color(row.color), row.pattern, scale);
            ui.label(egui::RichText::new(legend.row_text(row)).size(15.0 * scale));
        });
    }
    for key in &legend.key {
        ui.horizontal(|ui| {
            symbol_swatch(ui, key.symbol, palette, scale);
            // Muted beside the status rows in the panel; full strength on a projector.
            let text = egui::RichText::new(key.text).size(13.0 * scale);
            ui.label(if scale > 1.5 { text } else { text.weak() });
        });
    }
    // What the annotations on the map mean: a bar of their colour, then the words.
    for (meaning, color) in &legend.meanings {
        ui.horizontal(|ui| {
            let (rect, _) = ui
                .allocate_exact_size(egui::vec2(14.0 * scale, 12.0 * scale), egui::Sense::hover());
            let bar =
                egui::Rect::from_center_size(rect.center(), egui::vec2(14.0 * scale, 3.0 * scale));
            ui.painter().rect_filled(bar, 0.0, egui_color(*color));
            let text = egui::RichText::new(meaning).size(13.0 * scale);
            ui.label(if scale > 1.5 { text } else { text.weak() });
        });
    }
}
