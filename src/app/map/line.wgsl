// Lines of a constant width in pixels with smooth edges, whatever the zoom: borders, the
// country outline and the neighbours' borders.
//
// Each point of a polyline is two vertices on either side of it. `extrude.xy` is the direction
// to push the vertex (the mitred normal, plus the tangent at the line's ends for a square cap),
// in units of the half width; `extrude.z` is -1 or +1, the side. The vertex shader pushes it by
// half the width plus one pixel (room for the smooth edge), at the view's kilometres per pixel;
// the fragment shader turns the distance from the line's centre into coverage, so a line's edge
// is anti-aliased without multisampling.

#import bevy_sprite::{
    mesh2d_functions as mesh_functions,
    mesh2d_view_bindings::view,
}
#ifdef TONEMAP_IN_SHADER
#import bevy_core_pipeline::tonemapping
#endif
#ifdef SRGB_OUTPUT
#import bevy_render::color_operations::linear_to_srgb
#endif

struct LineParams {
    // Linear RGBA.
    color: vec4<f32>,
    // Width in pixels, kilometres per pixel of the view.
    width_px: f32,
    km_per_px: f32,
    _pad: vec2<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: LineParams;

struct Vertex {
    @builtin(instance_index) instance_index: u32,
    @location(0) position: vec3<f32>,
    @location(1) extrude: vec3<f32>,
};

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    // Signed distance from the line's centre, pixels.
    @location(0) across: f32,
};

@vertex
fn vertex(v: Vertex) -> VertexOutput {
    let half = params.width_px * 0.5 + 1.0;
    let local = v.position + vec3<f32>(v.extrude.xy * (half * params.km_per_px), 0.0);
    let world_from_local = mesh_functions::get_world_from_local(v.instance_index);
    let world = mesh_functions::mesh2d_position_local_to_world(world_from_local, vec4<f32>(local, 1.0));
    var out: VertexOutput;
    out.position = mesh_functions::mesh2d_position_world_to_clip(world);
    out.across = v.extrude.z * half;
    return out;
}

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    // Coverage of the pixel by a line `width_px` wide: 1 inside, a one-pixel ramp at each edge
    // (a hairline peaks at its width).
    let coverage = clamp(params.width_px * 0.5 + 0.5 - abs(in.across), 0.0, 1.0);
    var color = vec4<f32>(params.color.rgb, params.color.a * coverage);
#ifdef TONEMAP_IN_SHADER
    color = tonemapping::tone_mapping(color, view.color_grading);
#endif
#ifdef SRGB_OUTPUT
    color = vec4<f32>(linear_to_srgb(color.rgb), color.a);
#endif
    return color;
}
