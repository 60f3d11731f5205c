#include "hitl/frames/jpeg_encode.hpp"

#include <turbojpeg.h>

#include <algorithm>

namespace hitl {

Result<std::string> encode_jpeg_rgb(const std::uint8_t* rgb, int width_px, int height_px,
                                    int quality) {
  if (rgb == nullptr || width_px <= 0 || height_px <= 0) {
    return error_at("", 0, 0, "", "cannot encode an empty image as JPEG");
  }
  tjhandle compressor = tjInitCompress();
  if (compressor == nullptr) {
    return error_at("", 0, 0, "", std::string("TurboJPEG: ") + tjGetErrorStr2(nullptr));
  }
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  const int status = tjCompress2(compressor, rgb, width_px, 0, height_px, TJPF_RGB, &jpeg, &size,
                                 TJSAMP_420, std::clamp(quality, 1, 100), TJFLAG_ACCURATEDCT);
  Result<std::string> result = error_at("", 0, 0, "", "");
  if (status != 0) {
    result = error_at("", 0, 0, "", std::string("TurboJPEG: ") + tjGetErrorStr2(compressor));
  } else {
    result = std::string(reinterpret_cast<const char*>(jpeg), size);
  }
  tjFree(jpeg);
  tjDestroy(compressor);
  return result;
}

}  // namespace hitl
