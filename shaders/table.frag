#version 330 core
// The table the mouse stands on, lit like a product shot: a light grey surface under a big soft
// key light from the top left, a little brighter towards it and darker in the corners, with the
// mouse's soft shadow and contact shadow. Drawn at a fraction of the output's resolution (it has
// no sharp detail) and stretched by backdrop.frag; the vertex shader is blit.vert, whose texture
// coordinates are not used: the pixel's view ray comes from gl_FragCoord.
//
// Spaces: the world is in millimetres with y up and the table at y = 0; "local" is the mouse's own
// frame (the world turned with the mouse), in which the shadow height map was made.

uniform vec2 u_target_size_px;
// The camera: its position, and the view ray through normalised device coordinates (x, y) is
// u_forward + x * u_right_scaled + y * u_up_scaled (world).
uniform vec3 u_eye_mm;
uniform vec3 u_forward;
uniform vec3 u_right_scaled;
uniform vec3 u_up_scaled;
uniform mat2 u_world_to_local_xz;  // the mouse's turn, undone, acting on (x, z)

uniform sampler2D u_shadow_map;  // mouse_geometry::make_shadow_height_map
uniform float u_shadow_extent_mm;
uniform vec3 u_key_dir_local;  // towards the key light, in the mouse's frame

uniform vec3 u_key_colour;
uniform vec3 u_fill_colour;
uniform vec3 u_fill_dir;  // world
uniform vec3 u_sky_colour;
uniform vec3 u_table_albedo;

out vec4 frag_colour;

vec4 shadow_map_at(vec2 local_xz_mm) {
  return texture(u_shadow_map, local_xz_mm / (2.0 * u_shadow_extent_mm) + 0.5);
}

// How much of the key light reaches the table at `local_xz_mm`: the height map is searched
// towards the light, and a ray that leaves the table there is blocked where the mouse stands
// taller than the ray. The sharper height serves near the table, the softer higher up, so the
// penumbra widens with the occluder's distance as under a large light.
float key_visibility(vec2 local_xz_mm) {
  vec2 step_per_mm = u_key_dir_local.xz / u_key_dir_local.y;
  float blocked = 0.0;
  const int kSteps = 7;
  for (int i = 0; i < kSteps; ++i) {
    float ray_height_mm = 1.5 + 6.0 * float(i);
    vec4 texel = shadow_map_at(local_xz_mm + step_per_mm * ray_height_mm);
    float softness = float(i) / float(kSteps - 1);
    float occluder_mm = mix(texel.r, texel.g, softness) * (255.0 / 4.0);
    float penumbra_mm = 1.0 + 0.6 * ray_height_mm;
    blocked = max(blocked, smoothstep(-penumbra_mm, penumbra_mm, occluder_mm - ray_height_mm));
  }
  return 1.0 - 0.85 * blocked;
}

void main() {
  vec2 ndc = gl_FragCoord.xy / u_target_size_px * 2.0 - 1.0;
  vec3 ray = u_forward + ndc.x * u_right_scaled + ndc.y * u_up_scaled;
  // The camera looks down steeply, so every ray in the frame meets the table.
  vec3 world_mm = u_eye_mm + ray * (-u_eye_mm.y / ray.y);
  vec2 local_xz_mm = u_world_to_local_xz * world_mm.xz;

  vec4 texel = shadow_map_at(local_xz_mm);
  float ambient_visibility = 1.0 - 0.55 * texel.b - 0.4 * texel.a;
  float key = key_visibility(local_xz_mm) * u_key_dir_local.y;

  vec3 irradiance = u_key_colour * key + u_fill_colour * max(u_fill_dir.y, 0.0) +
                    u_sky_colour * ambient_visibility;
  vec3 colour = u_table_albedo * irradiance;

  // The key light is a large source close to the top left: the table falls off gently away from
  // it, and the corners of the frame a little more, as under a real softbox.
  float towards_key = dot(normalize(vec2(-1.0, 1.0)), ndc);
  colour *= 1.0 + 0.06 * towards_key;
  colour *= 1.0 - 0.16 * smoothstep(0.5, 1.6, length(ndc * vec2(1.0, 0.85)));

  frag_colour = vec4(pow(clamp(colour, 0.0, 1.0), vec3(1.0 / 2.2)), 1.0);
}
