#version 330 core
// One submission's part masks over the picture. u_labels holds a class index per texel (0: no
// part), made at about one texel per output pixel, so texel distances are output pixels. Each
// class is filled with its colour at u_fill_opacity and outlined, just inside its edge, with the
// same colour fully opaque. Output is premultiplied alpha.

uniform sampler2D u_labels;  // R8: the class index / 255
uniform vec4 u_palette[16];  // premultiplied colour per class index; index 0 unused
uniform float u_fill_opacity;
uniform float u_outline_texels;  // 0: no outline
uniform float u_opacity;         // the whole layer's, for fades

in vec2 v_texcoord;
out vec4 frag_colour;

int label_at(ivec2 texel, ivec2 size) {
  ivec2 clamped = clamp(texel, ivec2(0), size - 1);
  return int(texelFetch(u_labels, clamped, 0).r * 255.0 + 0.5);
}

void main() {
  ivec2 size = textureSize(u_labels, 0);
  ivec2 texel = ivec2(floor(v_texcoord * vec2(size)));
  int label = label_at(texel, size);
  if (label == 0) discard;

  // On the outline when some texel within the outline's width has another class: eight
  // directions, at every whole distance up to the width, so that thin parts keep their outline.
  bool edge = false;
  int reach = int(ceil(u_outline_texels));
  for (int step = 1; step <= reach && !edge; ++step) {
    int d = step;
    int diagonal = int(floor(float(step) * 0.7071 + 0.5));
    edge = label_at(texel + ivec2(d, 0), size) != label ||
           label_at(texel - ivec2(d, 0), size) != label ||
           label_at(texel + ivec2(0, d), size) != label ||
           label_at(texel - ivec2(0, d), size) != label ||
           label_at(texel + ivec2(diagonal, diagonal), size) != label ||
           label_at(texel + ivec2(diagonal, -diagonal), size) != label ||
           label_at(texel + ivec2(-diagonal, diagonal), size) != label ||
           label_at(texel - ivec2(diagonal, diagonal), size) != label;
  }
  vec4 colour = u_palette[min(label, 15)];
  frag_colour = colour * (edge ? 1.0 : u_fill_opacity) * u_opacity;
}
