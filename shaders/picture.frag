#version 330 core
// The source photograph: frame a, blended towards frame b by u_blend while the rotation moves
// from one frame to the next. Opaque.

uniform sampler2D u_frame_a;
uniform sampler2D u_frame_b;
uniform float u_blend;  // 0: frame a alone, 1: frame b alone

in vec2 v_texcoord;
out vec4 frag_colour;

void main() {
  vec3 a = texture(u_frame_a, v_texcoord).rgb;
  vec3 b = texture(u_frame_b, v_texcoord).rgb;
  frag_colour = vec4(mix(a, b, u_blend), 1.0);
}
