// Worker search: by the shown ID, by what the card says, by status; pseudonyms hide real IDs.
#include <catch2/catch.hpp>

#include "hitl/live/worker_search.hpp"
#include "support/render_fixture.hpp"

namespace {

std::vector<int> frames_of(const std::vector<hitl::WorkerMatch>& matches) {
  std::vector<int> frames;
  for (const auto& match : matches) frames.push_back(match.frame_number);
  return frames;
}

}  // namespace

TEST_CASE("An empty search lists every contribution of the loop in frame order", "[play]") {
  const auto fixture = hitl::test::make_render_fixture({4, 300, 200, false});
  const std::vector<int> loop = {1, 2, 3, 4};
  const auto matches = hitl::find_workers(fixture.dataset, hitl::Scene::defaults(), loop, "");
  // One approved worker per frame and a rejected one on the even frames.
  CHECK(frames_of(matches) == std::vector<int>{1, 2, 2, 3, 4, 4});
}

TEST_CASE("A status word finds the contributions with that status", "[play]") {
  const auto fixture = hitl::test::make_render_fixture({4, 300, 200, false});
  const std::vector<int> loop = {1, 2, 3, 4};
  const auto matches =
      hitl::find_workers(fixture.dataset, hitl::Scene::defaults(), loop, " Rejected ");
  REQUIRE(frames_of(matches) == std::vector<int>{2, 4});
  CHECK(matches[0].status == hitl::AssignmentStatus::rejected);
  // The card prints the "other" answer with its text, and the search reads the card.
  CHECK(matches[0].city == "Other: Lagos");
  CHECK_THAT(matches[0].summary(),
             Catch::EndsWith("frame 2 \xC2\xB7 rejected \xC2\xB7 Other: Lagos"));
}

TEST_CASE("A city or part of an ID finds the workers whose card shows it", "[play]") {
  const auto fixture = hitl::test::make_render_fixture({4, 300, 200, false});
  const std::vector<int> loop = {1, 2, 3, 4};
  const hitl::Scene scene = hitl::Scene::defaults();
  CHECK(frames_of(hitl::find_workers(fixture.dataset, scene, loop, "são paulo")) ==
        std::vector<int>{2, 4});
  CHECK(frames_of(hitl::find_workers(fixture.dataset, scene, loop, "lagos")) ==
        std::vector<int>{2, 4});
  const std::string id = fixture.dataset.submissions()[0].worker_id;
  const auto by_id = hitl::find_workers(fixture.dataset, scene, loop, id.substr(3, 6));
  REQUIRE_FALSE(by_id.empty());
  CHECK(by_id[0].worker == id);
  CHECK(hitl::find_workers(fixture.dataset, scene, std::vector<int>{1, 3}, "lagos").empty());
}

TEST_CASE("With pseudonyms on, a real worker ID is not found but the pseudonym is", "[play]") {
  const auto fixture = hitl::test::make_render_fixture({2, 300, 200, false});
  const std::vector<int> loop = {1, 2};
  hitl::Scene scene = hitl::Scene::defaults();
  scene.privacy.pseudonymise = true;
  scene.privacy.salt = "test";
  const std::string id = fixture.dataset.submissions()[0].worker_id;
  CHECK(hitl::find_workers(fixture.dataset, scene, loop, id).empty());
  const std::string pseudonym = hitl::displayed_worker_id(scene, id);
  const auto matches = hitl::find_workers(fixture.dataset, scene, loop, pseudonym);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].worker == pseudonym);
}
