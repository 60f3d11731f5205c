// The project folder the thesis's overlay script read (section 5.8, "M8"):
//
//   DIR/mouse_video_frames/mouse_0001_A2YFFC90MO0MW8.jpeg   frames as labelled, per worker
//   DIR/labels/mouse_0001_A2YFFC90MO0MW8.txt               YOLO boxes: "class cx cy w h", 0-1
//   DIR/metadata.json                                      survey answers per worker
//   DIR/classes.txt, DIR/labels/classes.txt or DIR/obj.names  class names (optional)
//
// Each label file becomes one submission (approved, reward unknown); each of its lines one
// annotation, its box converted to source pixels with the size of the matching image. Without a
// class names file the classes are the mouse task's five parts in mouse_categories() order.
#pragma once

#include <string>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

// Loads an M8 folder. metadata.json may be an object keyed by worker ID or a list of objects
// with a "worker_id" field; each worker's answers are Q1..Q10 keys, directly or inside
// "form_responses". Refuses, naming the file and line (or JSON key): a label line that is not
// five numbers in range, a label file whose name carries no frame number and worker ID, a label
// file with no image to size it by, unreadable images, malformed JSON. Warns about images
// without labels, labels without images, and workers found only in the labels or only in
// metadata.json. DatasetParts::frames_dir is DIR/mouse_video_frames.
Result<DatasetParts> load_m8_folder(const std::string& dir, Warnings& warnings);

}  // namespace hitl
