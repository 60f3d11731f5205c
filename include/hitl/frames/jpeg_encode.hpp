// JPEG encoding through TurboJPEG: how the sample's renders become frame files like the thesis's.
#pragma once

#include <cstdint>
#include <string>

#include "hitl/base/result.hpp"

namespace hitl {

// 8-bit RGB pixels (rows top first, no padding) as a baseline JPEG with 4:2:0 chroma. `quality`
// is 1..100. The error carries TurboJPEG's message.
Result<std::string> encode_jpeg_rgb(const std::uint8_t* rgb, int width_px, int height_px,
                                    int quality = 90);

}  // namespace hitl
