// Small raw exports on disk for the import, load and command tests.
#include "support/raw_exports.hpp"

#include "support/mturk_fixture.hpp"
#include "support/test_images.hpp"

namespace hitl::test {

std::string make_survey_csv(const std::vector<std::string>& workers) {
  std::string csv =
      "StartDate,EndDate,Status,ResponseId,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9,Q10,workerId\r\n"
      "Start Date,End Date,Response Type,Response ID,What\xE2\x80\x99s your age? - Selected "
      "Choice,What is your gender?,What is your educational level?,From which city are you "
      "performing this task?,How much time in average do you spend searching for quality "
      "tasks?,Approximately how many tasks have you completed that weren\xE2\x80\x99t paid by the "
      "requester?,How long did the longest image labeling task you worked on take?,How many "
      "times has your work been rejected without compensation in the last month?,Do you suffer "
      "from any work-related health issues? - Selected Choice,How much did your workset cost? "
      "(Include any tools or devices you use to perform data labeling),workerId\r\n"
      "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\","
      "\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\"";
  for (int q = 1; q <= 10; ++q) {
    csv += ",\"{\"\"ImportId\"\":\"\"QID" + std::to_string(q + 3) + "\"\"}\"";
  }
  csv += ",\"{\"\"ImportId\"\":\"\"workerId\"\"}\"\r\n";
  int n = 0;
  for (const auto& worker : workers) {
    ++n;
    csv += "2024-05-14 09:12:33,2024-05-14 09:15:37,IP Address,R_test" + std::to_string(n) +
           ",25 - 34,Female,Bachelor\xE2\x80\x99s degree (completed),S\xC3\xA3o Paulo,"
           "More tha 30 minutes,1 - 10,In between 2 hours and 8 hours,,"
           "\"Neck pain, Eye strain\",$1.200 laptop," +
           worker + "\r\n";
  }
  return csv;
}

RawExportsOnDisk write_raw_exports(const TempDir& dir) {
  constexpr double kQuarterTurn = 1.5707963267948966;
  const std::string reason = "Only 1 out 5 elements segmented";
  std::vector<MturkRowSpec> first(4), second(2);
  for (int i = 0; i < 4; ++i) {
    auto& spec = first[static_cast<std::size_t>(i)];
    spec.frame_number = i + 1;
    spec.seed = static_cast<std::uint64_t>(100 + i);
    spec.angle_rad = kQuarterTurn * i;
    if (i % 2 == 1) {
      spec.parts = {0};
      spec.reject = reason;
    } else {
      spec.approve_mark = true;
    }
  }
  for (int i = 0; i < 2; ++i) {
    auto& spec = second[static_cast<std::size_t>(i)];
    spec.frame_number = 2 + 2 * i;
    spec.seed = static_cast<std::uint64_t>(200 + i);
    spec.angle_rad = kQuarterTurn * (1 + 2 * i);
    if (i == 0) {
      spec.approve_mark = true;
    } else {
      spec.parts = {4};
      spec.reject = reason;
    }
  }

  RawExportsOnDisk out;
  out.batch1 = dir.write("batch1.csv", make_mturk_csv(first).text()).string();
  out.batch2 = dir.write("batch2.csv", make_mturk_csv(second).text()).string();
  for (const auto& spec : first) out.workers.push_back(make_worker_id(spec.seed));
  for (const auto& spec : second) out.workers.push_back(make_worker_id(spec.seed));

  std::vector<std::string> answered(out.workers.begin(), out.workers.end() - 1);
  answered.push_back("A3UNLABELLED0000");
  out.survey = dir.write("survey.csv", make_survey_csv(answered)).string();
  for (int n = 1; n <= 4; ++n) {
    dir.write("frames/mouse_000" + std::to_string(n) + ".jpeg", make_jpeg(288, 192));
  }
  out.frames = (dir.path() / "frames").string();
  return out;
}

}  // namespace hitl::test
