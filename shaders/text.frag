#version 330 core
// Text: the glyph atlas's coverage times the glyph's colour. Glyphs sit on whole output pixels
// and the atlas is sampled texel for texel, so FreeType's anti-aliasing reaches the screen as is.

uniform sampler2D u_atlas;  // R8 coverage

in vec2 v_atlas_uv;
flat in vec4 v_colour;
out vec4 frag_colour;

void main() {
  float coverage = texture(u_atlas, v_atlas_uv).r;
  if (coverage <= 0.0) discard;
  frag_colour = v_colour * coverage;
}
