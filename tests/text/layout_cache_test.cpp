// Reusing layouts: the same arguments give the same layout without shaping again, within bounds.
#include <catch2/catch.hpp>

#include "hitl/text/layout_cache.hpp"
#include "text/text_fixture.hpp"

using hitl::LayoutCache;
using hitl::TextStyle;
using namespace hitl::test;

TEST_CASE("A layout asked for again comes from the cache, equal to a fresh one", "[text]") {
  LayoutCache cache(test_fonts());
  const auto first = cache.get("Rejected, unpaid", TextStyle{18}, 100, 2);
  const auto second = cache.get("Rejected, unpaid", TextStyle{18}, 100, 2);
  CHECK(first == second);
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == 1);
  const auto fresh = hitl::layout_text(test_fonts(), "Rejected, unpaid", TextStyle{18}, 100, 2);
  CHECK(line_texts("Rejected, unpaid", *first) == line_texts("Rejected, unpaid", fresh));
  CHECK(first->width_px == fresh.width_px);
}

TEST_CASE("Any change of text, size, weight, width or line limit is a different layout", "[text]") {
  LayoutCache cache(test_fonts());
  (void)cache.get("a b", TextStyle{18}, 100, 2);
  (void)cache.get("a c", TextStyle{18}, 100, 2);
  (void)cache.get("a b", TextStyle{19}, 100, 2);
  (void)cache.get("a b", TextStyle{18, hitl::FontWeight::semibold}, 100, 2);
  (void)cache.get("a b", TextStyle{18, hitl::FontWeight::regular, 1.5f}, 100, 2);
  (void)cache.get("a b", TextStyle{18}, 101, 2);
  (void)cache.get("a b", TextStyle{18}, 100, 3);
  CHECK(cache.misses() == 7);
  CHECK(cache.hits() == 0);
  CHECK(cache.size() == 7);
}

TEST_CASE("The cache keeps at most its number of entries, dropping the least recently used",
          "[text]") {
  LayoutCache cache(test_fonts(), 2);
  const auto a = cache.get("a", TextStyle{18}, 100);
  (void)cache.get("b", TextStyle{18}, 100);
  (void)cache.get("a", TextStyle{18}, 100);  // a is now the most recently used
  (void)cache.get("c", TextStyle{18}, 100);  // drops b
  CHECK(cache.size() == 2);
  (void)cache.get("a", TextStyle{18}, 100);
  CHECK(cache.hits() == 2);
  (void)cache.get("b", TextStyle{18}, 100);
  CHECK(cache.misses() == 4);
  CHECK(a->lines.size() == 1);  // a layout handed out stays valid after eviction
}

TEST_CASE("The cache keeps at most its bytes of text", "[text]") {
  LayoutCache cache(test_fonts(), 100, 1000);
  (void)cache.get(std::string(2000, 'x'), TextStyle{18}, 100);
  CHECK(cache.size() == 0);
  for (int i = 0; i < 10; ++i) (void)cache.get(std::string(300, 'a' + i), TextStyle{18}, 10000);
  CHECK(cache.size() <= 3);
}
