// The COCO reader and hitl's dataset.json writer: the thesis's extracts as printed and repaired,
// segmentations in all three COCO forms, malformed files refused at the right line and column,
// and a written dataset read back to equal parts.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "hitl/base/text.hpp"
#include "hitl/data/coco.hpp"
#include "hitl/data/coco_rle.hpp"

using Catch::Contains;
using hitl::parse_coco_json;

namespace {

const std::string coco_dir = std::string(HITL_TEST_DATA_DIR) + "/coco/";

// A COCO file with one 2880x1920 image and one annotation, each on a line of its own:
// the annotation given is line 5, so that its columns are 4 + its own.
std::string one_annotation(const std::string& annotation) {
  return "{\n"
         "  \"images\": [{\"id\": 1, \"file_name\": \"mouse_0001_A2YFFC90MO0MW8.png\", "
         "\"width\": 2880, \"height\": 1920}],\n"
         "  \"categories\": [{\"id\": 4, \"name\": \"Scroll_Wheel\"}],\n"
         "  \"annotations\": [\n"
         "    " +
         annotation +
         "\n"
         "  ]\n"
         "}\n";
}

// The error of parsing `text` as "file:line:column: field: message".
std::string refusal(const std::string& text, const std::string& file = "t.json") {
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(text, file, warnings);
  if (parts.ok()) return "accepted";
  return parts.error().to_string();
}

hitl::Dataset create_or_fail(hitl::DatasetParts parts) {
  auto dataset = hitl::Dataset::create(std::move(parts), "test");
  if (!dataset.ok()) FAIL(dataset.error().to_string());
  return std::move(*dataset);
}

using Answers = std::vector<std::pair<std::string, std::optional<std::string>>>;

}  // namespace

// ---------------------------------------------------------------------------------------------
// The thesis's extracts

TEST_CASE("COCO thesis images extract as printed is refused at the brace after its trailing comma",
          "[coco]") {
  hitl::Warnings warnings;
  const auto parts = hitl::load_coco_json(coco_dir + "thesis_images_as_printed.json", warnings);
  REQUIRE_FALSE(parts.ok());
  const auto& error = parts.error();
  CHECK(error.line == 40);
  CHECK(error.column == 1);
  CHECK(error.message ==
        "unexpected '}' after a trailing comma (the comma at line 39, column 4); JSON allows no "
        "comma after the last member: expected another \"key\": value after the comma, or no "
        "comma before '}'");
  CHECK_THAT(error.file, Contains("thesis_images_as_printed.json"));
}

TEST_CASE("COCO thesis images extract without the trailing comma gives six submissions", "[coco]") {
  hitl::Warnings warnings;
  auto parts = hitl::load_coco_json(coco_dir + "thesis_images_valid.json", warnings);
  REQUIRE(parts.ok());
  REQUIRE(parts->submissions.size() == 6);
  const std::vector<int> frames = {1, 3, 4, 202, 10, 11};
  const std::vector<std::string> workers = {"A2YFFC90MO0MW8", "A3QQ78M8JAA0V8", "A1O667FY1Z4MV5",
                                            "A1NW6Q6P3NBHWE", "A2BSAP480FLLOJ", "A2J86NI89IOP17"};
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& s = parts->submissions[i];
    CHECK(s.frame_number == frames[i]);
    CHECK(s.worker_id == workers[i]);
    CHECK(s.status == hitl::AssignmentStatus::approved);
    CHECK(s.reward_usd == 0);
    CHECK(s.annotations.empty());
  }
  CHECK_THAT(parts->submissions[0].source, Contains("thesis_images_valid.json:3"));
  REQUIRE(parts->frames.size() == 6);
  CHECK(parts->frames[5].number == 202);
  CHECK(parts->frames[5].width_px == 2880);
  CHECK(parts->frames[5].height_px == 1920);
  CHECK(parts->categories.size() == 5);  // no "categories": the mouse's parts
  REQUIRE(warnings.size() == 2);
  CHECK_THAT(warnings[0].message, Contains("no \"annotations\" array"));
  CHECK_THAT(warnings[1].message, Contains("no \"categories\" array"));
  const auto dataset = create_or_fail(std::move(*parts));
  CHECK(dataset.submissions_of_frame(202).size() == 1);
}

TEST_CASE("COCO thesis annotations are read with their workers and survey answers", "[coco]") {
  hitl::Warnings warnings;
  auto parts = hitl::load_coco_json(coco_dir + "thesis_annotations_valid.json", warnings);
  REQUIRE(parts.ok());
  CHECK(warnings.empty());
  REQUIRE(parts->submissions.size() == 4);
  REQUIRE(parts->annotations.size() == 4);
  const auto& first = parts->annotations[0];
  CHECK(first.id == 565);
  CHECK(first.category_id == 4);
  CHECK(first.bbox == hitl::BoxPx{1250, 1, 106, 354});
  CHECK_FALSE(first.mask.has_value());
  CHECK(parts->submissions[0].worker_id == "ADQMQ2WYLFJB2");
  CHECK(parts->submissions[0].frame_number == 155);
  CHECK(parts->submissions[3].annotations == std::vector<int>{3});
  CHECK(parts->annotations[3].bbox == hitl::BoxPx{1288, 0, 219, 379});

  REQUIRE(parts->survey.size() == 4);
  const auto& adq = parts->survey[0];
  CHECK(adq.worker_id == "ADQMQ2WYLFJB2");
  REQUIRE(adq.answers.size() == 10);
  CHECK(adq.answers[0] == std::pair<std::string, std::optional<std::string>>{"Q1", "25 - 34"});
  CHECK(*adq.find("Q3") == std::optional<std::string>("Bachelor\xE2\x80\x99s degree (completed)"));
  CHECK(*adq.find("Q4") == std::optional<std::string>("illions"));
  CHECK(*adq.find("Q10") == std::optional<std::string>("$1,200 laptop"));
  const auto& a35 = parts->survey[2];
  CHECK(a35.worker_id == "A35096GSACJWJM");
  REQUIRE(a35.find("Q8") != nullptr);
  CHECK_FALSE(a35.find("Q8")->has_value());     // null: not answered
  CHECK(parts->survey[3].answers.size() == 9);  // 569 is cut after Q9 in print
  CHECK(parts->survey[3].answers.back().first == "Q9");

  REQUIRE(parts->categories.size() == 5);
  CHECK(parts->categories[3].name == "Scroll_Wheel");
  CHECK(parts->categories[3].color.hex() == "#ff7f0e");  // the MTurk label colour
  CHECK(parts->questions.size() == hitl::default_survey_questions().size());
  create_or_fail(std::move(*parts));
}

// ---------------------------------------------------------------------------------------------
// What the reader accepts

TEST_CASE("COCO answers given as JSON numbers are kept as the text they stand for", "[coco]") {
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(
      one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1, 2, 3, 4], )"
                     R"("attributes": {"form_responses": {"Q10": 500, "Q1": 34.5, "Q8": null}}})"),
      "t.json", warnings);
  REQUIRE(parts.ok());
  REQUIRE(parts->survey.size() == 1);
  CHECK(parts->survey[0].worker_id == "A2YFFC90MO0MW8");  // from the image's file name
  CHECK(parts->survey[0].answers == Answers{{"Q10", "500"}, {"Q1", "34.5"}, {"Q8", std::nullopt}});
}

TEST_CASE("COCO worker answering differently in two annotations keeps the first answers",
          "[coco]") {
  hitl::Warnings warnings;
  const std::string text =
      "{\"images\": [{\"id\": 1, \"file_name\": \"mouse_0001.png\", \"width\": 10, \"height\": "
      "10}],\n"
      "\"categories\": [{\"id\": 1, \"name\": \"Body\"}],\n"
      "\"annotations\": [\n"
      "{\"id\": 7, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, 2, 2], \"attributes\": "
      "{\"worker_id\": \"W1\", \"form_responses\": {\"Q1\": \"18- 24\"}}},\n"
      "{\"id\": 9, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, 2, 2], \"attributes\": "
      "{\"worker_id\": \"W1\", \"form_responses\": {\"Q1\": \"25 - 34\"}}}\n"
      "]}\n";
  const auto parts = parse_coco_json(text, "t.json", warnings);
  REQUIRE(parts.ok());
  REQUIRE(parts->survey.size() == 1);
  CHECK(parts->survey[0].answers == Answers{{"Q1", "18- 24"}});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].to_string() ==
        "t.json:5:118: warning: annotations[1].attributes.form_responses: worker W1 answers "
        "differently in annotation 9 than in annotation 7; keeping the answers of annotation 7");
}

TEST_CASE("COCO worker in the file name wins over a different attributes.worker_id", "[coco]") {
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(
      one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1, 2, 3, 4], )"
                     R"("attributes": {"worker_id": "AOTHERWORKER1"}})"),
      "t.json", warnings);
  REQUIRE(parts.ok());
  CHECK(parts->submissions[0].worker_id == "A2YFFC90MO0MW8");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].field == "annotations[0].attributes.worker_id");
  CHECK(warnings[0].line == 5);
  CHECK(warnings[0].message ==
        "\"AOTHERWORKER1\" differs from \"A2YFFC90MO0MW8\", given by the image's file name "
        "\"mouse_0001_A2YFFC90MO0MW8.png\"; keeping \"A2YFFC90MO0MW8\"");
}

TEST_CASE("COCO status, rejection reason and assignment come from the attributes", "[coco]") {
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(
      one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1, 2, 3, 4], )"
                     R"("attributes": {"status": "Rejected", "reject_reason": "Only 1 out 5 )"
                     R"(elements segmented", "assignment_id": "3ABC"}})"),
      "t.json", warnings);
  REQUIRE(parts.ok());
  const auto& s = parts->submissions[0];
  CHECK(s.status == hitl::AssignmentStatus::rejected);
  CHECK(s.reject_reason == "Only 1 out 5 elements segmented");
  CHECK(s.assignment_id == "3ABC");
}

TEST_CASE("COCO polygons, uncompressed RLE and compressed RLE give the same mask", "[coco]") {
  const std::string images =
      R"({"images": [{"id": 1, "file_name": "mouse_0001.png", "width": 5, "height": 5}], )"
      R"("categories": [{"id": 1, "name": "Body"}], "annotations": [)";
  const std::string text =
      images +
      R"({"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[1, 1, 3, 1, 3, 3, 1, 3]]},)"
      R"({"id": 2, "image_id": 1, "category_id": 1, "segmentation": {"size": [5, 5], )"
      R"("counts": [6, 2, 3, 2, 12]}},)"
      R"({"id": 3, "image_id": 1, "category_id": 1, "segmentation": {"size": [5, 5], )"
      R"("counts": "62309"}, "bbox": [1, 1, 2, 2]}]})";
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(text, "t.json", warnings);
  REQUIRE(parts.ok());
  REQUIRE(parts->annotations.size() == 3);
  const hitl::MaskRle expected{5, 5, {6, 2, 3, 2, 12}};
  for (const auto& annotation : parts->annotations) {
    REQUIRE(annotation.mask.has_value());
    CHECK(*annotation.mask == expected);
    CHECK(annotation.bbox == hitl::BoxPx{1, 1, 2, 2});  // from the mask when there is no bbox
  }
}

TEST_CASE("COCO categories without a colour take the mouse part's colour, else the palette",
          "[coco]") {
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(
      R"({"images": [], "annotations": [], "categories": [{"id": 1, "name": "scroll wheel"}, )"
      R"({"id": 2, "name": "Antenna"}, {"id": 3, "name": "Body", "color": "#010203"}]})",
      "t.json", warnings);
  REQUIRE(parts.ok());
  CHECK(parts->categories[0].color.hex() == "#ff7f0e");
  CHECK(parts->categories[1].color.hex() == "#ff7f0e");  // tab10's second colour
  CHECK(parts->categories[2].color.hex() == "#010203");
}

// ---------------------------------------------------------------------------------------------
// What the reader refuses

TEST_CASE("COCO garbage is refused as invalid JSON at its first character", "[coco]") {
  CHECK(refusal("garbage") ==
        "t.json:1:1: invalid JSON in a value: invalid literal; last read: 'g'; expected a JSON "
        "value (an object, an array, text in double quotes, a number, true, false or null)");
}

TEST_CASE("COCO empty file is refused", "[coco]") {
  CHECK(refusal("") ==
        "t.json:1:1: the file is empty; expected a COCO JSON object {\"images\": [...], "
        "\"annotations\": [...], \"categories\": [...]}");
  CHECK_THAT(refusal(" \n\n"), Contains("the file is empty"));
}

TEST_CASE("COCO top-level array is refused", "[coco]") {
  CHECK(refusal("\n  [1, 2]") ==
        "t.json:2:3: the top level is an array of 2 values; expected a COCO object {\"images\": "
        "[...], \"annotations\": [...], \"categories\": [...]}");
}

TEST_CASE("COCO images that are not an array are refused", "[coco]") {
  CHECK(refusal(R"({"images": {"id": 1}})") ==
        "t.json:1:12: images: found an object; expected an array of objects");
  CHECK(refusal(R"({"annotations": []})") ==
        "t.json:1:1: \"images\" is missing; expected a COCO object with an \"images\" array (one "
        "entry per labelled image)");
}

TEST_CASE("COCO bbox with a string in it is refused at that value", "[coco]") {
  CHECK(refusal(one_annotation(
            R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1250, "1", 106, 354]})")) ==
        "t.json:5:63: annotations[0].bbox[1]: found the text \"1\"; expected the box's y in "
        "pixels, a number");
}

TEST_CASE("COCO bbox with a negative width is refused", "[coco]") {
  CHECK(refusal(one_annotation(
            R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1250, 1, -106, 354]})")) ==
        "t.json:5:66: annotations[0].bbox[2]: the box's width is -106; expected a width above 0 "
        "pixels");
}

TEST_CASE("COCO bbox with a zero height is refused", "[coco]") {
  CHECK_THAT(refusal(one_annotation(
                 R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1250, 1, 106, 0]})")),
             Contains("annotations[0].bbox[3]: the box's height is 0; expected a height above 0"));
}

TEST_CASE("COCO enormous box is refused as reaching outside its image", "[coco]") {
  CHECK(refusal(one_annotation(
            R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [0, 0, 1e300, 354]})")) ==
        "t.json:5:56: annotations[0].bbox: the box [0, 0, 1e+300, 354] reaches outside its "
        "2880x1920 image (images[0], \"mouse_0001_A2YFFC90MO0MW8.png\"); expected a box within "
        "the image (1 pixel of slack)");
}

TEST_CASE("COCO box more than 1 px outside its image is refused, within 1 px accepted", "[coco]") {
  CHECK_THAT(refusal(one_annotation(
                 R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [2800, 0, 82, 10]})")),
             Contains("t.json:5:56: annotations[0].bbox: the box [2800, 0, 82, 10] reaches "
                      "outside its 2880x1920 image"));
  CHECK(refusal(one_annotation(
            R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [-1, -0.5, 2882, 10]})")) ==
        "accepted");
}

TEST_CASE("COCO annotation of an unknown image is refused", "[coco]") {
  CHECK(refusal(one_annotation(
            R"({"id": 1, "image_id": 12, "category_id": 4, "bbox": [1, 1, 1, 1]})")) ==
        "t.json:5:27: annotations[0].image_id: image 12 does not exist; expected the id of an "
        "entry of \"images\"");
}

TEST_CASE("COCO annotation of an unknown category is refused", "[coco]") {
  CHECK(refusal(one_annotation(
            R"({"id": 1, "image_id": 1, "category_id": 9, "bbox": [1, 1, 1, 1]})")) ==
        "t.json:5:45: annotations[0].category_id: category 9 does not exist; expected the id of "
        "an entry of \"categories\"");
}

TEST_CASE("COCO duplicate annotation id is refused naming the first one", "[coco]") {
  CHECK(refusal(one_annotation(
            R"({"id": 3, "image_id": 1, "category_id": 4, "bbox": [1, 1, 1, 1]},)"
            "\n    "
            R"({"id": 3, "image_id": 1, "category_id": 4, "bbox": [2, 2, 1, 1]})")) ==
        "t.json:6:12: annotations[1].id: annotation id 3 is used twice (also by annotations[0]); "
        "expected unique ids");
}

TEST_CASE("COCO duplicate image id is refused", "[coco]") {
  CHECK(refusal(R"({"images": [{"id": 1, "file_name": "mouse_0001.png", "width": 9, "height": 9},)"
                R"( {"id": 1, "file_name": "mouse_0002.png", "width": 9, "height": 9}]})") ==
        "t.json:1:87: images[1].id: image id 1 is used twice (also by images[0]); expected "
        "unique ids");
}

TEST_CASE("COCO image sizes must be whole numbers from 1 to 65535", "[coco]") {
  const auto image = [](const std::string& width) {
    return R"({"images": [{"id": 1, "file_name": "mouse_0001.png", "width": )" + width +
           R"(, "height": 9}]})";
  };
  CHECK(refusal(image("0")) ==
        "t.json:1:63: images[0].width: found the number 0; expected the image's width in pixels, "
        "a whole number from 1 to 65535");
  CHECK_THAT(refusal(image("2880.5")), Contains("found the number 2880.5; expected"));
  CHECK_THAT(refusal(image("70000")), Contains("found the number 70000; expected"));
  CHECK_THAT(refusal(image("\"2880\"")), Contains("found the text \"2880\"; expected"));
  CHECK(refusal(image("2880.0")) == "accepted");
}

TEST_CASE("COCO image whose frame cannot be told is refused", "[coco]") {
  CHECK(refusal(R"({"images": [{"id": 1, "file_name": "photo.png", "width": 9, "height": 9}]})") ==
        "t.json:1:36: images[0].file_name: cannot tell the frame of \"photo.png\"; expected a "
        "file name with the frame number, like \"mouse_0001_A2YFFC90MO0MW8.png\", or a "
        "\"frame_number\"");
}

TEST_CASE("COCO deeply nested JSON is refused quickly without parsing it", "[coco]") {
  const std::string text = "{\"images\": " + std::string(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  const std::string message = refusal(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(message ==
        "t.json:1:75: arrays and objects are nested more than 64 levels deep; expected at most 64 "
        "levels (is this the right file?)");
  CHECK(elapsed < std::chrono::milliseconds(500));
}

TEST_CASE("COCO invalid UTF-8 inside a string is refused at its byte", "[coco]") {
  CHECK(refusal("{\"images\": [\n  {\"id\": 1, \"file_name\": \"mouse_0001_\xFF.png\"}]}") ==
        "t.json:2:38: invalid UTF-8 byte 0xff; expected a UTF-8 text file (JSON is always UTF-8)");
}

TEST_CASE("COCO truncated file is refused at its end", "[coco]") {
  const auto full = hitl::read_file(coco_dir + "thesis_annotations_valid.json");
  REQUIRE(full.ok());
  const std::string cut = full->substr(0, full->find("\"Q5\": \"5 - 10 min\""));
  const auto end = hitl::position_of_offset(cut, cut.size());
  const std::string message = refusal(cut);
  CHECK_THAT(message,
             Contains("t.json:" + std::to_string(end.line) + ":" + std::to_string(end.column) +
                      ": the file ends in the middle of an "
                      "object key (is it truncated?)"));
}

TEST_CASE("COCO number too large for a double is refused at the number", "[coco]") {
  CHECK(refusal("{\"images\": [],\n \"x\": [1, 1e400]}") ==
        "t.json:2:11: the number \"1e400\" is too large; expected a number of at most about "
        "1.8e308");
}

TEST_CASE("COCO RLE whose size does not match its image is refused", "[coco]") {
  CHECK(refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, )"
                               R"("segmentation": {"size": [1080, 1920], "counts": "0"}})")) ==
        "t.json:5:73: annotations[0].segmentation.size: the mask is [1080, 1920] (height, width) "
        "but its image images[0] is 2880x1920; expected [1920, 2880], the [height, width] of its "
        "image");
}

TEST_CASE("COCO malformed compressed RLE is refused", "[coco]") {
  CHECK(refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, )"
                               R"("segmentation": {"size": [1920, 2880], "counts": "05~"}})")) ==
        "t.json:5:97: annotations[0].segmentation.counts: malformed compressed RLE: character 2 "
        "of the counts string is \"~\"; expected only characters from \"0\" to \"o\"");
}

TEST_CASE("COCO RLE whose runs do not cover the image is refused", "[coco]") {
  CHECK_THAT(refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, )"
                                    R"("segmentation": {"size": [1920, 2880], )"
                                    R"("counts": [100, 5]}})")),
             Contains("annotations[0].segmentation.counts: the run lengths add up to 105 pixels; "
                      "expected height x width = 1920 x 2880 = 5529600"));
}

TEST_CASE("COCO polygon with an odd number of coordinates is refused", "[coco]") {
  CHECK(
      refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, )"
                             R"("segmentation": [[1, 1, 3, 1, 3, 3, 1, 3], [1, 1, 3, 1, 3]]})")) ==
      "t.json:5:91: annotations[0].segmentation[1]: the polygon has 5 coordinates, an odd "
      "number; expected x, y pairs");
}

TEST_CASE("COCO polygon point outside its image is refused", "[coco]") {
  CHECK_THAT(refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, )"
                                    R"("segmentation": [[1, 1, 3000, 1, 3, 3]]})")),
             Contains("annotations[0].segmentation[0][2]: x = 3000 lies outside its 2880x1920 "
                      "image"));
}

TEST_CASE("COCO annotations without categories are refused", "[coco]") {
  CHECK_THAT(refusal(R"({"images": [{"id": 1, "file_name": "mouse_0001.png", "width": 9, )"
                     R"("height": 9}], "annotations": [{"id": 1}]})"),
             Contains("\"categories\" is missing"));
}

TEST_CASE("COCO wrong types in the attributes are refused", "[coco]") {
  CHECK(
      refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, "bbox": [1, 1, 1, 1], )"
                             R"("attributes": {"form_responses": {"Q9": ["Neck pain"]}}})")) ==
      "t.json:5:110: annotations[0].attributes.form_responses.Q9: found an array of 1 value; "
      "expected the answer as text, a number or null");
  CHECK_THAT(refusal(one_annotation(R"({"id": 1, "image_id": 1, "category_id": 4, )"
                                    R"("bbox": [1, 1, 1, 1], "attributes": {"status": "maybe"}})")),
             Contains("annotations[0].attributes.status: found the text \"maybe\"; expected "
                      "\"approved\", \"rejected\" or \"pending\""));
}

TEST_CASE("COCO file newer than this hitl is refused", "[coco]") {
  CHECK(refusal(R"({"images": [], "hitl": {"format_version": 2}})") ==
        "t.json:1:43: hitl.format_version: format 2 was written by a newer hitl; expected a "
        "format_version from 1 to 1 (update hitl to read this file)");
}

TEST_CASE("COCO file over 1 GiB is refused before it is read", "[coco]") {
  const auto path = std::filesystem::temp_directory_path() / "hitl_coco_too_large.json";
  { std::ofstream touch(path); }
  std::filesystem::resize_file(path, (std::uintmax_t{1} << 30) + 1);  // sparse: no disk used
  hitl::Warnings warnings;
  const auto parts = hitl::load_coco_json(path.string(), warnings);
  std::filesystem::remove(path);
  REQUIRE_FALSE(parts.ok());
  CHECK_THAT(parts.error().message, Contains("is 1073741825 bytes; the limit is 1073741824 bytes"));
}

// ---------------------------------------------------------------------------------------------
// Writing hitl's dataset.json

namespace {

// A small dataset with everything the format must carry: a rejected submission without
// annotations, a worker who answered the survey but labelled nothing, masks and plain boxes,
// fractional boxes, known and unknown work times, frames with and without files.
hitl::Dataset sample_dataset() {
  hitl::DatasetParts parts;
  parts.frames_dir = "mouse_video_frames";
  parts.frames = {{1, "mouse_0001.jpeg", 6, 4}, {2, "", 0, 0}, {3, "sub/mouse_0003.jpeg", 6, 4}};
  parts.categories = hitl::mouse_categories();
  parts.categories.push_back({7,
                              "Antenna \xE2\x80\x9C"
                              "bent\xE2\x80\x9D",
                              {1, 2, 3}});
  parts.questions = {{"Q1", "What's your age?"}, {"Q4", "From which city?"}};
  parts.survey = {
      {"A2YFFC90MO0MW8",
       "R_1",
       {{"Q1", "25 - 34"}, {"Q1_7_TEXT", std::nullopt}, {"Q4", "S\xC3\xA3o Paulo"}}},
      {"ASURVEYONLY0001", "R_2", {{"Q1", std::nullopt}, {"Q4", "illions"}}},
  };
  hitl::Submission approved;
  approved.assignment_id = "3AAA";
  approved.hit_id = "HIT1";
  approved.worker_id = "A2YFFC90MO0MW8";
  approved.frame_number = 1;
  approved.reward_usd = 0.15;
  approved.work_time_s = 312.5;
  approved.source = "batch1.csv:14";
  approved.annotations = {0, 1};
  hitl::Submission rejected;
  rejected.assignment_id = "3BBB";
  rejected.worker_id = "A3QQ78M8JAA0V8";
  rejected.frame_number = 3;
  rejected.status = hitl::AssignmentStatus::rejected;
  rejected.reject_reason = "Only 1 out 5 elements segmented";
  rejected.reward_usd = 0.15;
  rejected.batch = 2;
  rejected.source = "batch2.csv:3";
  hitl::Submission unknown_frame;
  unknown_frame.worker_id = "w-7";
  unknown_frame.frame_number = 2;
  unknown_frame.status = hitl::AssignmentStatus::pending;
  unknown_frame.annotations = {2};
  parts.submissions = {approved, rejected, unknown_frame};
  parts.annotations = {
      {565, 0, 1, {1, 1, 2, 2}, hitl::MaskRle{6, 4, {5, 2, 2, 2, 13}}},
      {566, 0, 7, {0.5, 0.25, 3.125, 1.5}, std::nullopt},
      {567, 2, 4, {10, 20, 30, 40}, std::nullopt},
  };
  return create_or_fail(std::move(parts));
}

void check_same_parts(const hitl::Dataset& a, const hitl::Dataset& b) {
  CHECK(a.frames_dir() == b.frames_dir());
  REQUIRE(a.frames().size() == b.frames().size());
  for (std::size_t i = 0; i < a.frames().size(); ++i) {
    CHECK(a.frames()[i].number == b.frames()[i].number);
    CHECK(a.frames()[i].file == b.frames()[i].file);
    CHECK(a.frames()[i].width_px == b.frames()[i].width_px);
    CHECK(a.frames()[i].height_px == b.frames()[i].height_px);
  }
  REQUIRE(a.categories().size() == b.categories().size());
  for (std::size_t i = 0; i < a.categories().size(); ++i) {
    CHECK(a.categories()[i].id == b.categories()[i].id);
    CHECK(a.categories()[i].name == b.categories()[i].name);
    CHECK(a.categories()[i].color == b.categories()[i].color);
  }
  REQUIRE(a.questions().size() == b.questions().size());
  for (std::size_t i = 0; i < a.questions().size(); ++i) {
    CHECK(a.questions()[i].id == b.questions()[i].id);
    CHECK(a.questions()[i].text == b.questions()[i].text);
  }
  REQUIRE(a.survey().size() == b.survey().size());
  for (std::size_t i = 0; i < a.survey().size(); ++i) {
    CHECK(a.survey()[i].worker_id == b.survey()[i].worker_id);
    CHECK(a.survey()[i].response_id == b.survey()[i].response_id);
    CHECK(a.survey()[i].answers == b.survey()[i].answers);
  }
  REQUIRE(a.submissions().size() == b.submissions().size());
  for (std::size_t i = 0; i < a.submissions().size(); ++i) {
    const auto& x = a.submissions()[i];
    const auto& y = b.submissions()[i];
    CHECK(x.assignment_id == y.assignment_id);
    CHECK(x.hit_id == y.hit_id);
    CHECK(x.worker_id == y.worker_id);
    CHECK(x.frame_number == y.frame_number);
    CHECK(x.status == y.status);
    CHECK(x.reject_reason == y.reject_reason);
    CHECK(x.reward_usd == y.reward_usd);
    CHECK(x.work_time_s == y.work_time_s);
    CHECK(x.batch == y.batch);
    CHECK(x.source == y.source);
    CHECK(x.annotations == y.annotations);
  }
  REQUIRE(a.annotations().size() == b.annotations().size());
  for (std::size_t i = 0; i < a.annotations().size(); ++i) {
    const auto& x = a.annotations()[i];
    const auto& y = b.annotations()[i];
    CHECK(x.id == y.id);
    CHECK(x.submission == y.submission);
    CHECK(x.category_id == y.category_id);
    CHECK(x.bbox == y.bbox);
    CHECK(x.mask == y.mask);
  }
}

}  // namespace

TEST_CASE("COCO dataset written and read back gives equal parts", "[coco]") {
  const hitl::Dataset original = sample_dataset();
  const std::string json = hitl::write_dataset_json(original);
  hitl::Warnings warnings;
  auto parts = parse_coco_json(json, "dataset.json", warnings);
  if (!parts.ok()) FAIL(parts.error().to_string());
  CHECK(warnings.empty());
  const hitl::Dataset read_back = create_or_fail(std::move(*parts));
  check_same_parts(original, read_back);
}

TEST_CASE("COCO dataset writing is deterministic", "[coco]") {
  CHECK(hitl::write_dataset_json(sample_dataset()) == hitl::write_dataset_json(sample_dataset()));
}

TEST_CASE("COCO dataset written holds what COCO tools read", "[coco]") {
  const auto doc = nlohmann::ordered_json::parse(hitl::write_dataset_json(sample_dataset()));
  CHECK(doc["licenses"] == nlohmann::ordered_json::array());
  CHECK(doc["images"][0]["file_name"] == "mouse_0001.jpeg");
  CHECK(doc["images"][0]["width"] == 6);
  CHECK(doc["images"][2]["file_name"] == "mouse_0002_w-7.png");  // a frame without a file
  CHECK(doc["images"][2]["width"] == 40);  // no frame size: just large enough for the box
  CHECK(doc["images"][2]["height"] == 60);
  const auto& masked = doc["annotations"][0];
  CHECK(masked["bbox"] == nlohmann::ordered_json::array({1, 1, 2, 2}));
  CHECK(masked["area"] == 4);  // the mask's pixels
  CHECK(masked["iscrowd"] == 0);
  CHECK(masked["segmentation"]["size"] == nlohmann::ordered_json::array({4, 6}));
  CHECK(masked["segmentation"]["counts"] == hitl::encode_rle_counts({5, 2, 2, 2, 13}));
  CHECK(masked["attributes"]["worker_id"] == "A2YFFC90MO0MW8");
  CHECK(masked["attributes"]["form_responses"].dump() ==
        R"({"Q1":"25 - 34","Q1_7_TEXT":null,"Q4":"São Paulo"})");
  CHECK(doc["annotations"][1]["area"] == 4.6875);  // no mask: width x height
  CHECK(doc["annotations"][2]["attributes"].contains("form_responses") == false);
  CHECK(doc["hitl"]["format_version"] == 1);
  CHECK(doc["hitl"]["submissions"][1]["work_time_s"].is_null());
  CHECK(doc["hitl"]["submissions"][0]["reward_usd"] == 0.15);
}

TEST_CASE("COCO dataset written reads as plain COCO without its hitl object", "[coco]") {
  auto doc = nlohmann::ordered_json::parse(hitl::write_dataset_json(sample_dataset()));
  doc.erase("hitl");
  hitl::Warnings warnings;
  const auto parts = parse_coco_json(doc.dump(), "plain.json", warnings);
  REQUIRE(parts.ok());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].field == "images");
  CHECK(warnings[0].message ==
        "1 of 3 images name no worker, neither in the file name nor in an annotation's "
        "attributes.worker_id");
  REQUIRE(parts->submissions.size() == 3);
  CHECK(parts->submissions[0].worker_id == "A2YFFC90MO0MW8");
  CHECK(parts->submissions[0].assignment_id == "3AAA");
  CHECK(parts->submissions[2].status == hitl::AssignmentStatus::pending);
  CHECK(parts->submissions[1].worker_id.empty());  // a submission without annotations: unknown
  REQUIRE(parts->survey.size() == 1);              // only workers with annotations carry answers
  CHECK(parts->survey[0].answers.size() == 3);
}
