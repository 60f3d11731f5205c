// Card text from the crowd fixture (crowd_fixture.hpp): what happened to the work and its pay,
// and each answer verbatim, with marks only where the worker gave none.
#include <catch2/catch.hpp>

#include "hitl/scene/card_content.hpp"
#include "scene/crowd_fixture.hpp"

using hitl::CardLine;
using hitl::make_card_content;
using hitl::Scene;
using scene_fixture::crowd;

TEST_CASE("An approved worker's card says paid, with every answer under its label", "[card]") {
  const auto card = make_card_content(crowd(), Scene::defaults(), 0);
  CHECK(card.submission == 0);
  CHECK(card.title == "A2SIMULATEDW001");
  CHECK_FALSE(card.rejected);
  CHECK(card.status == "Approved \u00b7 paid $0.15");
  CHECK(card.reason.empty());
  CHECK(card.answers == std::vector<CardLine>{
                            {"Age", "25-34", false},
                            {"Gender", "Female", false},
                            {"Education", "Bachelor's degree", false},
                            {"City", "S\u00e3o Paulo", false},
                            {"Searching for tasks", "1-2 hours", false},
                            {"Unpaid tasks", "More than 50", false},
                            {"Longest task", "2 hours", false},
                            {"Rejected unpaid (last month)", "3", false},
                            {"Health issues", "Back pain, eye strain", false},
                            {"Cost of work set", "$500-$1000", false},
                        });
}

TEST_CASE("A rejected worker's card gives the reason and the pay withheld", "[card]") {
  const auto card = make_card_content(crowd(), Scene::defaults(), 1);
  CHECK(card.title == "A3SIMULATEDW002");
  CHECK(card.rejected);
  CHECK(card.status == "Rejected \u00b7 $0.15 withheld");
  CHECK(card.reason == "Incomplete: the cable is not labelled");
}

TEST_CASE("A pending worker's card gives the reward without saying paid", "[card]") {
  const auto card = make_card_content(crowd(), Scene::defaults(), 5);
  CHECK_FALSE(card.rejected);
  CHECK(card.status == "Pending \u00b7 $0.15");
  CHECK(card.reason.empty());
}

TEST_CASE("Null, empty, blank and absent answers show as no answer", "[card]") {
  const auto card = make_card_content(crowd(), Scene::defaults(), 1);
  REQUIRE(card.answers.size() == 10);
  CHECK(card.answers[1] == CardLine{"Gender", "no answer", true});               // null
  CHECK(card.answers[2] == CardLine{"Education", "no answer", true});            // ""
  CHECK(card.answers[4] == CardLine{"Searching for tasks", "no answer", true});  // "   "
  CHECK(card.answers[8] == CardLine{"Health issues", "no answer", true});  // not in the export
}

TEST_CASE("Words typed into an Other box follow the choice", "[card]") {
  const auto card_b = make_card_content(crowd(), Scene::defaults(), 1);
  CHECK(card_b.answers[3] == CardLine{"City", "Other: Lagos", false});
  // An empty companion adds nothing.
  CHECK(card_b.answers[9] == CardLine{"Cost of work set", "Other", false});

  const auto card_d = make_card_content(crowd(), Scene::defaults(), 5);
  CHECK(card_d.answers[9] == CardLine{"Cost of work set", "Other: a borrowed laptop", false});
  // Q10's companion is not Q1's.
  CHECK(card_d.answers[0] == CardLine{"Age", "45-54", false});
}

TEST_CASE("Answers keep the worker's words verbatim, non-ASCII and long ones too", "[card]") {
  const auto card = make_card_content(crowd(), Scene::defaults(), 5);
  CHECK(card.answers[3] == CardLine{"City", "\u0110\u00e0 N\u1eb5ng", false});
  CHECK(card.answers[8] == CardLine{"Health issues", scene_fixture::long_health_answer, false});
}

TEST_CASE("A worker without a survey response shows no survey on every line", "[card]") {
  const auto card = make_card_content(crowd(), Scene::defaults(), 2);
  CHECK(card.title == "A1SIMULATEDW003");
  REQUIRE(card.answers.size() == 10);
  for (std::size_t i = 0; i < card.answers.size(); ++i) {
    CHECK(card.answers[i] == CardLine{hitl::default_card_answers()[i].label, "no survey", true});
  }
}

TEST_CASE("A card shows the scene's answers in the scene's order and labels", "[card]") {
  Scene scene = Scene::defaults();
  scene.style.answers = {{"Q9", "Body"}, {"Q4", "Where"}, {"Q42", "Not asked"}};
  const auto card = make_card_content(crowd(), scene, 0);
  CHECK(card.answers == std::vector<CardLine>{{"Body", "Back pain, eye strain", false},
                                              {"Where", "S\u00e3o Paulo", false},
                                              {"Not asked", "no answer", true}});
}

TEST_CASE("A pseudonymised card's title is the worker's pseudonym", "[card]") {
  Scene scene = Scene::defaults();
  scene.privacy = {true, "gallery"};
  const auto card = make_card_content(crowd(), scene, 0);
  CHECK(card.title == hitl::displayed_worker_id(scene, scene_fixture::worker_a));
  CHECK_THAT(card.title, Catch::Matches("W-[0-9A-F]{8}"));
  // Answers are found by the real id all the same.
  CHECK(card.answers[0] == CardLine{"Age", "25-34", false});
}

TEST_CASE("Dollar amounts print with two decimals and thousands separators", "[card]") {
  CHECK(hitl::format_usd(0.15) == "$0.15");
  CHECK(hitl::format_usd(0) == "$0.00");
  CHECK(hitl::format_usd(3) == "$3.00");
  CHECK(hitl::format_usd(44.4) == "$44.40");
  CHECK(hitl::format_usd(0.15 * 3) == "$0.45");
  CHECK(hitl::format_usd(1234.5) == "$1,234.50");
  CHECK(hitl::format_usd(1234567) == "$1,234,567.00");
  CHECK(hitl::format_usd(0.125) == "$0.125");
  CHECK(hitl::format_usd(-0.15) == "-$0.15");
}
