#version 330 core
// Glyph quads: positions in output pixels (y down from the top), texture coordinates in the glyph
// atlas, one premultiplied colour per glyph.

layout(location = 0) in vec2 a_position_px;
layout(location = 1) in vec2 a_atlas_uv;
layout(location = 2) in vec4 a_colour;

uniform vec2 u_viewport_px;

out vec2 v_atlas_uv;
flat out vec4 v_colour;

void main() {
  vec2 ndc = a_position_px / u_viewport_px * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
  v_atlas_uv = a_atlas_uv;
  v_colour = a_colour;
}
