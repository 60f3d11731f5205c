// A small crowd built in code for the scene tests: five frames, six submissions (approved,
// rejected and pending; one frame with none), and survey answers with the awkward cases a real
// export has (null, empty and blank answers, a missing question, "_TEXT" companions, non-ASCII).
//
//   submission  frame  worker      status    reward  work time
//   0           1      worker_a    approved  $0.15   120 s
//   1           1      worker_b    rejected  $0.15    60 s
//   2           2      worker_c    approved  $0.15    90 s   (no survey)
//   3           3      worker_a    rejected  $0.15   unknown
//   4           3      worker_b    approved  $0.15    30 s
//   5           5      worker_d    pending   $0.15    45 s
//   frame 4: no submission
#pragma once

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hitl/data/dataset.hpp"
#include "hitl/scene/scene.hpp"

namespace scene_fixture {

// The default scene without its title and fact cards: the loop alone, from time 0.
inline hitl::Scene loop_scene() {
  hitl::Scene scene = hitl::Scene::defaults();
  scene.text_cards = {};
  return scene;
}

inline const std::string worker_a = "A2SIMULATEDW001";
inline const std::string worker_b = "A3SIMULATEDW002";
inline const std::string worker_c = "A1SIMULATEDW003";
inline const std::string worker_d = "A4SIMULATEDW004";

inline const std::string long_health_answer =
    "Back pain after long sessions, wrist pain (carpal tunnel) and eye strain from staring at "
    "small images for hours; I now wear glasses and take breaks every 45 minutes";

using Answers = std::vector<std::pair<std::string, std::optional<std::string>>>;

inline hitl::Submission submission(const std::string& worker, int frame,
                                   hitl::AssignmentStatus status, std::optional<double> work_s,
                                   std::string reason = "") {
  hitl::Submission s;
  s.assignment_id = "ASSIGN" + worker + std::to_string(frame);
  s.hit_id = "HIT" + std::to_string(frame);
  s.worker_id = worker;
  s.frame_number = frame;
  s.status = status;
  s.reject_reason = std::move(reason);
  s.reward_usd = 0.15;
  s.work_time_s = work_s;
  s.source = "fixture";
  return s;
}

inline hitl::DatasetParts crowd_parts() {
  using hitl::AssignmentStatus;
  hitl::DatasetParts parts;
  for (int number = 1; number <= 5; ++number) {
    parts.frames.push_back({number, "mouse_000" + std::to_string(number) + ".jpeg", 2880, 1920});
  }
  parts.categories = hitl::mouse_categories();
  parts.questions = hitl::default_survey_questions();
  parts.submissions = {
      submission(worker_a, 1, AssignmentStatus::approved, 120),
      submission(worker_b, 1, AssignmentStatus::rejected, 60,
                 "Incomplete: the cable is not labelled"),
      submission(worker_c, 2, AssignmentStatus::approved, 90),
      submission(worker_a, 3, AssignmentStatus::rejected, std::nullopt,
                 "Boxes do not fit the parts"),
      submission(worker_b, 3, AssignmentStatus::approved, 30),
      submission(worker_d, 5, AssignmentStatus::pending, 45),
  };
  parts.survey = {
      {worker_a, "R_a",
       Answers{{"Q1", "25-34"},
               {"Q2", "Female"},
               {"Q3", "Bachelor's degree"},
               {"Q4", "S\u00e3o Paulo"},
               {"Q5", "1-2 hours"},
               {"Q6", "More than 50"},
               {"Q7", "2 hours"},
               {"Q8", "3"},
               {"Q9", "Back pain, eye strain"},
               {"Q10", "$500-$1000"}}},
      {worker_b, "R_b",
       Answers{{"Q1", "18-24"},
               {"Q2", std::nullopt},
               {"Q3", ""},
               {"Q4", "Other"},
               {"Q4_7_TEXT", "Lagos"},
               {"Q5", "   "},
               {"Q6", "None"},
               {"Q7", "30 minutes"},
               {"Q8", "0"},
               {"Q10", "Other"},
               {"Q10_6_TEXT", ""}}},
      {worker_d, "R_d",
       Answers{{"Q1", "45-54"},
               {"Q2", "Male"},
               {"Q3", std::nullopt},
               {"Q4", "\u0110\u00e0 N\u1eb5ng"},
               {"Q4_7_TEXT", std::nullopt},
               {"Q5", "Less than 30 minutes"},
               {"Q6", "10-50"},
               {"Q7", "5 hours"},
               {"Q8", "12"},
               {"Q9", long_health_answer},
               {"Q10", "Other"},
               {"Q10_6_TEXT", "a borrowed laptop"}}},
  };
  return parts;
}

// The dataset, built once: timelines keep a pointer to it.
inline const hitl::Dataset& crowd() {
  static const hitl::Dataset dataset = [] {
    auto created = hitl::Dataset::create(crowd_parts(), "fixture");
    REQUIRE(created.ok());
    return std::move(*created);
  }();
  return dataset;
}

}  // namespace scene_fixture
