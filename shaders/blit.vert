#version 330 core
// A textured quad over the whole target, its corners made from gl_VertexID: draw it as a
// GL_TRIANGLE_STRIP of 4 vertices with any vertex array bound, no vertex buffer needed.

out vec2 v_texcoord;

void main() {
  // Corners in strip order: bottom left, bottom right, top left, top right.
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
  // Texel row 0 is the image's top (v = 0) and NDC y = +1 is the target's top.
  v_texcoord = vec2(corner.x, 1.0 - corner.y);
}
