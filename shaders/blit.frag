#version 330 core
// Copies the texture's colour unchanged.

uniform sampler2D u_texture;

in vec2 v_texcoord;
out vec4 frag_colour;

void main() {
  frag_colour = texture(u_texture, v_texcoord);
}
