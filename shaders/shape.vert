#version 330 core
// Rectangles drawn by their distance field: filled or stroked, with rounded corners, solid or
// dashed. Each rectangle is two triangles covering it plus a margin for the stroke and the
// anti-aliasing; positions are output pixels, y down from the top.

layout(location = 0) in vec2 a_position_px;
layout(location = 1) in vec2 a_local_px;     // this vertex relative to the rectangle's centre
layout(location = 2) in vec4 a_shape;        // half width, half height, corner radius, stroke
layout(location = 3) in float a_dash_px;     // dash length along the outline; 0: solid
layout(location = 4) in vec4 a_colour;       // premultiplied

uniform vec2 u_viewport_px;

out vec2 v_local_px;
flat out vec4 v_shape;
flat out float v_dash_px;
flat out vec4 v_colour;

void main() {
  vec2 ndc = a_position_px / u_viewport_px * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
  v_local_px = a_local_px;
  v_shape = a_shape;
  v_dash_px = a_dash_px;
  v_colour = a_colour;
}
