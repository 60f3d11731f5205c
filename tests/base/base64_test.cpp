// Base64: RFC 4648 vectors, the layouts real exports use, and bad text refused at its offset.
#include <catch2/catch.hpp>

#include "hitl/base/base64.hpp"

using Catch::Matchers::Contains;
using hitl::decode_base64;
using hitl::encode_base64;

TEST_CASE("base64 encodes the RFC 4648 test vectors", "[base64]") {
  CHECK(encode_base64("") == "");
  CHECK(encode_base64("f") == "Zg==");
  CHECK(encode_base64("fo") == "Zm8=");
  CHECK(encode_base64("foo") == "Zm9v");
  CHECK(encode_base64("foob") == "Zm9vYg==");
  CHECK(encode_base64("fooba") == "Zm9vYmE=");
  CHECK(encode_base64("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64 decodes the RFC 4648 test vectors", "[base64]") {
  for (const auto& [text, bytes] :
       std::vector<std::pair<std::string, std::string>>{{"", ""},
                                                        {"Zg==", "f"},
                                                        {"Zm8=", "fo"},
                                                        {"Zm9v", "foo"},
                                                        {"Zm9vYg==", "foob"},
                                                        {"Zm9vYmE=", "fooba"},
                                                        {"Zm9vYmFy", "foobar"}}) {
    const auto decoded = decode_base64(text);
    REQUIRE(decoded.ok());
    CHECK(*decoded == bytes);
  }
}

TEST_CASE("base64 round trip keeps every byte value at every padding length", "[base64]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t length = 0; length <= bytes.size(); length += 1) {
    const std::string part = bytes.substr(bytes.size() - length);
    const auto decoded = decode_base64(encode_base64(part));
    REQUIRE(decoded.ok());
    REQUIRE(*decoded == part);
  }
}

TEST_CASE("base64 whitespace and line wrapping anywhere are skipped", "[base64]") {
  const auto decoded = decode_base64(" Zm9v\r\nYm\tFy\n Zg = =\n");
  REQUIRE(decoded.ok());
  CHECK(*decoded == "foobarf");
}

TEST_CASE("base64 a data URL prefix for a PNG is accepted", "[base64]") {
  const auto decoded = decode_base64("data:image/png;base64,iVBORw0KGgo=");
  REQUIRE(decoded.ok());
  CHECK(*decoded == std::string("\x89PNG\r\n\x1A\n", 8));
}

TEST_CASE("base64 an invalid character is refused with its byte offset", "[base64][bad]") {
  const auto decoded = decode_base64("iVBORw0K!Ggo=");
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message ==
        "invalid base64 character \"!\" at byte offset 8; expected only A-Z, a-z, 0-9, '+', '/', "
        "whitespace and '=' padding at the end");
}

TEST_CASE("base64 a non-ASCII byte is named by its value", "[base64][bad]") {
  const auto decoded = decode_base64("Zm9v\xC3\xA9Zm9v");
  REQUIRE_FALSE(decoded.ok());
  CHECK_THAT(decoded.error().message,
             Contains("invalid base64 character byte 0xc3 at byte offset 4"));
}

TEST_CASE("base64 the URL-safe alphabet is refused", "[base64][bad]") {
  const auto decoded = decode_base64("ab-_");
  REQUIRE_FALSE(decoded.ok());
  CHECK_THAT(decoded.error().message, Contains("invalid base64 character \"-\" at byte offset 2"));
}

TEST_CASE("base64 padding in the middle is refused", "[base64][bad]") {
  const auto decoded = decode_base64("Zm8=Zm9v");
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message ==
        "unexpected \"Z\" at byte offset 4 after the '=' padding; expected the end of the base64 "
        "text");
}

TEST_CASE("base64 padding after the first character of a group is refused", "[base64][bad]") {
  const auto decoded = decode_base64("Zm9vZ===");
  REQUIRE_FALSE(decoded.ok());
  CHECK_THAT(decoded.error().message, Contains("unexpected '=' padding at byte offset 5"));
}

TEST_CASE("base64 text cut short is refused with where the last group starts", "[base64][bad]") {
  const auto decoded = decode_base64("Zm9vYmFyZm9");
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message ==
        "base64 text ends at byte offset 11 in the middle of the group of four characters that "
        "starts at byte offset 8; expected the text to be complete, with '=' padding");
}

TEST_CASE("base64 incomplete padding is refused", "[base64][bad]") {
  const auto decoded = decode_base64("Zg=");
  REQUIRE_FALSE(decoded.ok());
  CHECK_THAT(decoded.error().message,
             Contains("ends at byte offset 3 with incomplete padding; expected 2 '=' characters"));
}

TEST_CASE("base64 a data URL of another type is refused", "[base64][bad]") {
  const auto decoded = decode_base64("data:image/jpeg;base64,/9j/4AAQ");
  REQUIRE_FALSE(decoded.ok());
  CHECK_THAT(decoded.error().message,
             Contains("is not a base64 PNG; expected the prefix \"data:image/png;base64,\""));
}
