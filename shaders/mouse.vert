#version 330 core
// The sample mouse's meshes (src/sample/mouse_geometry.cpp), in mouse-local millimetres: y up from
// the table, the front towards -z. The fragment shader works in the same space, so the lights and
// the eye are turned into it rather than every vertex into the world.

layout(location = 0) in vec3 a_position_mm;
layout(location = 1) in vec3 a_normal;

uniform mat4 u_local_to_clip;

out vec3 v_position_mm;
out vec3 v_normal;

void main() {
  v_position_mm = a_position_mm;
  v_normal = a_normal;
  gl_Position = u_local_to_clip * vec4(a_position_mm, 1.0);
}
