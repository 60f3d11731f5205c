// The size and format of a frame image, read from its header alone: enough to convert
// normalised boxes to pixels and to check a mask's size without decoding any pixels.
//
// The format is taken from the bytes (JPEG's SOI marker, PNG's signature), never from the file
// name's extension: exports rename files freely.
#pragma once

#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

enum class ImageFormat { jpeg, png };
std::string_view to_string(ImageFormat format);  // "JPEG", "PNG"

struct ImageInfo {
  ImageFormat format = ImageFormat::jpeg;
  int width_px = 0, height_px = 0;
};

// Reads the header of a JPEG or PNG file: a PNG's first 33 bytes; a JPEG's markers up to its
// frame header (SOF), skipping over the segments before it (EXIF, ICC profiles) without reading
// them. Errors name the file and say what was expected there.
Result<ImageInfo> read_image_info(const std::string& path);

// The same, for an image already in memory; `name_for_messages` is the file named in errors.
Result<ImageInfo> read_image_info_from_bytes(std::string_view bytes,
                                             const std::string& name_for_messages);

}  // namespace hitl
