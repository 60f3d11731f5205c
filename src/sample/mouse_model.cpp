// The sample mouse's renderer: the meshes of mouse_geometry drawn in a small photo studio, and a
// second drawing of the same meshes that gives each pixel's part.
//
// Per frame, in this order:
//   1. parts: the meshes into an R8 target with a depth buffer, no multisampling, each fragment
//      writing its part id (shaders/mouse.frag with PART_IDS); read back at once;
//   2. table: the lit table with the mouse's shadow at a quarter of the resolution
//      (shaders/table.frag), from a height map of the mouse made once at creation;
//   3. colour: the meshes shaded into a 4x multisampled target with a depth test, then that table
//      stretched behind them (shaders/backdrop.frag) where the depth test finds nothing drawn, so
//      the pixels the mouse covers are not shaded twice; resolved and read back.
// The parts' rows are turned over on the CPU while the driver draws pass 3.
#include "hitl/sample/mouse_model.hpp"

#include <epoxy/gl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <numbers>
#include <span>
#include <string>

#include "hitl/gfx/gl_objects.hpp"
#include "hitl/gfx/gl_state.hpp"
#include "sample/mouse_geometry.hpp"

namespace hitl {

namespace {

namespace geometry = mouse_geometry;

constexpr double kPi = std::numbers::pi;

// The studio. World millimetres, y up, the table at y = 0; at frame 0 the mouse's front points
// away from the camera (up in the picture) and its cable runs out of the top edge.
constexpr double kCameraElevation_deg = 64.0;
constexpr double kCameraDistance_mm = 350.0;
constexpr double kFieldOfViewY_deg = 30.0;
constexpr double kLookAtHeight_mm = 14.0;
constexpr int kColourSamples = 4;
constexpr int kTableDownscale = 4;  // the table pass's pixels are this many output pixels a side
constexpr int kShadowMapTexels = 1024;

struct Vec3 {
  double x = 0, y = 0, z = 0;
};
Vec3 operator-(Vec3 a, Vec3 b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
Vec3 operator+(Vec3 a, Vec3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
Vec3 operator*(double k, Vec3 a) {
  return {k * a.x, k * a.y, k * a.z};
}
double dot(Vec3 a, Vec3 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
Vec3 cross(Vec3 a, Vec3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
Vec3 normalised(Vec3 a) {
  return (1.0 / std::sqrt(dot(a, a))) * a;
}
// Turns a world vector into the frame of a mouse turned by `angle` about y.
Vec3 world_to_local(Vec3 a, double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  return {c * a.x - s * a.z, a.y, s * a.x + c * a.z};
}

// Lights, as directions towards them (world) and linear colours. The key is a large softbox high
// at the top left of the picture; a weaker fill from the front right; a rim from behind.
const Vec3 kKeyDir = normalised({-0.45, 0.72, -0.48});
const Vec3 kFillDir = normalised({0.65, 0.45, 0.60});
const Vec3 kRimDir = normalised({0.15, 0.40, -0.90});
constexpr Vec3 kKeyColour{1.00, 0.985, 0.96};
constexpr Vec3 kFillColour{0.24, 0.245, 0.26};
constexpr Vec3 kRimColour{0.55, 0.56, 0.58};
constexpr Vec3 kSkyColour{0.30, 0.305, 0.315};
constexpr Vec3 kTableAlbedo{0.585, 0.585, 0.58};
// The light falling on the open table, for the table's colour in the mouse's reflections.
const double kTableLight = kKeyDir.y * kKeyColour.x + kFillDir.y * kFillColour.x + kSkyColour.x;

// 4x4 matrices, column-major as GL takes them.
using Mat4 = std::array<float, 16>;

Mat4 multiply(const Mat4& a, const Mat4& b) {
  Mat4 product{};
  for (int column = 0; column < 4; ++column) {
    for (int row = 0; row < 4; ++row) {
      float sum = 0;
      for (int k = 0; k < 4; ++k) sum += a[k * 4 + row] * b[column * 4 + k];
      product[column * 4 + row] = sum;
    }
  }
  return product;
}

Mat4 perspective(double fov_y_rad, double aspect, double near_mm, double far_mm) {
  const double f = 1.0 / std::tan(fov_y_rad / 2);
  Mat4 m{};
  m[0] = static_cast<float>(f / aspect);
  m[5] = static_cast<float>(f);
  m[10] = static_cast<float>((far_mm + near_mm) / (near_mm - far_mm));
  m[11] = -1.0f;
  m[14] = static_cast<float>(2 * far_mm * near_mm / (near_mm - far_mm));
  return m;
}

struct Camera {
  Vec3 eye, forward, right, up;
};

Camera studio_camera() {
  const double elevation = kCameraElevation_deg * kPi / 180.0;
  const Vec3 target{0.0, kLookAtHeight_mm, 0.0};
  Camera camera;
  camera.eye = target + kCameraDistance_mm * Vec3{0.0, std::sin(elevation), std::cos(elevation)};
  camera.forward = normalised(target - camera.eye);
  camera.right = normalised(cross(camera.forward, {0.0, 1.0, 0.0}));
  camera.up = cross(camera.right, camera.forward);
  return camera;
}

Mat4 view_matrix(const Camera& camera) {
  const Vec3& r = camera.right;
  const Vec3& u = camera.up;
  const Vec3& f = camera.forward;
  const Vec3& e = camera.eye;
  return {static_cast<float>(r.x),        static_cast<float>(u.x),
          static_cast<float>(-f.x),       0.0f,
          static_cast<float>(r.y),        static_cast<float>(u.y),
          static_cast<float>(-f.y),       0.0f,
          static_cast<float>(r.z),        static_cast<float>(u.z),
          static_cast<float>(-f.z),       0.0f,
          static_cast<float>(-dot(r, e)), static_cast<float>(-dot(u, e)),
          static_cast<float>(dot(f, e)),  1.0f};
}

// The mouse turned by `angle` about y: local to world.
Mat4 turn_matrix(double angle) {
  const float c = static_cast<float>(std::cos(angle)), s = static_cast<float>(std::sin(angle));
  return {c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, 0, 0, 0, 1};
}

void set_uniform(const ShaderProgram& program, std::string_view name, Vec3 value) {
  glUniform3f(program.uniform_location(name), static_cast<float>(value.x),
              static_cast<float>(value.y), static_cast<float>(value.z));
}

void set_uniform(const ShaderProgram& program, std::string_view name, double a, double b, double c,
                 double d) {
  glUniform4f(program.uniform_location(name), static_cast<float>(a), static_cast<float>(b),
              static_cast<float>(c), static_cast<float>(d));
}

// The shape constants that mouse.frag needs to split the shell into body and buttons.
void set_shell_uniforms(const ShaderProgram& program) {
  set_uniform(program, "u_shell", geometry::kHalfLength_mm, geometry::kHalfWidth_mm,
              geometry::kWidthTaper, geometry::kTopHeight_mm);
  set_uniform(program, "u_shell_profile", geometry::kFootprintExponent, geometry::kSectionExponent,
              geometry::kHeightDip, geometry::kPeakV);
  set_uniform(program, "u_buttons", geometry::kButtonSeamZ_mm, geometry::kButtonSeamCurve_per_mm,
              geometry::kSideSeamHeightFraction, geometry::kGrooveWidth_mm);
  set_uniform(program, "u_slot", geometry::kWheelCentreZ_mm, geometry::kSlotHalfLength_mm,
              geometry::kSlotHalfWidth_mm, geometry::kSlotCornerRadius_mm);
}

// One mesh on the GPU, with its variants of mouse.frag: shaded, and writing part ids.
struct GpuMesh {
  ShaderProgram colour_program;
  ShaderProgram parts_program;
  VertexArray vertex_array;
  Buffer vertices;
  Buffer indices;
  GLsizei index_count = 0;
};

// `variant` is the mesh's #define in mouse.frag: SHELL, WHEEL or CABLE.
Result<GpuMesh> upload_mesh(const geometry::Mesh& mesh, const std::string& variant,
                            const std::string& label) {
  GpuMesh gpu;
  const std::array<std::string, 1> colour_defines = {variant};
  auto colour = ShaderProgram::load("mouse.vert", "mouse.frag", colour_defines);
  if (!colour) return colour.error();
  gpu.colour_program = std::move(*colour);
  const std::array<std::string, 2> parts_defines = {variant, "PART_IDS"};
  auto parts = ShaderProgram::load("mouse.vert", "mouse.frag", parts_defines);
  if (!parts) return parts.error();
  gpu.parts_program = std::move(*parts);
  gpu.index_count = static_cast<GLsizei>(mesh.indices.size());
  gpu.vertex_array = VertexArray::create(label + " vertex array");
  gpu.vertices = Buffer::create(label + " vertices");
  gpu.indices = Buffer::create(label + " indices");
  gpu.vertices.set_data(mesh.vertices.data(), mesh.vertices.size() * sizeof(mesh.vertices[0]),
                        GL_STATIC_DRAW);
  gpu.indices.set_data(mesh.indices.data(), mesh.indices.size() * sizeof(mesh.indices[0]),
                       GL_STATIC_DRAW);
  gpu.vertex_array.bind();
  {
    SavedBufferBinding saved(GL_ARRAY_BUFFER);
    glBindBuffer(GL_ARRAY_BUFFER, gpu.vertices.id());
    using Vertex = geometry::Mesh::Vertex;
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, position)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, normal)));
    // The element buffer binding belongs to the vertex array: it stays with it.
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.indices.id());
  }
  glBindVertexArray(0);
  if (Status errors = take_gl_errors("uploading " + label); !errors) return errors.error();
  return gpu;
}

// glReadPixels of a whole framebuffer's first colour attachment, rows as GL gives them (bottom
// first), tightly packed.
void read_pixels(GLuint framebuffer, int width_px, int height_px, GLenum format,
                 std::vector<std::uint8_t>& pixels) {
  const std::size_t channels = format == GL_RED ? 1 : 4;
  pixels.resize(static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) *
                channels);
  SavedBufferBinding saved_pack(GL_PIXEL_PACK_BUFFER);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_px, height_px, format, GL_UNSIGNED_BYTE, pixels.data());
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
}

// The GL state the passes change, put back when the render ends.
class SavedPassState {
 public:
  SavedPassState() {
    glGetIntegerv(GL_VIEWPORT, viewport_.data());
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertex_array_);
    glGetBooleanv(GL_DEPTH_WRITEMASK, &depth_mask_);
    for (std::size_t i = 0; i < kSwitches.size(); ++i) enabled_[i] = glIsEnabled(kSwitches[i]);
  }
  ~SavedPassState() {
    for (std::size_t i = 0; i < kSwitches.size(); ++i) {
      if (enabled_[i] == GL_TRUE) {
        glEnable(kSwitches[i]);
      } else {
        glDisable(kSwitches[i]);
      }
    }
    glDepthMask(depth_mask_);
    glBindVertexArray(static_cast<GLuint>(vertex_array_));
    glUseProgram(static_cast<GLuint>(program_));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
  }
  SavedPassState(const SavedPassState&) = delete;
  SavedPassState& operator=(const SavedPassState&) = delete;

 private:
  static constexpr std::array<GLenum, 4> kSwitches = {GL_DEPTH_TEST, GL_BLEND, GL_CULL_FACE,
                                                      GL_SCISSOR_TEST};
  std::array<GLint, 4> viewport_{};
  GLint program_ = 0;
  GLint vertex_array_ = 0;
  GLboolean depth_mask_ = GL_TRUE;
  std::array<GLboolean, 4> enabled_{};
};

class StudioMouseRenderer final : public MouseRenderer {
 public:
  static Result<std::unique_ptr<StudioMouseRenderer>> create(const MouseRenderOptions& options);
  Result<MouseFrame> render(int index) override;

 private:
  Status create_targets();
  // Sets a mesh program's uniforms: (program, part_ids).
  using MeshUniforms = std::function<void(const ShaderProgram&, bool)>;
  void draw_meshes(bool part_ids, const MeshUniforms& uniforms) const;

  MouseRenderOptions options_;
  Camera camera_;
  Mat4 world_to_clip_{};
  int table_width_px_ = 0, table_height_px_ = 0;

  // Declared in the order of creation, so destroyed in reverse.
  ShaderProgram table_program_;
  ShaderProgram backdrop_program_;
  std::vector<GpuMesh> meshes_;
  VertexArray fullscreen_vertex_array_;  // no attributes: blit.vert makes its corners
  Texture2D shadow_map_;
  Texture2D table_colour_;
  Framebuffer table_framebuffer_;
  Renderbuffer multisampled_colour_;
  Renderbuffer multisampled_depth_;
  Framebuffer multisampled_framebuffer_;
  Texture2D resolved_colour_;
  Framebuffer resolved_framebuffer_;
  Texture2D parts_colour_;
  Renderbuffer parts_depth_;
  Framebuffer parts_framebuffer_;

  // Readback buffers, rows bottom first, reused across frames (22 MB and 5.5 MB at 2880x1920).
  std::vector<std::uint8_t> read_scratch_;
  std::vector<std::uint8_t> parts_scratch_;
};

Result<std::unique_ptr<StudioMouseRenderer>> StudioMouseRenderer::create(
    const MouseRenderOptions& options) {
  if (options.width_px <= 0 || options.height_px <= 0 || options.frame_count <= 0) {
    return error_at("", 0, 0, "",
                    "cannot render the sample mouse at " + std::to_string(options.width_px) + "x" +
                        std::to_string(options.height_px) + " pixels over " +
                        std::to_string(options.frame_count) +
                        " frames; expected a positive size and frame count");
  }
  log_stale_gl_errors();
  auto renderer = std::unique_ptr<StudioMouseRenderer>(new StudioMouseRenderer());
  renderer->options_ = options;
  renderer->camera_ = studio_camera();
  const double aspect = static_cast<double>(options.width_px) / options.height_px;
  renderer->world_to_clip_ =
      multiply(perspective(kFieldOfViewY_deg * kPi / 180.0, aspect, 40.0, 4000.0),
               view_matrix(renderer->camera_));

  auto table = ShaderProgram::load("blit.vert", "table.frag");
  if (!table) return table.error();
  renderer->table_program_ = std::move(*table);
  auto backdrop = ShaderProgram::load("blit.vert", "backdrop.frag");
  if (!backdrop) return backdrop.error();
  renderer->backdrop_program_ = std::move(*backdrop);

  struct MeshToMake {
    geometry::Mesh mesh;
    const char* variant;
    const char* label;
  };
  for (const MeshToMake& make : {
           MeshToMake{geometry::make_shell_mesh(), "SHELL", "mouse shell"},
           MeshToMake{geometry::make_wheel_mesh(), "WHEEL", "mouse scroll wheel"},
           MeshToMake{geometry::make_cable_mesh(), "CABLE", "mouse cable"},
       }) {
    auto mesh = upload_mesh(make.mesh, make.variant, make.label);
    if (!mesh) return mesh.error();
    renderer->meshes_.push_back(std::move(*mesh));
  }
  renderer->fullscreen_vertex_array_ = VertexArray::create("mouse backdrop vertex array");

  auto shadow_map = Texture2D::create(kShadowMapTexels, kShadowMapTexels, TextureFormat::rgba8,
                                      "mouse shadow height map");
  if (!shadow_map) return shadow_map.error();
  renderer->shadow_map_ = std::move(*shadow_map);
  const std::vector<std::uint8_t> heights = geometry::make_shadow_height_map(kShadowMapTexels);
  if (Status uploaded =
          renderer->shadow_map_.upload(0, 0, kShadowMapTexels, kShadowMapTexels, heights.data());
      !uploaded) {
    return uploaded.error();
  }

  if (Status targets = renderer->create_targets(); !targets) return targets.error();
  return renderer;
}

Status StudioMouseRenderer::create_targets() {
  const int width = options_.width_px, height = options_.height_px;
  table_width_px_ = std::max(1, (width + kTableDownscale - 1) / kTableDownscale);
  table_height_px_ = std::max(1, (height + kTableDownscale - 1) / kTableDownscale);
  auto table_colour =
      Texture2D::create(table_width_px_, table_height_px_, TextureFormat::rgba8, "mouse table");
  if (!table_colour) return table_colour.error();
  table_colour_ = std::move(*table_colour);
  auto table_framebuffer = Framebuffer::create_with_colour(table_colour_, "mouse table");
  if (!table_framebuffer) return table_framebuffer.error();
  table_framebuffer_ = std::move(*table_framebuffer);

  GLint max_samples = 1;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  const int samples = std::min(kColourSamples, static_cast<int>(max_samples));
  auto colour = Renderbuffer::create_rgba8(width, height, samples, "mouse multisampled colour");
  if (!colour) return colour.error();
  multisampled_colour_ = std::move(*colour);
  auto depth = Renderbuffer::create_depth24(width, height, samples, "mouse multisampled depth");
  if (!depth) return depth.error();
  multisampled_depth_ = std::move(*depth);
  auto multisampled = Framebuffer::create_with_colour_and_depth(
      multisampled_colour_, multisampled_depth_, "mouse multisampled");
  if (!multisampled) return multisampled.error();
  multisampled_framebuffer_ = std::move(*multisampled);

  auto resolved = Texture2D::create(width, height, TextureFormat::rgba8, "mouse colour");
  if (!resolved) return resolved.error();
  resolved_colour_ = std::move(*resolved);
  auto resolved_framebuffer = Framebuffer::create_with_colour(resolved_colour_, "mouse colour");
  if (!resolved_framebuffer) return resolved_framebuffer.error();
  resolved_framebuffer_ = std::move(*resolved_framebuffer);

  auto parts =
      Texture2D::create(width, height, TextureFormat::r8, "mouse parts", TextureFilter::nearest);
  if (!parts) return parts.error();
  parts_colour_ = std::move(*parts);
  auto parts_depth = Renderbuffer::create_depth24(width, height, 1, "mouse parts depth");
  if (!parts_depth) return parts_depth.error();
  parts_depth_ = std::move(*parts_depth);
  auto parts_framebuffer =
      Framebuffer::create_with_colour_and_depth(parts_colour_, parts_depth_, "mouse parts");
  if (!parts_framebuffer) return parts_framebuffer.error();
  parts_framebuffer_ = std::move(*parts_framebuffer);
  return Done{};
}

void StudioMouseRenderer::draw_meshes(bool part_ids, const MeshUniforms& uniforms) const {
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  for (const GpuMesh& mesh : meshes_) {
    const ShaderProgram& program = part_ids ? mesh.parts_program : mesh.colour_program;
    program.use();
    uniforms(program, part_ids);
    mesh.vertex_array.bind();
    glDrawElements(GL_TRIANGLES, mesh.index_count, GL_UNSIGNED_INT, nullptr);
  }
}

Result<MouseFrame> StudioMouseRenderer::render(int index) {
  const int count = options_.frame_count;
  const int turn_index = ((index % count) + count) % count;
  const double angle = 2 * kPi * turn_index / count;
  const int width = options_.width_px, height = options_.height_px;

  log_stale_gl_errors();
  SavedPassState saved_state;
  SavedFramebufferBindings saved_framebuffers;
  SavedTextureBinding saved_texture;
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

  const Mat4 local_to_clip = multiply(world_to_clip_, turn_matrix(angle));
  const Vec3 eye_local = world_to_local(camera_.eye, angle);
  const Vec3 key_local = world_to_local(kKeyDir, angle);

  // 1. Parts.
  glBindFramebuffer(GL_FRAMEBUFFER, parts_framebuffer_.id());
  glViewport(0, 0, width, height);
  glClearColor(0, 0, 0, 0);
  glClearDepth(1.0);
  glDepthMask(GL_TRUE);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  // Only the shell's variants split it into body and buttons, and only the shaded ones are lit.
  const MeshUniforms mesh_uniforms = [&](const ShaderProgram& program, bool part_ids) {
    glUniformMatrix4fv(program.uniform_location("u_local_to_clip"), 1, GL_FALSE,
                       local_to_clip.data());
    if (&program == &meshes_[0].colour_program || &program == &meshes_[0].parts_program) {
      set_shell_uniforms(program);
    }
    if (part_ids) return;
    set_uniform(program, "u_eye_mm", eye_local);
    set_uniform(program, "u_key_dir", key_local);
    set_uniform(program, "u_key_colour", kKeyColour);
    set_uniform(program, "u_fill_dir", world_to_local(kFillDir, angle));
    set_uniform(program, "u_fill_colour", kFillColour);
    set_uniform(program, "u_rim_dir", world_to_local(kRimDir, angle));
    set_uniform(program, "u_rim_colour", kRimColour);
    set_uniform(program, "u_sky_colour", kSkyColour);
    set_uniform(program, "u_table_colour", kTableLight * kTableAlbedo);
  };
  draw_meshes(true, mesh_uniforms);
  MouseFrame frame;
  frame.width_px = width;
  frame.height_px = height;
  read_pixels(parts_framebuffer_.id(), width, height, GL_RED, parts_scratch_);

  // 2. Table.
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glBindFramebuffer(GL_FRAMEBUFFER, table_framebuffer_.id());
  glViewport(0, 0, table_width_px_, table_height_px_);
  table_program_.use();
  const double tan_y = std::tan(kFieldOfViewY_deg * kPi / 360.0);
  const double tan_x = tan_y * width / height;
  glUniform2f(table_program_.uniform_location("u_target_size_px"),
              static_cast<float>(table_width_px_), static_cast<float>(table_height_px_));
  set_uniform(table_program_, "u_eye_mm", camera_.eye);
  set_uniform(table_program_, "u_forward", camera_.forward);
  set_uniform(table_program_, "u_right_scaled", tan_x * camera_.right);
  set_uniform(table_program_, "u_up_scaled", tan_y * camera_.up);
  const float c = static_cast<float>(std::cos(angle)), s = static_cast<float>(std::sin(angle));
  const std::array<float, 4> world_to_local_xz = {c, s, -s, c};
  glUniformMatrix2fv(table_program_.uniform_location("u_world_to_local_xz"), 1, GL_FALSE,
                     world_to_local_xz.data());
  shadow_map_.bind(0);
  glUniform1i(table_program_.uniform_location("u_shadow_map"), 0);
  glUniform1f(table_program_.uniform_location("u_shadow_extent_mm"),
              static_cast<float>(geometry::kShadowExtent_mm));
  set_uniform(table_program_, "u_key_dir_local", key_local);
  set_uniform(table_program_, "u_key_colour", kKeyColour);
  set_uniform(table_program_, "u_fill_colour", kFillColour);
  set_uniform(table_program_, "u_fill_dir", kFillDir);
  set_uniform(table_program_, "u_sky_colour", kSkyColour);
  set_uniform(table_program_, "u_table_albedo", kTableAlbedo);
  fullscreen_vertex_array_.bind();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);

  // 3. Colour: the mouse, then the table behind it.
  glBindFramebuffer(GL_FRAMEBUFFER, multisampled_framebuffer_.id());
  glViewport(0, 0, width, height);
  glDepthMask(GL_TRUE);
  glClear(GL_DEPTH_BUFFER_BIT);
  draw_meshes(false, mesh_uniforms);
  // The table at the far plane (depth 1, what the clear left), drawn only where nothing is nearer.
  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_FALSE);
  glDepthRange(1.0, 1.0);
  backdrop_program_.use();
  table_colour_.bind(0);
  glUniform1i(backdrop_program_.uniform_location("u_table"), 0);
  glUniform2f(backdrop_program_.uniform_location("u_target_size_px"), static_cast<float>(width),
              static_cast<float>(height));
  fullscreen_vertex_array_.bind();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glDepthRange(0.0, 1.0);

  glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled_framebuffer_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved_framebuffer_.id());
  glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glFlush();

  // While the driver draws, turn the parts right way up.
  const std::size_t parts_row = static_cast<std::size_t>(width);
  frame.parts.resize(parts_scratch_.size());
  for (int row = 0; row < height; ++row) {
    std::memcpy(frame.parts.data() + static_cast<std::size_t>(row) * parts_row,
                parts_scratch_.data() + static_cast<std::size_t>(height - 1 - row) * parts_row,
                parts_row);
  }

  read_pixels(resolved_framebuffer_.id(), width, height, GL_RGBA, read_scratch_);
  frame.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  for (int row = 0; row < height; ++row) {
    const std::uint8_t* from =
        read_scratch_.data() + static_cast<std::size_t>(height - 1 - row) * parts_row * 4;
    std::uint8_t* to = frame.rgb.data() + static_cast<std::size_t>(row) * parts_row * 3;
    for (int column = 0; column < width; ++column) {
      to[0] = from[0];
      to[1] = from[1];
      to[2] = from[2];
      from += 4;
      to += 3;
    }
  }
  if (Status errors = take_gl_errors("rendering the sample mouse"); !errors) {
    return errors.error();
  }
  return frame;
}

}  // namespace

Result<std::unique_ptr<MouseRenderer>> MouseRenderer::create(const MouseRenderOptions& options) {
  auto renderer = StudioMouseRenderer::create(options);
  if (!renderer) return renderer.error();
  return std::unique_ptr<MouseRenderer>(std::move(*renderer));
}

}  // namespace hitl
