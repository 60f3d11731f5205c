#version 330 core
// Coverage of a rounded rectangle (filled), or of a band of width `stroke` centred on its outline
// (stroked), from the signed distance to the outline: one output pixel of anti-aliasing, so edges
// are smooth yet land on the pixels the geometry says.

in vec2 v_local_px;
flat in vec4 v_shape;  // half width, half height, corner radius, stroke width (0: filled)
flat in float v_dash_px;
flat in vec4 v_colour;
out vec4 frag_colour;

float rounded_box_distance(vec2 p, vec2 half_size, float radius) {
  vec2 q = abs(p) - half_size + radius;
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - radius;
}

void main() {
  vec2 half_size = v_shape.xy;
  float radius = min(v_shape.z, min(half_size.x, half_size.y));
  float stroke = v_shape.w;
  float distance = rounded_box_distance(v_local_px, half_size, radius);
  if (stroke > 0.0) distance = abs(distance) - stroke * 0.5;
  float coverage = clamp(0.5 - distance, 0.0, 1.0);

  if (v_dash_px > 0.0 && stroke > 0.0) {
    // Dashes run along each side from its corners inwards, so every corner is drawn.
    vec2 from_corner = half_size - abs(v_local_px);
    float along = (from_corner.x / max(half_size.x, 1.0) < from_corner.y / max(half_size.y, 1.0))
                      ? from_corner.y
                      : from_corner.x;
    if (mod(along, 2.0 * v_dash_px) > v_dash_px) coverage = 0.0;
  }
  if (coverage <= 0.0) discard;
  frag_colour = v_colour * coverage;
}
