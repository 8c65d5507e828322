//! Markers, labels and the scale bar: what the scene places for the view
//! ([`crate::scene::frame::map_marks`], the same function the exports use, thinning included),
//! shown as sprites whose images the CPU painter draws, so a marker or a label looks in the
//! window as in an export, with smooth edges and no multisampling. They are placed again only
//! when the colours, the view, the selection or the options change. Sprites are pooled, and
//! their images cached by look.

use std::collections::HashMap;

use bevy::prelude::*;
use bevy::sprite::Anchor;

use super::common::{MapEntity, MapSteps, Shown, sprite_image, z};
use crate::app::state::{PlacedMarks, SceneChanges, SceneState};
use crate::model::Rgb;
use crate::scene::markers::MarkerLayer;
use crate::scene::text::with_fonts;
use crate::scene::{MapView, PxRect};

/// A marker sprite (pooled: hidden sprites wait to be reused).
#[derive(Component, Debug, Clone, PartialEq)]
pub struct MarkerSprite {
    /// The capital it shows, while shown.
    pub capital: Option<usize>,
}

/// A label sprite (pooled).
#[derive(Component, Debug, Clone, PartialEq)]
pub struct LabelSprite {
    /// The capital it names, while shown (None for a neighbour's name).
    pub capital: Option<usize>,
}

/// The scale bar's sprite.
#[derive(Component)]
pub struct ScaleBarSprite;

/// An annotation's sprite (pooled).
#[derive(Component, Debug, Clone, PartialEq)]
pub struct AnnotationSprite {
    /// The annotation it shows, while shown.
    pub annotation: Option<usize>,
}

/// A marker image's look: a hash of its layers, and the centre's quarter-pixel offset.
type MarkerKey = (u64, u8, u8);
/// A label image's look: a hash of its text lines, size and colours.
type LabelKey = u64;
/// What a scale bar image shows: its length in px and km, the mark scale and the colours.
type ScaleKey = (u32, u64, u32, Rgb);

/// Images made so far.
#[derive(Default)]
struct Images {
    markers: HashMap<MarkerKey, (Handle<Image>, [f32; 2])>,
    labels: HashMap<LabelKey, (Handle<Image>, [f32; 2])>,
    scale_bar: Option<(ScaleKey, Handle<Image>, [f32; 2])>,
    /// One image per annotation slot, redrawn in place.
    annotations: Vec<Handle<Image>>,
    /// Some marks were left for the next frame (over a frame's budget of new images).
    unfinished: bool,
}

/// New images drawn per frame at most: a zoom that brings hundreds of new labels into view
/// draws them over a few frames rather than stalling one.
const NEW_IMAGES_PER_FRAME: usize = 12;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, draw_marks.in_set(MapSteps::Draw));
}

fn label_key(label: &crate::scene::frame::TextItem) -> LabelKey {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::with_seed(11).build_hasher();
    for line in &label.shaped.lines {
        line.text.hash(&mut h);
    }
    label.shaped.size.to_bits().hash(&mut h);
    label.color.0.hash(&mut h);
    label
        .halo
        .map(|x| (x.color.0, x.width_px.to_bits()))
        .hash(&mut h);
    h.finish()
}

fn marker_key(layers: &[MarkerLayer], q: [u8; 2]) -> MarkerKey {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::with_seed(7).build_hasher();
    for l in layers {
        (l.shape as u8).hash(&mut h);
        l.radius_px.to_bits().hash(&mut h);
        l.color.0.hash(&mut h);
        l.offset_px[0].to_bits().hash(&mut h);
        l.offset_px[1].to_bits().hash(&mut h);
    }
    (h.finish(), q[0], q[1])
}

/// A point in px split into a whole pixel and a quarter-pixel offset (0..=3).
fn quarter(v: f32) -> (f32, u8) {
    let whole = v.floor();
    let q = ((v - whole) * 4.0).round();
    if q >= 4.0 {
        (whole + 1.0, 0)
    } else {
        (whole, q as u8)
    }
}

/// Where a sprite whose top left corner is at `px` (view pixels) goes on the map plane.
fn sprite_transform(view: &MapView, px: [f32; 2], z: f32) -> Transform {
    let at = view.map_from_px(px);
    Transform::from_xyz(at.x as f32, at.y as f32, z).with_scale(Vec3::splat(view.km_per_px as f32))
}

type Pools<'w, 's> = (
    Query<
        'w,
        's,
        (
            &'static mut MarkerSprite,
            &'static mut Sprite,
            &'static mut Transform,
            &'static mut Visibility,
        ),
        (
            Without<LabelSprite>,
            Without<ScaleBarSprite>,
            Without<AnnotationSprite>,
        ),
    >,
    Query<
        'w,
        's,
        (
            &'static mut LabelSprite,
            &'static mut Sprite,
            &'static mut Transform,
            &'static mut Visibility,
        ),
        (
            Without<MarkerSprite>,
            Without<ScaleBarSprite>,
            Without<AnnotationSprite>,
        ),
    >,
    Query<
        'w,
        's,
        (
            &'static mut Sprite,
            &'static mut Transform,
            &'static mut Visibility,
        ),
        (
            With<ScaleBarSprite>,
            Without<MarkerSprite>,
            Without<LabelSprite>,
            Without<AnnotationSprite>,
        ),
    >,
    Query<
        'w,
        's,
        (
            &'static mut AnnotationSprite,
            &'static mut Sprite,
            &'static mut Transform,
            &'static mut Visibility,
        ),
        (
            Without<MarkerSprite>,
            Without<LabelSprite>,
            Without<ScaleBarSprite>,
        ),
    >,
);

/// Shows one pooled sprite (or spawns one) with an image and a transform.
fn show<C: Component + PartialEq>(
    commands: &mut Commands,
    slot: Option<(Mut<C>, Mut<Sprite>, Mut<Transform>, Mut<Visibility>)>,
    component: C,
    image: &Handle<Image>,
    transform: Transform,
) {
    match slot {
        Some((mut c, mut sprite, mut t, mut visibility)) => {
            c.set_if_neq(component);
            if sprite.image != *image {
                sprite.image = image.clone();
            }
            t.set_if_neq(transform);
            visibility.set_if_neq(Visibility::Inherited);
        }
        None => {
            commands.spawn((
                MapEntity,
                component,
                Sprite::from_image(image.clone()),
                Anchor::TOP_LEFT,
                transform,
                Visibility::Inherited,
            ));
        }
    }
}

/// Places the marks for the view (the scene decides; this shows) when anything they depend on
/// changed.
fn draw_marks(
    mut commands: Commands,
    mut changes: ResMut<SceneChanges>,
    scene: SceneState,
    shown: Res<Shown>,
    mut placed: ResMut<PlacedMarks>,
    mut images: ResMut<Assets<Image>>,
    mut pools: Pools,
    mut cache: Local<Images>,
) {
    if !changes.marks && !changes.loaded && !cache.unfinished {
        return;
    }
    let Some(input) = scene.input(true) else {
        return;
    };
    if shown.looks.len() != input.bundle.scenario().capitals.len() {
        return;
    }
    if changes.loaded {
        // The old sprites went with the old scenario.
        *cache = Images::default();
    }
    let view = scene.view.0;
    let [w, h] = view.size_px.map(|v| v as f32);
    let marks = with_fonts(|fonts| {
        crate::scene::frame::map_marks(
            &input,
            &view,
            &shown.looks,
            PxRect::from_xywh(0.0, 0.0, w, h),
            &[],
            fonts,
        )
    });
    let (markers, labels, bars, notes) = &mut pools;
    let mut budget = NEW_IMAGES_PER_FRAME;
    cache.unfinished = false;

    // Markers, each a little above the one before.
    let mut pool = markers.iter_mut();
    for (i, m) in marks.markers.iter().enumerate() {
        let (x, qx) = quarter(m.center[0]);
        let (y, qy) = quarter(m.center[1]);
        let key = marker_key(&m.layers, [qx, qy]);
        if !cache.markers.contains_key(&key) {
            if budget == 0 {
                cache.unfinished = true;
                continue;
            }
            budget -= 1;
            let fraction = [f32::from(qx) / 4.0, f32::from(qy) / 4.0];
            let (rgba, center) = crate::paint::marker_image(&m.layers, fraction);
            cache
                .markers
                .insert(key, (images.add(sprite_image(rgba)), center));
        }
        let Some((image, center)) = cache.markers.get(&key).cloned() else {
            continue;
        };
        let top_left = [
            x + f32::from(qx) / 4.0 - center[0],
            y + f32::from(qy) / 4.0 - center[1],
        ];
        let transform = sprite_transform(&view, top_left, z::MARKER + i as f32 * 1e-4);
        let component = MarkerSprite {
            capital: Some(m.capital),
        };
        show(&mut commands, pool.next(), component, &image, transform);
    }
    for (mut c, _, _, mut visibility) in pool {
        c.capital = None;
        visibility.set_if_neq(Visibility::Hidden);
    }

    // Labels: the capitals' and the neighbours' names.
    let mut pool = labels.iter_mut();
    let capitals = marks.label_capitals.iter().map(|&c| Some(c));
    for (label, capital) in marks
        .labels
        .iter()
        .zip(capitals.chain(std::iter::repeat(None)))
        .chain(marks.neighbour_labels.iter().map(|l| (l, None)))
    {
        let key = label_key(label);
        if !cache.labels.contains_key(&key) {
            if budget == 0 {
                cache.unfinished = true;
                continue;
            }
            budget -= 1;
            let (rgba, pad) = with_fonts(|fonts| crate::paint::text_image(label, fonts));
            cache
                .labels
                .insert(key, (images.add(sprite_image(rgba)), pad));
        }
        let Some((image, pad)) = cache.labels.get(&key).cloned() else {
            continue;
        };
        let transform = sprite_transform(
            &view,
            [label.origin[0] - pad[0], label.origin[1] - pad[1]],
            z::LABEL,
        );
        show(
            &mut commands,
            pool.next(),
            LabelSprite { capital },
            &image,
            transform,
        );
    }
    for (mut c, _, _, mut visibility) in pool {
        c.capital = None;
        visibility.set_if_neq(Visibility::Hidden);
    }

    // The scale bar, drawn relative to the bar's left end so that a move only moves it.
    match &marks.scale_bar {
        None => {
            for (_, _, mut v) in bars.iter_mut() {
                v.set_if_neq(Visibility::Hidden);
            }
        }
        Some(bar) => {
            let line = &bar.bar.lines[0];
            let key: ScaleKey = (
                (line[2][0] - line[1][0]).round() as u32,
                bar.km.to_bits(),
                bar.bar.width_px.to_bits(),
                bar.bar.color,
            );
            let anchor = line[1];
            if cache.scale_bar.as_ref().is_none_or(|(k, _, _)| *k != key) {
                let (rgba, top_left) =
                    with_fonts(|fonts| crate::paint::scale_bar_image(bar, fonts));
                cache.scale_bar = Some((
                    key,
                    images.add(sprite_image(rgba)),
                    [top_left[0] - anchor[0], top_left[1] - anchor[1]],
                ));
            }
            if let Some((_, handle, rel)) = cache.scale_bar.as_ref() {
                let transform = sprite_transform(
                    &view,
                    [anchor[0] + rel[0], anchor[1] + rel[1]],
                    z::SCALE_BAR,
                );
                match bars.single_mut() {
                    Ok((mut s, mut t, mut v)) => {
                        if s.image != *handle {
                            s.image = handle.clone();
                        }
                        t.set_if_neq(transform);
                        v.set_if_neq(Visibility::Inherited);
                    }
                    Err(_) => {
                        commands.spawn((
                            MapEntity,
                            ScaleBarSprite,
                            Sprite::from_image(handle.clone()),
                            Anchor::TOP_LEFT,
                            transform,
                            Visibility::Inherited,
                        ));
                    }
                }
            }
        }
    }
    // Annotations: each drawn whole by the CPU painter (a few at a time), replacing the image
    // of its slot, so no image piles up.
    let mut pool = notes.iter_mut();
    for (k, a) in marks.annotations.iter().enumerate() {
        let (rgba, top_left) = with_fonts(|fonts| crate::paint::annotation_image(a, fonts));
        let handle = match cache.annotations.get(k) {
            Some(h) => {
                let _ = images.insert(h, sprite_image(rgba));
                h.clone()
            }
            None => {
                let h = images.add(sprite_image(rgba));
                cache.annotations.push(h.clone());
                h
            }
        };
        let transform = sprite_transform(&view, top_left, z::ANNOTATION + k as f32 * 1e-3);
        let component = AnnotationSprite {
            annotation: Some(a.index),
        };
        show(&mut commands, pool.next(), component, &handle, transform);
    }
    for (mut c, _, _, mut visibility) in pool {
        c.annotation = None;
        visibility.set_if_neq(Visibility::Hidden);
    }
    if cache.markers.len() > 5_000 {
        cache.markers.clear();
    }
    if cache.labels.len() > 20_000 {
        cache.labels.clear();
    }
    if cache.unfinished {
        // The rest next frame: the map is not settled yet, so the window draws another.
        changes.marks = true;
    }
    placed.0 = Some(marks);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_snap_to_the_pixel_grid() {
        assert_eq!(quarter(10.0), (10.0, 0));
        assert_eq!(quarter(10.3), (10.0, 1));
        assert_eq!(quarter(10.5), (10.0, 2));
        assert_eq!(quarter(10.9), (11.0, 0));
        assert_eq!(quarter(-0.2), (-1.0, 3));
    }
}
