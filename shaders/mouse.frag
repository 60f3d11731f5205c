#version 330 core
// The sample mouse's surfaces, in mouse-local millimetres (see mouse.vert). By default they are
// shaded as matte plastic and rubber under the studio lights; with PART_IDS defined each fragment
// instead writes the id of the part it shows (red = id / 255: 1 Body, 2 Left_Button,
// 3 Right_Button, 4 Scroll_Wheel, 5 Cable), for the ground truth.
//
// One of SHELL, WHEEL or CABLE is defined: the mesh being drawn. A variant per mesh rather than a
// uniform, because the software rasteriser would run every branch of an if on a uniform.
//
// The shell is one mesh. Which of it is body and which the buttons is decided here per fragment
// from the same analytic shape as the mesh (src/sample/mouse_geometry.hpp), so the seams between
// them are exact lines at any resolution rather than the mesh's staircase.

in vec3 v_position_mm;
in vec3 v_normal;

// The shell: half length, half width at z = 0, width taper, top height (mm).
uniform vec4 u_shell;
// Its profile: footprint exponent n, cross-section exponent m, height dip, v of the top.
uniform vec4 u_shell_profile;
// The buttons: back seam z at x = 0 (mm), its curvature (per mm), side seam height fraction,
// groove width (mm).
uniform vec4 u_buttons;
// The wheel's slot: centre z, half length, half width, corner radius (mm).
uniform vec4 u_slot;

out vec4 frag_colour;

float top_height_mm(float v) {
  float d = (v - u_shell_profile.w) / (1.0 + u_shell_profile.w);
  return u_shell.w * (1.0 - u_shell_profile.z * d * d);
}

// The shell's height above (x, z), 0 outside its footprint.
float shell_height_mm(vec2 xz_mm) {
  float v = xz_mm.y / u_shell.x;
  float u = xz_mm.x / (u_shell.y * (1.0 + u_shell.z * v));
  float r_n = pow(abs(u), u_shell_profile.x) + pow(abs(v), u_shell_profile.x);
  return top_height_mm(v) * pow(max(1.0 - r_n, 0.0), 1.0 / u_shell_profile.y);
}

// About how far (mm, along the surface) a point of the shell is inside the buttons' outline:
// positive inside, negative outside. The side seam lies at a fraction of the local top height; a
// height difference becomes a distance along the surface through the slope.
float inside_buttons_mm(vec3 p, vec3 n) {
  float back_mm = u_buttons.x - u_buttons.y * p.x * p.x - p.z;
  float seam_height_mm = u_buttons.z * top_height_mm(p.z / u_shell.x);
  float slope = max(sqrt(max(1.0 - n.y * n.y, 0.0)), 0.25);
  return min(back_mm, (p.y - seam_height_mm) / slope);
}

// Signed distance (mm) from the wheel's slot in the top view: negative inside.
float from_slot_mm(vec3 p) {
  vec2 q = abs(vec2(p.x, p.z - u_slot.x)) - (u_slot.zy - u_slot.w);
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - u_slot.w;
}

int shell_part(vec3 p, vec3 n) {
  if (inside_buttons_mm(p, n) > 0.0 && from_slot_mm(p) > 0.0) return p.x < 0.0 ? 2 : 3;
  return 1;
}

#ifdef PART_IDS

void main() {
#if defined(SHELL)
  int part = shell_part(v_position_mm, normalize(v_normal));
#elif defined(WHEEL)
  int part = 4;
#else
  int part = 5;
#endif
  frag_colour = vec4(float(part) / 255.0, 0.0, 0.0, 1.0);
}

#else

uniform vec3 u_eye_mm;  // local
// Directions towards the lights (local) and their colours (linear).
uniform vec3 u_key_dir;
uniform vec3 u_key_colour;
uniform vec3 u_fill_dir;
uniform vec3 u_fill_colour;
uniform vec3 u_rim_dir;
uniform vec3 u_rim_colour;
uniform vec3 u_sky_colour;
uniform vec3 u_table_colour;  // the lit table, seen in reflections and bouncing light upwards

// Diffuse light from a large source: "wrapped" past the terminator, so the shading turns softly.
float soft_diffuse(vec3 n, vec3 to_light, float wrap) {
  return max((dot(n, to_light) + wrap) / (1.0 + wrap), 0.0);
}

// A dark line `width_mm` wide centred where `distance_mm` is 0, anti-aliased over one pixel
// (multisampling smooths only the mesh's edges, not lines drawn inside a triangle).
float groove(float distance_mm, float width_mm) {
  float pixel_mm = max(fwidth(distance_mm), 1e-4);
  return 1.0 - smoothstep(0.5 * width_mm - 0.5 * pixel_mm, 0.5 * width_mm + 0.5 * pixel_mm,
                          abs(distance_mm));
}

void main() {
  vec3 p = v_position_mm;
  // The meshes' normals point outwards by construction, whatever the triangles' winding.
  vec3 n = normalize(v_normal);
  vec3 to_eye = normalize(u_eye_mm - p);

  vec3 albedo;
  float gloss;         // how much of the environment the surface reflects
  float shininess;     // of the key light's highlight
  float occlusion = 1.0;
  float crease = 0.0;  // how much of a seam's groove covers the pixel

#if defined(SHELL)
  {
    float inside_mm = inside_buttons_mm(p, n);
    float slot_mm = from_slot_mm(p);
    bool button = inside_mm > 0.0 && slot_mm > 0.0;
    albedo = button ? vec3(0.052, 0.053, 0.056) : vec3(0.036, 0.037, 0.040);
    gloss = button ? 0.55 : 0.4;
    shininess = button ? 22.0 : 14.0;
    // Derivatives (fwidth) are taken outside the conditions, where every pixel computes them.
    float back_and_side_seam = groove(inside_mm, u_buttons.w);
    float middle_seam = groove(p.x, u_buttons.w);
    float slot_rim = groove(slot_mm, u_buttons.w);
    crease = max(slot_rim, slot_mm > 0.0 ? max(back_and_side_seam,
                                               inside_mm > 0.0 ? middle_seam : 0.0)
                                         : 0.0);
    if (slot_mm < 0.0) {
      // The slot's inside: a dark recess around the wheel.
      albedo = vec3(0.006);
      gloss = 0.05;
    }
    // The table hides the lowest part of the sides from the sky.
    occlusion = mix(0.45, 1.0, smoothstep(0.0, 12.0, p.y));
  }
#elif defined(WHEEL)
  {
    albedo = vec3(0.018, 0.018, 0.019);
    gloss = 0.5;
    shininess = 10.0;
    // The wheel sinks into the slot: what is below the shell's surface is in its shadow.
    float above_mm = p.y - shell_height_mm(p.xz);
    occlusion = mix(0.15, 1.0, smoothstep(-3.0, 1.5, above_mm));
  }
#else
  {
    albedo = vec3(0.022, 0.022, 0.024);
    gloss = 0.35;
    shininess = 30.0;
    // The cable lies on the table: its underside sees only the table's shadow.
    occlusion = mix(0.35, 1.0, smoothstep(-0.8, 0.6, n.y));
  }
#endif

  vec3 sky_bounce = mix(u_table_colour * 0.55, u_sky_colour, 0.5 + 0.5 * n.y);
  vec3 irradiance = u_key_colour * soft_diffuse(n, u_key_dir, 0.2) +
                    u_fill_colour * soft_diffuse(n, u_fill_dir, 0.5) + sky_bounce * occlusion;
  vec3 colour = albedo * irradiance;

  // The key light's highlight, broad because the light is large, and a rim from behind.
  vec3 half_key = normalize(u_key_dir + to_eye);
  float highlight = pow(max(dot(n, half_key), 0.0), shininess) * (shininess + 8.0) / 80.0;
  colour += u_key_colour * highlight * 0.09 * gloss * occlusion;
  float facing = max(dot(n, to_eye), 0.0);
  float grazing = 1.0 - facing;
  float grazing_2 = grazing * grazing;
  colour += u_rim_colour * grazing_2 * grazing * max(dot(n, u_rim_dir), 0.0) * 0.25 * gloss;

  // The environment's reflection, stronger at grazing angles (Schlick's Fresnel): the bright
  // table below and the light grey studio above.
  vec3 reflected = reflect(-to_eye, n);
  vec3 environment = mix(u_table_colour, u_sky_colour * 1.6, smoothstep(-0.15, 0.35, reflected.y));
  float fresnel = 0.04 + 0.96 * grazing_2 * grazing_2 * grazing;
  colour += environment * fresnel * gloss * 0.6 * occlusion;

  colour *= 1.0 - 0.85 * crease;
  frag_colour = vec4(pow(clamp(colour, 0.0, 1.0), vec3(1.0 / 2.2)), 1.0);
}

#endif
