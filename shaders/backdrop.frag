#version 330 core
// The table, drawn behind the mouse: the low-resolution picture that table.frag made, stretched
// over the whole target. Both are addressed by gl_FragCoord, so they line up whatever the sizes.

uniform sampler2D u_table;
uniform vec2 u_target_size_px;

out vec4 frag_colour;

void main() {
  frag_colour = vec4(texture(u_table, gl_FragCoord.xy / u_target_size_px).rgb, 1.0);
}
