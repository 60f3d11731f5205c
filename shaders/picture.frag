#version 330 core
// The source photograph: frame a, blended towards frame b by u_blend while the rotation moves
// from one frame to the next. Opaque. Built twice: with BLEND for the cross-fade, and without it
// for the rest of the time, when sampling frame b would be wasted (the picture covers most of the
// output, and on a software rasterizer each sample of it costs as much as the rest of the frame).

uniform sampler2D u_frame_a;
#ifdef BLEND
uniform sampler2D u_frame_b;
uniform float u_blend;  // 0: frame a alone, 1: frame b alone
#endif

in vec2 v_texcoord;
out vec4 frag_colour;

void main() {
  vec3 a = texture(u_frame_a, v_texcoord).rgb;
#ifdef BLEND
  vec3 b = texture(u_frame_b, v_texcoord).rgb;
  frag_colour = vec4(mix(a, b, u_blend), 1.0);
#else
  frag_colour = vec4(a, 1.0);
#endif
}
