// The thesis's M8 project folder: YOLO label files turned into pixel boxes with the size of the
// matching frame, survey answers from metadata.json in both of its shapes, and malformed labels
// and metadata refused at the file and line.
#include "hitl/data/m8_folder.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "support/test_images.hpp"

using hitl::BoxPx;
using hitl::DatasetParts;
using hitl::load_m8_folder;
using hitl::Warnings;
using hitl::test::TempDir;

namespace {

void write_frame(const TempDir& dir, const std::string& name, int width, int height) {
  dir.write("mouse_video_frames/" + name, hitl::test::make_jpeg(width, height, 0x60));
}

// Two workers on two frames of 288x192 (a tenth of the thesis's 2880x1920, so that boxes in
// eighths of the image land on whole pixels), each with a label file and survey answers.
void write_two_worker_folder(const TempDir& dir) {
  write_frame(dir, "mouse_0001_A2YFFC90MO0MW8.jpeg", 288, 192);
  write_frame(dir, "mouse_0002_ADQMQ2WYLFJB2.jpg", 288, 192);
  dir.write("labels/mouse_0001_A2YFFC90MO0MW8.txt",
            "0 0.5 0.5 0.25 0.5\n"
            "\n"
            "4 0.125 0.25 0.25 0.5\n");
  dir.write("labels/mouse_0002_ADQMQ2WYLFJB2.txt", "1 0.75 0.5 0.125 0.25\r\n");
  dir.write("metadata.json", R"json({
  "A2YFFC90MO0MW8": {"Q1": "25 - 34", "Q4": "S\u00e3o Paulo", "Q8": null, "Q10": 500},
  "ADQMQ2WYLFJB2": {"Q1": "18- 24", "Q5": "1 -5 min", "Q9": "Neck pain, Eye strain"}
})json");
}

DatasetParts load_ok(const TempDir& dir, Warnings& warnings) {
  auto parts = load_m8_folder(dir.path().string(), warnings);
  if (!parts.ok()) FAIL(parts.error().to_string());
  return std::move(*parts);
}

hitl::Diagnostic load_error(const TempDir& dir) {
  Warnings warnings;
  auto parts = load_m8_folder(dir.path().string(), warnings);
  if (parts.ok()) FAIL("the folder loaded; expected an error");
  return parts.error();
}

std::vector<std::string> messages_of(const Warnings& warnings) {
  std::vector<std::string> out;
  for (const auto& w : warnings) out.push_back(w.to_string());
  return out;
}

}  // namespace

TEST_CASE("M8 label lines become boxes in the source pixels of the matching image", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  CHECK(warnings.empty());

  REQUIRE(parts.annotations.size() == 3);
  CHECK(parts.annotations[0].category_id == 1);  // class 0: Body
  CHECK(parts.annotations[0].bbox == BoxPx{108, 48, 72, 96});
  CHECK(parts.annotations[1].category_id == 5);  // class 4: Cable
  CHECK(parts.annotations[1].bbox == BoxPx{0, 0, 72, 96});
  CHECK(parts.annotations[2].category_id == 2);  // class 1: Left_Button
  CHECK(parts.annotations[2].bbox == BoxPx{198, 72, 36, 48});
  CHECK(parts.annotations[0].id == 1);
  CHECK(parts.annotations[2].id == 3);
  CHECK(parts.annotations[2].submission == 1);
}

TEST_CASE("M8 label files are approved submissions of the worker and frame in their name", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  REQUIRE(parts.submissions.size() == 2);
  const auto& first = parts.submissions[0];
  CHECK(first.worker_id == "A2YFFC90MO0MW8");
  CHECK(first.frame_number == 1);
  CHECK(first.status == hitl::AssignmentStatus::approved);
  CHECK(first.reward_usd == 0);
  CHECK(first.assignment_id.empty());
  CHECK(first.source == "labels/mouse_0001_A2YFFC90MO0MW8.txt");
  CHECK(first.annotations == std::vector<int>{0, 1});
  CHECK(parts.submissions[1].worker_id == "ADQMQ2WYLFJB2");
  CHECK(parts.submissions[1].frame_number == 2);
  CHECK(parts.submissions[1].annotations == std::vector<int>{2});
}

TEST_CASE("M8 frames are the images, one per frame number, named relative to the frames folder",
          "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  CHECK(parts.frames_dir == dir / "mouse_video_frames");
  REQUIRE(parts.frames.size() == 2);
  CHECK(parts.frames[0].number == 1);
  CHECK(parts.frames[0].file == "mouse_0001_A2YFFC90MO0MW8.jpeg");
  CHECK(parts.frames[0].width_px == 288);
  CHECK(parts.frames[0].height_px == 192);
  CHECK(parts.frames[1].file == "mouse_0002_ADQMQ2WYLFJB2.jpg");
}

TEST_CASE("M8 classes default to the mouse task's five parts", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  REQUIRE(parts.categories.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(parts.categories[i].id == hitl::mouse_categories()[i].id);
    CHECK(parts.categories[i].name == hitl::mouse_categories()[i].name);
  }
  CHECK(parts.questions.size() == hitl::default_survey_questions().size());
}

TEST_CASE("M8 classes.txt names the classes, and known names keep the mouse task's colours",
          "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/classes.txt", "Body\nSleeve\r\ncable\n\n");
  dir.write("labels/mouse_0001_A2YFFC90MO0MW8.txt", "0 0.5 0.5 0.25 0.5\n2 0.125 0.25 0.25 0.5\n");
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  REQUIRE(parts.categories.size() == 3);
  CHECK(parts.categories[0].name == "Body");
  CHECK(parts.categories[0].color.hex() == "#1f77b4");
  CHECK(parts.categories[1].name == "Sleeve");
  CHECK(parts.categories[1].id == 2);
  CHECK(parts.categories[1].color.hex() == "#ff7f0e");  // tab10's second colour
  CHECK(parts.categories[2].name == "cable");
  CHECK(parts.categories[2].color.hex() == "#2ca02c");  // Cable's MTurk colour
  CHECK(parts.submissions.size() == 2);                 // classes.txt is not a label file
}

TEST_CASE("M8 metadata keyed by worker ID keeps nulls, non-ASCII text and numbers as text",
          "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  REQUIRE(parts.survey.size() == 2);
  const auto& first = parts.survey[0];
  CHECK(first.worker_id == "A2YFFC90MO0MW8");
  using Answers = std::vector<std::pair<std::string, std::optional<std::string>>>;
  CHECK(
      first.answers ==
      Answers{{"Q1", "25 - 34"}, {"Q4", "S\xC3\xA3o Paulo"}, {"Q8", std::nullopt}, {"Q10", "500"}});
  CHECK(parts.survey[1].worker_id == "ADQMQ2WYLFJB2");
  CHECK(*parts.survey[1].find("Q9") == "Neck pain, Eye strain");
}

TEST_CASE("M8 metadata as a list of workers with form_responses is read too", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json", R"json([
  {"worker_id": "ADQMQ2WYLFJB2",
   "form_responses": {"Q1": "18- 24", "Q3": "Bachelor\u2019s degree (completed)", "Q8": null
}
},
  {"worker_id": " A2YFFC90MO0MW8 ", "Q2": "Male", "Q10": "$1,200 laptop", "note": "pilot"}
])json");
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  CHECK(warnings.empty());
  REQUIRE(parts.survey.size() == 2);
  using Answers = std::vector<std::pair<std::string, std::optional<std::string>>>;
  CHECK(parts.survey[0].worker_id == "ADQMQ2WYLFJB2");
  CHECK(parts.survey[0].answers == Answers{{"Q1", "18- 24"},
                                           {"Q3", "Bachelor\xE2\x80\x99s degree (completed)"},
                                           {"Q8", std::nullopt}});
  CHECK(parts.survey[1].worker_id == "A2YFFC90MO0MW8");  // trimmed
  CHECK(parts.survey[1].answers == Answers{{"Q2", "Male"}, {"Q10", "$1,200 laptop"}});
}

TEST_CASE("M8 warns about unmatched images, label files and workers", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  write_frame(dir, "mouse_0003_A1ISZTMNHXPB4C.jpeg", 288, 192);  // labelled by nobody
  write_frame(dir, "mouse_0004.jpeg", 288, 192);                 // a plain frame: no warning
  dir.write("labels/mouse_0005_A35096GSACJWJM.txt", "2 0.5 0.5 0.5 0.5\n");  // no image
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);

  const std::string root = dir.path().string();
  CHECK(messages_of(warnings) ==
        std::vector<std::string>{
            root + "/labels/mouse_0005_A35096GSACJWJM.txt: warning: no image "
                   "mouse_video_frames/mouse_0005_A35096GSACJWJM.jpeg (.jpg, .png); its boxes "
                   "are scaled to 288x192, the size every frame in the folder has",
            root + "/mouse_video_frames/mouse_0003_A1ISZTMNHXPB4C.jpeg: warning: no label file "
                   "labels/mouse_0003_A1ISZTMNHXPB4C.txt; the frame is shown without this "
                   "worker's boxes",
            root + "/metadata.json: warning: worker A35096GSACJWJM labelled frames but has no "
                   "answers here",
        });
  // The label file without an image still gets its frame, with no file and the shared size.
  REQUIRE(parts.frames.size() == 5);
  CHECK(parts.frames[4].number == 5);
  CHECK(parts.frames[4].file.empty());
  CHECK(parts.annotations.back().bbox == BoxPx{72, 48, 144, 96});
}

TEST_CASE("M8 warns about workers who answered the survey but labelled nothing", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json", R"json({"A2YFFC90MO0MW8": {"Q1": "25 - 34"},
    "ADQMQ2WYLFJB2": {"Q1": "18- 24"}, "A1ISZTMNHXPB4C": {"Q1": "35 - 44"}})json");
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].to_string() == dir / "metadata.json" +
                                       ": warning: A1ISZTMNHXPB4C: worker A1ISZTMNHXPB4C answered "
                                       "the survey but has no label file in labels/");
  CHECK(parts.survey.size() == 3);
}

TEST_CASE("M8 metadata listing a worker twice keeps the later answers", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json", R"json([
  {"worker_id": "A2YFFC90MO0MW8", "Q1": "25 - 34"},
  {"worker_id": "ADQMQ2WYLFJB2", "Q1": "18- 24"},
  {"worker_id": "A2YFFC90MO0MW8", "Q1": "35 - 44"}
])json");
  Warnings warnings;
  const auto parts = load_ok(dir, warnings);
  REQUIRE(parts.survey.size() == 2);
  CHECK(parts.survey[0].worker_id == "ADQMQ2WYLFJB2");
  CHECK(parts.survey[1].worker_id == "A2YFFC90MO0MW8");
  CHECK(*parts.survey[1].find("Q1") == "35 - 44");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].to_string() ==
        dir / "metadata.json" +
            ": warning: [2]: worker A2YFFC90MO0MW8 appears twice; the later answers are kept");
}

TEST_CASE("M8 loaded parts make a consistent dataset", "[m8]") {
  TempDir dir;
  write_two_worker_folder(dir);
  Warnings warnings;
  auto dataset = hitl::Dataset::create(load_ok(dir, warnings), dir.path().string());
  REQUIRE(dataset.ok());
  CHECK(dataset->survey_of("A2YFFC90MO0MW8") != nullptr);
  CHECK(dataset->submissions_of_frame(2).size() == 1);
}

TEST_CASE("M8 label line with four values is refused at its line", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0002_ADQMQ2WYLFJB2.txt", "1 0.75 0.5 0.125 0.25\n0 0.5 0.5 0.2\n");
  CHECK(load_error(dir).to_string() ==
        dir / "labels/mouse_0002_ADQMQ2WYLFJB2.txt" +
            ":2: found 4 values; expected 5: class x_center y_center width height (YOLO boxes, "
            "normalised to 0-1)");
}

TEST_CASE("M8 label value that is not a number is refused at its column", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0002_ADQMQ2WYLFJB2.txt", "1 0.75 0,5 0.125 0.25\n");
  CHECK(load_error(dir).to_string() ==
        dir / "labels/mouse_0002_ADQMQ2WYLFJB2.txt" +
            ":1:8: y_center: \"0,5\" is not a number; expected a value normalised to the image "
            "size, from 0 to 1");
}

TEST_CASE("M8 label class beyond the class list is refused", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0001_A2YFFC90MO0MW8.txt", "0 0.5 0.5 0.25 0.5\n5 0.5 0.5 0.25 0.5\n");
  CHECK(load_error(dir).to_string() ==
        dir / "labels/mouse_0001_A2YFFC90MO0MW8.txt" +
            ":2:1: class: 5 is out of range; expected a class index from 0 to 4 (5 classes)");
}

TEST_CASE("M8 label class that is not a whole number is refused", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0001_A2YFFC90MO0MW8.txt", "Body 0.5 0.5 0.25 0.5\n");
  CHECK_THAT(load_error(dir).to_string(),
             Catch::EndsWith("mouse_0001_A2YFFC90MO0MW8.txt:1:1: class: \"Body\" is not a whole "
                             "number; expected a class index from 0 to 4"));
}

TEST_CASE("M8 label values in pixels rather than 0-1 are refused", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0001_A2YFFC90MO0MW8.txt", "0 144 96 72 96\n");
  const auto error = load_error(dir);
  CHECK(error.line == 1);
  CHECK(error.column == 3);
  CHECK(error.field == "x_center");
  CHECK(error.message ==
        "144 is outside 0..1; expected a value normalised to the image size (pixel coordinates "
        "are not YOLO's)");
}

TEST_CASE("M8 label box of zero width is refused", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0001_A2YFFC90MO0MW8.txt", "0 0.5 0.5 0 0.5\n");
  const auto error = load_error(dir);
  CHECK(error.to_string() ==
        dir / "labels/mouse_0001_A2YFFC90MO0MW8.txt" +
            ":1:11: width: 0 is not positive; expected the box's width as a fraction of the "
            "image's");
}

TEST_CASE("M8 label file without a worker ID in its name is refused", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("labels/mouse_0003.txt", "0 0.5 0.5 0.25 0.5\n");
  CHECK(load_error(dir).to_string() ==
        dir / "labels/mouse_0003.txt" +
            ": the file name carries no worker ID; expected names like "
            "mouse_0001_A2YFFC90MO0MW8.txt (frame 1, worker A2YFFC90MO0MW8), the name of the "
            "image it labels");
}

TEST_CASE("M8 label file without an image, among frames of different sizes, is refused",
          "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  write_frame(dir, "mouse_0002_ADQMQ2WYLFJB2.jpg", 144, 96);
  dir.write("labels/mouse_0007_A35096GSACJWJM.txt", "0 0.5 0.5 0.25 0.5\n");
  CHECK_THAT(load_error(dir).to_string(),
             Catch::StartsWith(dir / "labels/mouse_0007_A35096GSACJWJM.txt" +
                               ": no image mouse_video_frames/mouse_0007_A35096GSACJWJM.jpeg "
                               "(.jpg, .png) to give the size of the frame, and the other frames "
                               "do not share one size"));
}

TEST_CASE("M8 class names file with a gap is refused at the blank line", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("obj.names", "Body\n\nCable\n");
  CHECK(load_error(dir).to_string() ==
        dir / "obj.names" +
            ":2: blank class name; expected one class name per line, class 0 first, with no gaps "
            "(line N names class N-1)");
}

TEST_CASE("M8 damaged frame image is refused with its path", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("mouse_video_frames/mouse_0001_A2YFFC90MO0MW8.jpeg", "<html>Not found</html>");
  const auto error = load_error(dir);
  CHECK(error.file == dir / "mouse_video_frames/mouse_0001_A2YFFC90MO0MW8.jpeg");
  CHECK_THAT(error.message, Catch::StartsWith("not a JPEG or PNG file"));
}

TEST_CASE("M8 metadata with a trailing comma is refused at its line and column", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json",
            "{\n"
            "  \"A2YFFC90MO0MW8\": {\"Q1\": \"25 - 34\", \"Q2\": \"Male\",}\n"
            "}\n");
  const auto error = load_error(dir);
  CHECK(error.file == dir / "metadata.json");
  CHECK(error.line == 2);
  CHECK(error.column == 52);  // the "}" after the trailing comma
  CHECK_THAT(error.message,
             Catch::StartsWith("invalid JSON: syntax error while parsing object key"));
}

TEST_CASE("M8 metadata nested deeper than 64 levels is refused before parsing", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json", std::string(100000, '[') + std::string(100000, ']'));
  const auto error = load_error(dir);
  CHECK(error.to_string() == dir / "metadata.json" +
                                 ":1:65: arrays and objects are nested more than 64 levels deep; "
                                 "expected at most 64 levels (is this the right file?)");
}

TEST_CASE("M8 metadata whose top level is neither an object nor a list is refused", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json", "\"A2YFFC90MO0MW8\"");
  CHECK(load_error(dir).to_string() ==
        dir / "metadata.json" +
            ": the top level is text \"A2YFFC90MO0MW8\"; expected an object keyed by worker ID, "
            "or a list of objects with a \"worker_id\" field");
}

TEST_CASE("M8 metadata list entry without worker_id is refused naming the entry", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write("metadata.json", R"json([{"worker_id": "A2YFFC90MO0MW8"}, {"Q1": "25 - 34"}])json");
  CHECK(load_error(dir).to_string() ==
        dir / "metadata.json" +
            ": [1]: no \"worker_id\"; expected each entry to name the worker who answered");
}

TEST_CASE("M8 metadata answer that is a list is refused naming its key", "[m8][bad]") {
  TempDir dir;
  write_two_worker_folder(dir);
  dir.write(
      "metadata.json",
      R"json({"A2YFFC90MO0MW8": {"form_responses": {"Q9": ["Neck pain", "Eye strain"]}}})json");
  CHECK(load_error(dir).to_string() ==
        dir / "metadata.json" +
            ": A2YFFC90MO0MW8.form_responses.Q9: a list where an answer was expected; expected "
            "text, a number or null");
}

TEST_CASE("M8 folder without labels/ is refused naming the missing folder", "[m8][bad]") {
  TempDir dir;
  write_frame(dir, "mouse_0001_A2YFFC90MO0MW8.jpeg", 288, 192);
  CHECK(load_error(dir).to_string() ==
        dir / "labels" +
            ": no such folder; expected the YOLO label files (mouse_0001_A2YFFC90MO0MW8.txt, "
            "...) there");
}
