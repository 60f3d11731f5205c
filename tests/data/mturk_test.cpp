// The MTurk batch results loader, on batches generated with every column of a real export:
// fields, categories, the status rules, masks to annotations, and malformed files refused at
// the line and field that is wrong.
#include "hitl/data/mturk.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "hitl/base/base64.hpp"
#include "support/mturk_fixture.hpp"
#include "support/temp_dir.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using hitl::AssignmentStatus;
using hitl::BoxPx;
using hitl::MturkBatch;
using hitl::Warnings;
using hitl::test::MaskCanvas;
using hitl::test::MturkCsv;
using hitl::test::MturkRowSpec;

namespace {

const std::string kFile = "batch1.csv";
const std::string kPngColumn = "Answer.annotatedResult.labeledImage.pngImageData";
const std::string kWidthColumn = "Answer.annotatedResult.inputImageProperties.width";
const hitl::Rgb8 kBody = hitl::mouse_categories()[0].color;

hitl::Result<MturkBatch> load(const MturkCsv& csv, Warnings& warnings, int threads = 2) {
  hitl::MturkOptions options;
  options.threads = threads;
  return hitl::parse_mturk_csv(csv.text(), kFile, options, warnings);
}

MturkBatch load_ok(const MturkCsv& csv, Warnings& warnings, int threads = 2) {
  auto batch = load(csv, warnings, threads);
  if (!batch.ok()) FAIL(batch.error().to_string());
  return std::move(*batch);
}

// The error of loading a batch that must fail, as the user sees it.
std::string load_error(const MturkCsv& csv) {
  Warnings warnings;
  const auto batch = load(csv, warnings);
  if (batch.ok()) FAIL("the batch loaded; expected an error");
  return batch.error().to_string();
}

MturkRowSpec spec_with(int frame, std::vector<int> parts, std::uint64_t seed) {
  MturkRowSpec spec;
  spec.frame_number = frame;
  spec.parts = std::move(parts);
  spec.seed = seed;
  spec.approve_mark = true;
  return spec;
}

// A row whose mask is one rectangle of the body's colour.
MturkRowSpec rectangle_spec(int x, int y, int width, int height) {
  MturkRowSpec spec;
  MaskCanvas canvas(spec.width_px, spec.height_px);
  canvas.fill_rect(x, y, width, height, kBody);
  spec.png = canvas.png_rgba();
  spec.status = "Approved";
  return spec;
}

MturkCsv one_row_csv(const MturkRowSpec& spec) {
  return hitl::test::make_mturk_csv({spec});
}

AssignmentStatus status_of(const std::string& status, const std::string& approve,
                           const std::string& reject, std::string* reason = nullptr) {
  MturkRowSpec spec = spec_with(1, {0}, 3);
  spec.status = status;
  spec.approve_mark = false;
  auto csv = one_row_csv(spec);
  csv.rows[0]["Approve"] = approve;
  csv.rows[0]["Reject"] = reject;
  csv.rows[0]["RequesterFeedback"] = "feedback text";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  if (reason) *reason = batch.submissions[0].reject_reason;
  return batch.submissions[0].status;
}

// Everything a batch holds, one line per submission and annotation: compares whole batches.
std::string describe(const MturkBatch& batch) {
  std::ostringstream out;
  for (const auto& s : batch.submissions) {
    out << s.assignment_id << ' ' << s.worker_id << ' ' << s.frame_number << ' '
        << hitl::to_string(s.status) << ' ' << s.source << " [";
    for (const int a : s.annotations) out << a << ' ';
    out << "]\n";
  }
  for (const auto& a : batch.annotations) {
    out << a.id << ' ' << a.submission << ' ' << a.category_id << ' ' << a.bbox.x << ',' << a.bbox.y
        << ',' << a.bbox.width << ',' << a.bbox.height << " rle";
    for (const auto c : a.mask->counts) out << ' ' << c;
    out << '\n';
  }
  return out.str();
}

}  // namespace

TEST_CASE("mturk a row becomes a submission with the row's ids, frame, pay and time", "[mturk]") {
  MturkRowSpec spec = spec_with(17, {0}, 42);
  auto csv = one_row_csv(spec);
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  REQUIRE(batch.submissions.size() == 1);
  const auto& s = batch.submissions[0];
  CHECK(s.assignment_id == hitl::test::make_mturk_id(42));
  CHECK(s.hit_id == csv.rows[0]["HITId"]);
  CHECK(s.worker_id == hitl::test::make_worker_id(42));
  CHECK(hitl::is_mturk_worker_id(s.worker_id));
  CHECK(s.frame_number == 17);
  CHECK(s.reward_usd == Approx(0.15));
  REQUIRE(s.work_time_s.has_value());
  CHECK(*s.work_time_s == std::stod(csv.rows[0]["WorkTimeInSeconds"]));
  CHECK(s.batch == 1);
  CHECK(s.source == "batch1.csv:2");
  CHECK(warnings.empty());
}

TEST_CASE("mturk the batch number of the options goes into every submission", "[mturk]") {
  const auto csv = hitl::test::make_mturk_csv({spec_with(1, {0}, 1), spec_with(2, {0}, 2)});
  hitl::MturkOptions options;
  options.batch = 2;
  Warnings warnings;
  const auto batch = hitl::parse_mturk_csv(csv.text(), kFile, options, warnings);
  REQUIRE(batch.ok());
  for (const auto& s : batch->submissions) CHECK(s.batch == 2);
}

TEST_CASE("mturk categories follow the label columns with the mouse ids and row colours",
          "[mturk]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["Answer.annotatedResult.labelMappings.Cable.color"] = "#00FF00";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  REQUIRE(batch.categories.size() == 5);
  std::vector<std::pair<int, std::string>> ids_and_names;
  for (const auto& c : batch.categories) ids_and_names.emplace_back(c.id, c.name);
  CHECK(
      ids_and_names ==
      std::vector<std::pair<int, std::string>>{
          {1, "Body"}, {5, "Cable"}, {2, "Left_Button"}, {3, "Right_Button"}, {4, "Scroll_Wheel"}});
  CHECK(batch.categories[0].color.hex() == "#1f77b4");
  CHECK(batch.categories[1].color.hex() == "#00ff00");
}

TEST_CASE("mturk labels the mouse task does not know get ids from 6 in header order", "[mturk]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  const auto at = csv.columns.begin() + 36;
  csv.columns.insert(at, {"Answer.annotatedResult.labelMappings.Zeta.color",
                          "Answer.annotatedResult.labelMappings.Alpha.color"});
  csv.rows[0]["Answer.annotatedResult.labelMappings.Zeta.color"] = "#010203";
  csv.rows[0]["Answer.annotatedResult.labelMappings.Alpha.color"] = "#040506";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  REQUIRE(batch.categories.size() == 7);
  CHECK(batch.categories[5].name == "Zeta");
  CHECK(batch.categories[5].id == 6);
  CHECK(batch.categories[6].name == "Alpha");
  CHECK(batch.categories[6].id == 7);
  CHECK(batch.categories[6].color == hitl::Rgb8{4, 5, 6});
}

TEST_CASE("mturk a painted rectangle becomes an annotation with exactly its box and area",
          "[mturk]") {
  Warnings warnings;
  const auto batch = load_ok(one_row_csv(rectangle_spec(31, 7, 40, 25)), warnings);
  REQUIRE(batch.annotations.size() == 1);
  const auto& a = batch.annotations[0];
  CHECK(a.id == 1);
  CHECK(a.submission == 0);
  CHECK(a.category_id == 1);
  CHECK(a.bbox == BoxPx{31, 7, 40, 25});
  REQUIRE(a.mask.has_value());
  CHECK(a.mask->area() == 40 * 25);
  CHECK(a.mask->width == 288);
  CHECK(a.mask->height == 192);
  CHECK(batch.submissions[0].annotations == std::vector<int>{0});
}

TEST_CASE("mturk each labelled part is one annotation; parts not painted have none", "[mturk]") {
  Warnings warnings;
  const auto batch = load_ok(one_row_csv(spec_with(1, {0, 2, 4}, 9)), warnings);
  std::vector<int> categories;
  for (const auto& a : batch.annotations) categories.push_back(a.category_id);
  CHECK(categories == std::vector<int>{1, 5, 3});  // header order: Body, Cable, Right_Button
  CHECK(batch.submissions[0].annotations == std::vector<int>{0, 1, 2});
}

TEST_CASE("mturk annotation ids run from 1 in file order across rows", "[mturk]") {
  Warnings warnings;
  const auto batch =
      load_ok(hitl::test::make_mturk_csv(
                  {spec_with(1, {0, 1}, 1), spec_with(2, {}, 2), spec_with(3, {0, 3, 4}, 3)}),
              warnings);
  REQUIRE(batch.annotations.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(batch.annotations[i].id == int(i) + 1);
  CHECK(batch.submissions[0].annotations == std::vector<int>{0, 1});
  CHECK(batch.submissions[1].annotations.empty());
  CHECK(batch.submissions[2].annotations == std::vector<int>{2, 3, 4});
  CHECK(batch.annotations[4].submission == 2);
}

TEST_CASE("mturk status Approved is approved whatever Reject says", "[mturk]") {
  CHECK(status_of("Approved", "", "late") == AssignmentStatus::approved);
}

TEST_CASE("mturk status Rejected takes its reason from Reject", "[mturk]") {
  std::string reason;
  CHECK(status_of("Rejected", "", "Only 1 out 5 elements segmented", &reason) ==
        AssignmentStatus::rejected);
  CHECK(reason == "Only 1 out 5 elements segmented");
}

TEST_CASE("mturk status Rejected without Reject takes its reason from RequesterFeedback",
          "[mturk]") {
  std::string reason;
  CHECK(status_of("Rejected", "", "", &reason) == AssignmentStatus::rejected);
  CHECK(reason == "feedback text");
}

TEST_CASE("mturk status Submitted with a Reject reason is rejected with that reason", "[mturk]") {
  std::string reason;
  CHECK(status_of("Submitted", "", "Only 1 out 5 elements segmented", &reason) ==
        AssignmentStatus::rejected);
  CHECK(reason == "Only 1 out 5 elements segmented");
}

TEST_CASE("mturk status Submitted with an x in Approve is approved", "[mturk]") {
  CHECK(status_of("Submitted", "x", "") == AssignmentStatus::approved);
  CHECK(status_of("Submitted", "X", "") == AssignmentStatus::approved);
}

TEST_CASE("mturk status Submitted with neither Approve nor Reject is pending", "[mturk]") {
  CHECK(status_of("Submitted", "", "") == AssignmentStatus::pending);
}

TEST_CASE("mturk the reward comes from Reward, else from Input.paymentAmount", "[mturk]") {
  auto csv = hitl::test::make_mturk_csv({spec_with(1, {0}, 1), spec_with(2, {0}, 2)});
  csv.rows[0]["Reward"] = "$0.20";
  csv.rows[1]["Reward"] = "";
  csv.rows[1]["Input.paymentAmount"] = "0.35";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  CHECK(batch.submissions[0].reward_usd == Approx(0.20));
  CHECK(batch.submissions[1].reward_usd == Approx(0.35));
}

TEST_CASE("mturk without a Reward column the reward is Input.paymentAmount", "[mturk]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.drop_column("Reward");
  csv.rows[0]["Input.paymentAmount"] = "0.15";
  Warnings warnings;
  CHECK(load_ok(csv, warnings).submissions[0].reward_usd == Approx(0.15));
}

TEST_CASE("mturk an empty mask gives a submission without annotations and a warning", "[mturk]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0][kPngColumn] = "";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  REQUIRE(batch.submissions.size() == 1);
  CHECK(batch.annotations.empty());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].to_string() ==
        "batch1.csv:2: warning: Answer.annotatedResult.labeledImage.pngImageData: is empty: the "
        "worker sent no mask, so the approved submission has no annotations");
}

TEST_CASE("mturk an empty mask of a rejected assignment is not worth a warning", "[mturk]") {
  MturkRowSpec spec = spec_with(1, {0}, 1);
  spec.status = "Rejected";
  auto csv = one_row_csv(spec);
  csv.rows[0][kPngColumn] = "";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  CHECK(batch.submissions[0].status == AssignmentStatus::rejected);
  CHECK(warnings.empty());
}

TEST_CASE("mturk a mask without any label colour gives a warning", "[mturk]") {
  Warnings warnings;
  const auto batch = load_ok(one_row_csv(spec_with(4, {}, 1)), warnings);
  CHECK(batch.annotations.empty());
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0].to_string(),
             Contains("batch1.csv:2: warning: Answer.annotatedResult.labeledImage.pngImageData: "
                      "the mask has no pixel of any label colour"));
}

TEST_CASE("mturk a row's own colours decode its own mask", "[mturk]") {
  MturkRowSpec spec;
  MaskCanvas canvas(spec.width_px, spec.height_px);
  canvas.fill_rect(1, 2, 3, 4, hitl::Rgb8{0x12, 0x34, 0x56});
  spec.png = canvas.png_rgba();
  spec.seed = 2;
  auto csv = hitl::test::make_mturk_csv({spec_with(1, {0}, 1), spec});
  csv.rows[1]["Answer.annotatedResult.labelMappings.Scroll_Wheel.color"] = "#123456";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  const auto& s = batch.submissions[1];
  REQUIRE(s.annotations.size() == 1);
  const auto& a = batch.annotations[std::size_t(s.annotations[0])];
  CHECK(a.category_id == 4);
  CHECK(a.bbox == BoxPx{1, 2, 3, 4});
  CHECK(batch.categories[4].color.hex() == "#ff7f0e");  // the first row's colour names it
}

TEST_CASE("mturk an RGB mask without alpha is read like an RGBA one", "[mturk]") {
  MturkRowSpec spec;
  MaskCanvas canvas(spec.width_px, spec.height_px);
  canvas.fill_rect(100, 50, 20, 10, kBody);
  spec.png = canvas.png_rgb();
  Warnings warnings;
  const auto batch = load_ok(one_row_csv(spec), warnings);
  REQUIRE(batch.annotations.size() == 1);
  CHECK(batch.annotations[0].bbox == BoxPx{100, 50, 20, 10});
}

TEST_CASE("mturk a data URL and line-wrapped base64 are accepted", "[mturk]") {
  auto csv = one_row_csv(rectangle_spec(3, 4, 5, 6));
  std::string& cell = csv.rows[0][kPngColumn];
  std::string wrapped = "data:image/png;base64,";
  for (std::size_t i = 0; i < cell.size(); i += 76) wrapped += cell.substr(i, 76) + "\n";
  cell = wrapped;
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  REQUIRE(batch.annotations.size() == 1);
  CHECK(batch.annotations[0].bbox == BoxPx{3, 4, 5, 6});
}

TEST_CASE("mturk LF and CRLF files, quoted or not, give the same batch", "[mturk]") {
  auto csv = hitl::test::make_mturk_csv({spec_with(1, {0, 1}, 1), spec_with(2, {3}, 2)});
  Warnings warnings;
  const std::string expected = describe(load_ok(csv, warnings));
  csv.line_end = "\n";
  CHECK(describe(load_ok(csv, warnings)) == expected);
  csv.quote_all = false;
  CHECK(describe(load_ok(csv, warnings)) == expected);
  csv.line_end = "\r\n";
  CHECK(describe(load_ok(csv, warnings)) == expected);
}

TEST_CASE("mturk quoted fields keep commas, quotes and line breaks; lines stay right", "[mturk]") {
  MturkRowSpec first = spec_with(1, {0}, 1);
  first.approve_mark = false;
  first.reject = "Only 1 out 5 elements segmented, \"Body\" only.\nPlease label all five.";
  auto csv = hitl::test::make_mturk_csv({first, spec_with(2, {0}, 2)});
  csv.rows[0]["Description"] = "Paint the parts:\r\n- body\r\n- buttons, wheel, cable";
  Warnings warnings;
  const auto batch = load_ok(csv, warnings);
  CHECK(batch.submissions[0].status == AssignmentStatus::rejected);
  CHECK(batch.submissions[0].reject_reason ==
        "Only 1 out 5 elements segmented, \"Body\" only.\nPlease label all five.");
  CHECK(batch.submissions[1].source == "batch1.csv:6");  // after three line breaks in row 1
}

TEST_CASE("mturk masks decoded on several threads give exactly the batch of one thread",
          "[mturk]") {
  const auto specs = hitl::test::realistic_batch_specs(16, 240, 160, 2024);
  const auto csv = hitl::test::make_mturk_csv(specs);
  Warnings one_warnings, many_warnings;
  const auto one = load_ok(csv, one_warnings, 1);
  const auto many = load_ok(csv, many_warnings, 4);
  CHECK(one.annotations.size() > 16);
  CHECK(describe(one) == describe(many));
  CHECK(one_warnings.size() == many_warnings.size());
}

TEST_CASE("mturk a batch file is read from disk and named by its path", "[mturk]") {
  hitl::test::TempDir dir;
  const auto path = dir.write("batch.csv", one_row_csv(spec_with(3, {0}, 1)).text());
  Warnings warnings;
  const auto batch = hitl::load_mturk_csv(path.string(), {}, warnings);
  REQUIRE(batch.ok());
  CHECK(batch->submissions[0].source == path.string() + ":2");
  CHECK(batch->submissions[0].frame_number == 3);
}

// Malformed files: each refused with its line and field.

TEST_CASE("mturk a missing column is named with the header line", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.drop_column("WorkerId");
  CHECK(load_error(csv) ==
        "batch1.csv:1: WorkerId: the header has no column \"WorkerId\"; expected the columns of "
        "an MTurk batch results CSV of the segmentation task");
}

TEST_CASE("mturk a header without label colour columns is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  for (const auto& c : hitl::mouse_categories()) {
    csv.drop_column("Answer.annotatedResult.labelMappings." + c.name + ".color");
  }
  CHECK_THAT(load_error(csv),
             StartsWith("batch1.csv:1: Answer.annotatedResult.labelMappings.<Label>.color: the "
                        "header has no label colour column"));
}

TEST_CASE("mturk a header without Reward or Input.paymentAmount is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.drop_column("Reward");
  csv.drop_column("Input.paymentAmount");
  CHECK_THAT(load_error(csv),
             StartsWith("batch1.csv:1: Reward: the header has neither a \"Reward\" nor an "
                        "\"Input.paymentAmount\" column"));
}

TEST_CASE("mturk an empty file is refused", "[mturk][bad]") {
  Warnings warnings;
  const auto batch = hitl::parse_mturk_csv("", kFile, {}, warnings);
  REQUIRE_FALSE(batch.ok());
  CHECK(batch.error().to_string() ==
        "batch1.csv:1: the file is empty; expected an MTurk batch results CSV: a header row, then "
        "one row per assignment");
}

TEST_CASE("mturk a header without rows is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows.clear();
  CHECK(load_error(csv) ==
        "batch1.csv:1: the file has a header row but no assignment rows; expected one row per "
        "assignment after the header");
}

TEST_CASE("mturk binary garbage is refused as not UTF-8 text", "[mturk][bad]") {
  const char bytes[] = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\xFF\xFE";
  const std::string garbage(bytes, sizeof bytes - 1);
  Warnings warnings;
  const auto batch = hitl::parse_mturk_csv(garbage, kFile, {}, warnings);
  REQUIRE_FALSE(batch.ok());
  CHECK_THAT(batch.error().to_string(), StartsWith("batch1.csv:1:1: invalid UTF-8 byte 0x89"));
}

TEST_CASE("mturk a row cut short is refused with its field count", "[mturk][bad]") {
  MturkRowSpec spec = spec_with(1, {0}, 1);
  spec.approve_mark = false;
  auto csv = one_row_csv(spec);
  csv.quote_all = false;
  auto text = csv.text();
  text = text.substr(0, text.size() - 3) + "\r\n";  // drops the empty Reject field
  Warnings warnings;
  const auto batch = hitl::parse_mturk_csv(text, kFile, {}, warnings);
  REQUIRE_FALSE(batch.ok());
  CHECK_THAT(batch.error().to_string(),
             StartsWith("batch1.csv:2: the row has 39 fields; expected 40, one per header "
                        "column"));
}

TEST_CASE("mturk base64 with invalid characters is refused at its offset", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0][kPngColumn].insert(12, "*");
  CHECK(load_error(csv) ==
        "batch1.csv:2: Answer.annotatedResult.labeledImage.pngImageData: invalid base64 "
        "character \"*\" at byte offset 12; expected only A-Z, a-z, 0-9, '+', '/', whitespace "
        "and '=' padding at the end");
}

TEST_CASE("mturk a mask whose header claims 100000x100000 pixels is refused", "[mturk][bad]") {
  MturkRowSpec spec = spec_with(1, {0}, 1);
  spec.png = hitl::test::png_header_only(100000, 100000);
  CHECK(load_error(one_row_csv(spec)) ==
        "batch1.csv:2: Answer.annotatedResult.labeledImage.pngImageData: the mask PNG is "
        "100000x100000 pixels; expected 288x192 pixels, the size of the labelled image");
}

TEST_CASE("mturk a mask of another size than the image is refused", "[mturk][bad]") {
  MturkRowSpec spec = spec_with(1, {0}, 1);
  auto csv = one_row_csv(spec);
  csv.rows[0][kWidthColumn] = "2880";
  CHECK(load_error(csv) ==
        "batch1.csv:2: Answer.annotatedResult.labeledImage.pngImageData: the mask PNG is "
        "288x192 pixels; expected 2880x192 pixels, the size of the labelled image");
}

TEST_CASE("mturk a truncated mask PNG is refused", "[mturk][bad]") {
  MturkRowSpec spec = spec_with(1, {0, 1, 2}, 1);
  MaskCanvas canvas(spec.width_px, spec.height_px);
  hitl::test::paint_mouse(canvas, spec.parts, 0.2, 1);
  const std::string png = canvas.png_rgba();
  spec.png = png.substr(0, png.size() * 2 / 3);
  CHECK_THAT(load_error(one_row_csv(spec)),
             StartsWith("batch1.csv:2: Answer.annotatedResult.labeledImage.pngImageData: the "
                        "mask PNG is damaged or cut short"));
}

TEST_CASE("mturk a mask that is not a PNG is refused", "[mturk][bad]") {
  MturkRowSpec spec = spec_with(1, {0}, 1);
  spec.png = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10);
  CHECK(load_error(one_row_csv(spec)) ==
        "batch1.csv:2: Answer.annotatedResult.labeledImage.pngImageData: the mask is not a PNG: "
        "it starts with bytes FF D8 FF E0 00 10 4A 46; expected the PNG signature 89 50 4E 47 0D "
        "0A 1A 0A");
}

TEST_CASE("mturk a width that is not a number is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0][kWidthColumn] = "2880px";
  CHECK(load_error(csv) ==
        "batch1.csv:2: Answer.annotatedResult.inputImageProperties.width: \"2880px\" is not a "
        "number; expected the image width in pixels");
}

TEST_CASE("mturk a zero height is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["Answer.annotatedResult.inputImageProperties.height"] = "0";
  CHECK(load_error(csv) ==
        "batch1.csv:2: Answer.annotatedResult.inputImageProperties.height: 0 is not a usable "
        "image height; expected 1 to 16384 pixels");
}

TEST_CASE("mturk an unknown assignment status is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["AssignmentStatus"] = "Accepted";
  CHECK(load_error(csv) ==
        "batch1.csv:2: AssignmentStatus: \"Accepted\" is not an assignment status; expected "
        "Submitted, Approved or Rejected");
}

TEST_CASE("mturk a malformed worker id is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["WorkerId"] = "worker42";
  CHECK(load_error(csv) ==
        "batch1.csv:2: WorkerId: \"worker42\" is not an MTurk worker id; expected \"A\" followed "
        "by 11 to 20 upper-case letters and digits");
}

TEST_CASE("mturk a label colour that is not #RRGGBB is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["Answer.annotatedResult.labelMappings.Left_Button.color"] = "#d6272g";
  CHECK(load_error(csv) ==
        "batch1.csv:2: Answer.annotatedResult.labelMappings.Left_Button.color: \"#d6272g\" is "
        "not a colour; expected #RRGGBB, e.g. #1f77b4");
}

TEST_CASE("mturk an image URL without a frame number is refused", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["Input.image_url"] = "https://example-bucket.s3.amazonaws.com/frames/mouse.jpeg";
  CHECK(load_error(csv) ==
        "batch1.csv:2: Input.image_url: \"https://example-bucket.s3.amazonaws.com/frames/"
        "mouse.jpeg\" has no frame number in its file name; expected a name such as "
        "mouse_0001.jpeg or mouse_0001_out.jpeg");
}

TEST_CASE("mturk a reward that is not an amount is refused naming both fields", "[mturk][bad]") {
  auto csv = one_row_csv(spec_with(1, {0}, 1));
  csv.rows[0]["Reward"] = "fifteen cents";
  csv.rows[0]["Input.paymentAmount"] = "";
  CHECK(load_error(csv) ==
        "batch1.csv:2: Reward: Reward is \"fifteen cents\" and Input.paymentAmount is \"\"; "
        "expected a dollar amount such as $0.15 or 0.15");
}

TEST_CASE("mturk an assignment id seen twice is refused naming both lines", "[mturk][bad]") {
  auto csv = hitl::test::make_mturk_csv(
      {spec_with(1, {0}, 1), spec_with(2, {0}, 2), spec_with(3, {0}, 3)});
  csv.rows[2]["AssignmentId"] = csv.rows[0]["AssignmentId"];
  CHECK(load_error(csv) == "batch1.csv:4: AssignmentId: \"" + csv.rows[0]["AssignmentId"] +
                               "\" appears on line 2 and again on line 4; expected each "
                               "assignment once");
}

TEST_CASE("mturk a bad mask before a bad field is the error reported", "[mturk][bad]") {
  auto csv = hitl::test::make_mturk_csv(
      {spec_with(1, {0}, 1), spec_with(2, {0}, 2), spec_with(3, {0}, 3), spec_with(4, {0}, 4)});
  csv.rows[1][kPngColumn] = hitl::encode_base64("not a png at all");
  csv.rows[3]["WorkerId"] = "nobody";
  CHECK_THAT(load_error(csv),
             StartsWith("batch1.csv:3: Answer.annotatedResult.labeledImage.pngImageData: the "
                        "mask is not a PNG"));
}

TEST_CASE("mturk a bad field before a bad mask is the error reported", "[mturk][bad]") {
  auto csv = hitl::test::make_mturk_csv(
      {spec_with(1, {0}, 1), spec_with(2, {0}, 2), spec_with(3, {0}, 3), spec_with(4, {0}, 4)});
  csv.rows[1]["WorkerId"] = "nobody";
  csv.rows[2][kPngColumn] = hitl::encode_base64("not a png at all");
  CHECK_THAT(load_error(csv), StartsWith("batch1.csv:3: WorkerId: \"nobody\""));
}

TEST_CASE("mturk of several bad masks the first in the file is reported", "[mturk][bad]") {
  std::vector<MturkRowSpec> specs;
  for (int i = 1; i <= 12; ++i) specs.push_back(spec_with(i, {0, 1}, std::uint64_t(i)));
  auto csv = hitl::test::make_mturk_csv(specs);
  for (const std::size_t row : {5u, 8u, 11u}) csv.rows[row][kPngColumn] = "Zm9v";
  Warnings warnings;
  hitl::MturkOptions options;
  options.threads = 4;
  const auto batch = hitl::parse_mturk_csv(csv.text(), kFile, options, warnings);
  REQUIRE_FALSE(batch.ok());
  CHECK_THAT(batch.error().to_string(), StartsWith("batch1.csv:7: "));
}

TEST_CASE("mturk a missing file is refused naming it", "[mturk][bad]") {
  Warnings warnings;
  const auto batch = hitl::load_mturk_csv("/nonexistent/batch.csv", {}, warnings);
  REQUIRE_FALSE(batch.ok());
  CHECK_THAT(batch.error().to_string(), StartsWith("/nonexistent/batch.csv: cannot open"));
}
