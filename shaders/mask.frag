#version 330 core
// One submission's part masks over the picture. u_labels holds, per output pixel of the picture, a
// class index (0: no part) with bit 7 set on the part's outline (found on the CPU,
// render/mask_labels.hpp). Each class is filled with its colour at u_fill_opacity and outlined
// with the same colour fully opaque. Output is premultiplied alpha.

uniform sampler2D u_labels;  // R8: (class index + 128 on the outline) / 255
uniform vec4 u_palette[16];  // premultiplied colour per class index; index 0 unused
uniform float u_fill_opacity;
uniform float u_opacity;  // the whole layer's, for fades

in vec2 v_texcoord;
out vec4 frag_colour;

void main() {
  ivec2 size = textureSize(u_labels, 0);
  ivec2 texel = clamp(ivec2(floor(v_texcoord * vec2(size))), ivec2(0), size - 1);
  int value = int(texelFetch(u_labels, texel, 0).r * 255.0 + 0.5);
  int label = value & 127;
  if (label == 0) discard;
  bool edge = value >= 128;
  vec4 colour = u_palette[min(label, 15)];
  frag_colour = colour * (edge ? 1.0 : u_fill_opacity) * u_opacity;
}
