//! Finding a capital or province by any of its names.

use bevy_egui::egui;

use super::common::UiAction;
use crate::bundle::ScenarioBundle;

/// Capitals matching `query` (case-insensitive, any part of any name: capital name and
/// alternates, province id, name and alternates), best first: name starts, then contains.
pub fn search(bundle: &ScenarioBundle, query: &str) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let s = bundle.scenario();
    let mut hits: Vec<(u8, usize)> = s
        .capitals
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let province = bundle.capital_province[i].map(|p| &bundle.boundaries.provinces[p]);
            let names = std::iter::once(c.name.as_str())
                .chain(c.alt_names.iter().map(String::as_str))
                .chain([c.id.as_str(), c.province.as_str()])
                .chain(province.map(|p| p.name.as_str()))
                .chain(c.province_name.as_deref())
                .chain(c.province_alt_names.iter().map(String::as_str));
            let mut best = None;
            for name in names {
                let n = name.to_lowercase();
                let rank = if n == q {
                    0
                } else if n.starts_with(&q) {
                    1
                } else if n.contains(&q) {
                    2
                } else {
                    continue;
                };
                best = Some(best.map_or(rank, |b: u8| b.min(rank)));
            }
            best.map(|r| (r, i))
        })
        .collect();
    hits.sort();
    hits.into_iter().map(|(_, i)| i).collect()
}

/// The search box with its result list; picking a result selects and centres the capital.
pub fn search_ui(
    ui: &mut egui::Ui,
    bundle: &ScenarioBundle,
    query: &mut String,
) -> Option<UiAction> {
    let mut action = None;
    let field = ui.add(
        egui::TextEdit::singleline(query)
            .hint_text("Search capital or province")
            .desired_width(190.0),
    );
    let hits = search(bundle, query);
    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !hits.is_empty() {
        action = Some(UiAction::Select {
            capital: Some(hits[0]),
            center: true,
        });
        query.clear();
    }
    if !query.trim().is_empty() {
        let popup_id = ui.make_persistent_id("search-results");
        egui::Area::new(popup_id)
            .fixed_pos(field.rect.left_bottom())
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    if hits.is_empty() {
                        ui.weak("no match");
                    }
                    for &c in hits.iter().take(8) {
                        let cap = &bundle.scenario().capitals[c];
                        let label = format!("{} ({})", cap.name, bundle.province_name_of(c));
                        if ui.selectable_label(false, label).clicked() {
                            action = Some(UiAction::Select {
                                capital: Some(c),
                                center: true,
                            });
                        }
                    }
                });
            });
        if action.is_some() {
            query.clear();
        }
    }
    action
}
