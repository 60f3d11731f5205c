// A folder of source frames: mouse_0001.jpeg, mouse_0002.jpeg, ... (.jpg and .png too).
// The number in the name is the frame's place in the loop; gaps are allowed and reported.
#pragma once

#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

struct FramesFolder {
  std::string dir;
  std::vector<Frame> frames;  // sorted by number; Frame::file is relative to dir
};

// Lists the frame images in `dir` and reads each one's size from its header. Refuses a path that
// is not a folder, or a folder without any numbered image. Warns about gaps in the numbering,
// two files with one number (the first in name order is kept), unreadable images (skipped) and
// frames whose size differs from the first frame's.
Result<FramesFolder> scan_frames_folder(const std::string& dir, Warnings& warnings);

// "12-14, 20": numbers as ranges, for messages about missing frames.
std::string describe_number_ranges(const std::vector<int>& sorted_numbers);

}  // namespace hitl
