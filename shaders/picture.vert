#version 330 core
// One rectangle of the output (u_rect_px: x, y, width, height in output pixels, y down from the
// top), its corners made from gl_VertexID: draw a GL_TRIANGLE_STRIP of 4 vertices with any vertex
// array bound. v_texcoord runs over u_texcoord_rect (x, y, width, height; (0, 0, 1, 1) for a whole
// texture) from the rectangle's top left to its bottom right, matching textures whose texel row 0
// is the image's top.

uniform vec4 u_rect_px;
uniform vec4 u_texcoord_rect;
uniform vec2 u_viewport_px;

out vec2 v_texcoord;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  vec2 position_px = u_rect_px.xy + corner * u_rect_px.zw;
  vec2 ndc = position_px / u_viewport_px * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
  v_texcoord = u_texcoord_rect.xy + corner * u_texcoord_rect.zw;
}
