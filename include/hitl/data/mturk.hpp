// The MTurk batch results CSV of the mouse segmentation task (M6): one row per assignment, the
// worker's mask as a base64 PNG in a cell. Each row becomes a Submission, each label painted in
// its mask an Annotation with a COCO RLE mask and the box around it.
//
// Rows are checked in file order; the masks of different rows are decoded on worker threads.
// Memory stays near the size of the CSV text: only the masks being decoded are expanded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/diagnostic.hpp"
#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/data/mask_png.hpp"

namespace hitl {

struct MturkOptions {
  int batch = 1;         // stored in every Submission: 1 for the first batch, 2 for the re-issue
  MaskPngLimits limits;  // applied to every mask
  int threads = 0;       // mask decoding threads; 0 = one per core, at most 8
};

// What one batch file holds. Annotation::submission indexes `submissions`, annotation ids run
// 1..N in file order, and each Submission lists its own annotation indices.
struct MturkBatch {
  std::vector<Category> categories;  // one per labelMappings column, in header order
  std::vector<Submission> submissions;
  std::vector<Annotation> annotations;
};

// The column names of the task's answers, as MTurk writes them.
namespace mturk_columns {
inline constexpr std::string_view kImageUrl = "Input.image_url";
inline constexpr std::string_view kPaymentAmount = "Input.paymentAmount";
inline constexpr std::string_view kWidth = "Answer.annotatedResult.inputImageProperties.width";
inline constexpr std::string_view kHeight = "Answer.annotatedResult.inputImageProperties.height";
inline constexpr std::string_view kPngImageData =
    "Answer.annotatedResult.labeledImage.pngImageData";
inline constexpr std::string_view kLabelPrefix = "Answer.annotatedResult.labelMappings.";
inline constexpr std::string_view kLabelSuffix = ".color";
}  // namespace mturk_columns

// Reads a batch results CSV file (up to 1 GiB). Problems that do not stop the load (a row
// without a mask, a mask without any label) go to `warnings`.
Result<MturkBatch> load_mturk_csv(const std::string& path, const MturkOptions& options,
                                  Warnings& warnings);

// The same from text already in memory; `file` names it in messages and Submission::source.
Result<MturkBatch> parse_mturk_csv(std::string_view text, const std::string& file,
                                   const MturkOptions& options, Warnings& warnings);

}  // namespace hitl
