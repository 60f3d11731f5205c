// The MTurk batch results loader: header checks, then the cheap fields of every row in file
// order, then the masks on worker threads, then the batch assembled in file order.
#include "hitl/data/mturk.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "hitl/base/base64.hpp"
#include "hitl/base/text.hpp"
#include "hitl/data/csv.hpp"

namespace hitl {

namespace {

namespace col = mturk_columns;

struct LabelColumn {
  std::string label;  // "Body" from Answer.annotatedResult.labelMappings.Body.color
  std::string column_name;
  std::size_t column = 0;
};

struct Columns {
  std::size_t assignment_id = 0, worker_id = 0, status = 0, image_url = 0, width = 0, height = 0,
              png = 0;
  std::optional<std::size_t> hit_id, reward, payment_amount, work_time, approve, reject, feedback;
  std::vector<LabelColumn> labels;
};

Result<Columns> find_columns(const CsvHeader& header, const std::string& file, int line) {
  Columns columns;
  const auto require = [&](std::string_view name, std::size_t& index) -> std::optional<Diagnostic> {
    const auto found = header.find(name);
    if (!found) {
      return error_at(file, line, 0, std::string(name),
                      "the header has no column \"" + std::string(name) +
                          "\"; expected the columns of an MTurk batch results CSV of the "
                          "segmentation task");
    }
    index = *found;
    return std::nullopt;
  };
  const std::pair<std::string_view, std::size_t*> required[] = {
      {"AssignmentId", &columns.assignment_id},
      {"WorkerId", &columns.worker_id},
      {"AssignmentStatus", &columns.status},
      {col::kImageUrl, &columns.image_url},
      {col::kWidth, &columns.width},
      {col::kHeight, &columns.height},
      {col::kPngImageData, &columns.png},
  };
  for (const auto& [name, index] : required) {
    if (auto missing = require(name, *index)) return *missing;
  }
  columns.hit_id = header.find("HITId");
  columns.reward = header.find("Reward");
  columns.payment_amount = header.find(col::kPaymentAmount);
  columns.work_time = header.find("WorkTimeInSeconds");
  columns.approve = header.find("Approve");
  columns.reject = header.find("Reject");
  columns.feedback = header.find("RequesterFeedback");
  if (!columns.reward && !columns.payment_amount) {
    return error_at(file, line, 0, "Reward",
                    "the header has neither a \"Reward\" nor an \"" +
                        std::string(col::kPaymentAmount) +
                        "\" column; expected one of them to give the pay per assignment");
  }

  const auto& names = header.names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string_view name = names[i];
    if (!name.starts_with(col::kLabelPrefix) || !name.ends_with(col::kLabelSuffix)) continue;
    const auto label =
        name.substr(col::kLabelPrefix.size(),
                    name.size() - col::kLabelPrefix.size() - col::kLabelSuffix.size());
    if (trim(label).empty()) {
      return error_at(file, line, 0, std::string(name),
                      "the label column names no label; expected " +
                          std::string(col::kLabelPrefix) + "<Label>" +
                          std::string(col::kLabelSuffix));
    }
    columns.labels.push_back({std::string(label), std::string(name), i});
  }
  if (columns.labels.empty()) {
    return error_at(
        file, line, 0, std::string(col::kLabelPrefix) + "<Label>" + std::string(col::kLabelSuffix),
        "the header has no label colour column; expected at least one column " +
            std::string(col::kLabelPrefix) + "<Label>" + std::string(col::kLabelSuffix) +
            " (e.g. " + std::string(col::kLabelPrefix) + "Body" + std::string(col::kLabelSuffix) +
            ")");
  }
  if (columns.labels.size() > 255) {
    return error_at(file, line, 0, "",
                    "the header has " + std::to_string(columns.labels.size()) +
                        " label colour columns; expected at most 255");
  }
  return columns;
}

std::vector<Category> categories_of(const std::vector<LabelColumn>& labels) {
  std::vector<Category> categories;
  int next_id = 1;
  for (const auto& known : mouse_categories()) next_id = std::max(next_id, known.id + 1);
  for (const auto& label : labels) {
    const auto& known = mouse_categories();
    const auto it = std::find_if(known.begin(), known.end(),
                                 [&](const Category& c) { return c.name == label.label; });
    if (it != known.end()) {
      categories.push_back({it->id, label.label, it->color});
    } else {
      categories.push_back({next_id++, label.label, Rgb8{0x80, 0x80, 0x80}});
    }
  }
  return categories;
}

// A row after the checks of its text fields, waiting for its mask.
struct RowDraft {
  Submission submission;
  std::size_t record = 0;  // index into the table's records
  int line = 0;
  int width_px = 0, height_px = 0;
  bool has_mask = false;
  std::vector<Rgb8> colors;       // the row's own colours of the labels that have one
  std::vector<int> color_labels;  // the label index of each of those colours
};

// What parsing rows shares between rows.
struct RowContext {
  const std::string& file;
  const Columns& columns;
  std::size_t column_count;
  const MturkOptions& options;
  Warnings& warnings;
  std::unordered_map<std::string, int> assignment_lines;
  std::vector<bool> category_color_known;
  std::vector<Category>& categories;
};

Result<AssignmentStatus> status_of(const CsvRecord& record, const RowContext& ctx,
                                   std::string& reject_reason) {
  const auto& c = ctx.columns;
  const std::string_view status = trim(field_or_empty(record, c.status));
  const std::string_view reject = trim(field_or_empty(record, c.reject));
  const std::string_view approve = trim(field_or_empty(record, c.approve));
  if (iequals_ascii(status, "Approved")) return AssignmentStatus::approved;
  if (iequals_ascii(status, "Rejected")) {
    reject_reason = std::string(reject.empty() ? trim(field_or_empty(record, c.feedback)) : reject);
    return AssignmentStatus::rejected;
  }
  if (iequals_ascii(status, "Submitted")) {
    if (!reject.empty()) {
      reject_reason = std::string(reject);
      return AssignmentStatus::rejected;
    }
    return approve.empty() ? AssignmentStatus::pending : AssignmentStatus::approved;
  }
  return error_at(ctx.file, record.line, 0, "AssignmentStatus",
                  hitl::quoted(status) +
                      " is not an assignment status; expected Submitted, Approved or Rejected");
}

Result<double> reward_of(const CsvRecord& record, const RowContext& ctx) {
  const auto& c = ctx.columns;
  const std::string_view reward = field_or_empty(record, c.reward);
  const std::string_view payment = field_or_empty(record, c.payment_amount);
  if (const auto value = parse_usd(reward)) return *value;
  if (const auto value = parse_usd(payment)) return *value;
  std::string found;
  if (c.reward) found += "Reward is " + hitl::quoted(reward);
  if (c.payment_amount) {
    if (!found.empty()) found += " and ";
    found += std::string(col::kPaymentAmount) + " is " + hitl::quoted(payment);
  }
  return error_at(ctx.file, record.line, 0, c.reward ? "Reward" : std::string(col::kPaymentAmount),
                  found + "; expected a dollar amount such as $0.15 or 0.15");
}

Result<int> image_side_of(const CsvRecord& record, const RowContext& ctx, std::size_t column,
                          std::string_view column_name, std::string_view what) {
  const std::string_view text = field_or_empty(record, column);
  const auto value = parse_int(text);
  if (!value) {
    return error_at(ctx.file, record.line, 0, std::string(column_name),
                    hitl::quoted(text) + " is not a number; expected the image " +
                        std::string(what) + " in pixels");
  }
  if (*value <= 0 || *value > ctx.options.limits.max_side_px) {
    return error_at(ctx.file, record.line, 0, std::string(column_name),
                    std::to_string(*value) + " is not a usable image " + std::string(what) +
                        "; expected 1 to " + std::to_string(ctx.options.limits.max_side_px) +
                        " pixels");
  }
  return static_cast<int>(*value);
}

Result<RowDraft> draft_row(const CsvRecord& record, std::size_t record_index, RowContext& ctx) {
  const auto& c = ctx.columns;
  const std::string& file = ctx.file;
  const int line = record.line;
  if (record.fields.size() != ctx.column_count) {
    return error_at(file, line, 0, "",
                    "the row has " + std::to_string(record.fields.size()) + " fields; expected " +
                        std::to_string(ctx.column_count) +
                        ", one per header column (is the row cut short, or is a comma missing "
                        "its quotes?)");
  }

  RowDraft draft;
  draft.record = record_index;
  draft.line = line;
  Submission& s = draft.submission;
  s.batch = ctx.options.batch;
  s.source = file + ":" + std::to_string(line);

  s.assignment_id = std::string(trim(field_or_empty(record, c.assignment_id)));
  if (s.assignment_id.empty()) {
    return error_at(file, line, 0, "AssignmentId", "is empty; expected the assignment's id");
  }
  const auto [seen, inserted] = ctx.assignment_lines.emplace(s.assignment_id, line);
  if (!inserted) {
    return error_at(file, line, 0, "AssignmentId",
                    hitl::quoted(s.assignment_id) + " appears on line " +
                        std::to_string(seen->second) + " and again on line " +
                        std::to_string(line) + "; expected each assignment once");
  }
  s.hit_id = std::string(trim(field_or_empty(record, c.hit_id)));

  s.worker_id = std::string(trim(field_or_empty(record, c.worker_id)));
  if (!is_mturk_worker_id(s.worker_id)) {
    return error_at(file, line, 0, "WorkerId",
                    hitl::quoted(s.worker_id) +
                        " is not an MTurk worker id; expected \"A\" followed by 11 to 20 "
                        "upper-case letters and digits");
  }

  auto status = status_of(record, ctx, s.reject_reason);
  if (!status) return status.error();
  s.status = *status;

  auto reward = reward_of(record, ctx);
  if (!reward) return reward.error();
  s.reward_usd = *reward;

  const std::string_view url = field_or_empty(record, c.image_url);
  const auto frame = frame_number_from_name(url);
  if (!frame) {
    return error_at(file, line, 0, std::string(col::kImageUrl),
                    hitl::quoted(url) +
                        " has no frame number in its file name; expected a name such as "
                        "mouse_0001.jpeg or mouse_0001_out.jpeg");
  }
  s.frame_number = *frame;

  if (c.work_time) {
    const std::string_view text = trim(field_or_empty(record, c.work_time));
    if (const auto seconds = parse_double(text); seconds && *seconds >= 0) {
      s.work_time_s = *seconds;
    } else if (!text.empty()) {
      ctx.warnings.push_back(warning_at(file, line, 0, "WorkTimeInSeconds",
                                        hitl::quoted(text) +
                                            " is not a number of seconds; the work time is "
                                            "left unknown"));
    }
  }

  auto width = image_side_of(record, ctx, c.width, col::kWidth, "width");
  if (!width) return width.error();
  auto height = image_side_of(record, ctx, c.height, col::kHeight, "height");
  if (!height) return height.error();
  draft.width_px = *width;
  draft.height_px = *height;
  const std::uint64_t pixels = std::uint64_t(*width) * std::uint64_t(*height);
  if (pixels > ctx.options.limits.max_pixels) {
    return error_at(file, line, 0, std::string(col::kWidth),
                    "the image is " + std::to_string(*width) + "x" + std::to_string(*height) +
                        " pixels; expected at most " +
                        std::to_string(ctx.options.limits.max_pixels) + " pixels");
  }

  for (std::size_t k = 0; k < c.labels.size(); ++k) {
    const auto& label = c.labels[k];
    const std::string_view text = trim(field_or_empty(record, label.column));
    if (text.empty()) continue;  // this row cannot show that label
    const auto color = Rgb8::parse_hex(text);
    if (!color) {
      return error_at(file, line, 0, label.column_name,
                      hitl::quoted(text) + " is not a colour; expected #RRGGBB, e.g. #1f77b4");
    }
    for (std::size_t j = 0; j < draft.colors.size(); ++j) {
      if (draft.colors[j] == *color) {
        ctx.warnings.push_back(warning_at(
            file, line, 0, label.column_name,
            "label " + label.label + " has the same colour " + color->hex() + " as label " +
                c.labels[static_cast<std::size_t>(draft.color_labels[j])].label +
                "; pixels of that colour count as " +
                c.labels[static_cast<std::size_t>(draft.color_labels[j])].label));
      }
    }
    draft.colors.push_back(*color);
    draft.color_labels.push_back(static_cast<int>(k));
    if (!ctx.category_color_known[k]) {
      ctx.categories[k].color = *color;
      ctx.category_color_known[k] = true;
    }
  }

  draft.has_mask = !trim(field_or_empty(record, c.png)).empty();
  if (!draft.has_mask && s.status != AssignmentStatus::rejected) {
    ctx.warnings.push_back(warning_at(file, line, 0, std::string(col::kPngImageData),
                                      "is empty: the worker sent no mask, so the " +
                                          std::string(to_string(s.status)) +
                                          " submission has no annotations"));
  }
  return draft;
}

// Decodes one row's mask. The base64 text is released as soon as it is decoded, so that memory
// holds only the masks in flight on top of the CSV.
Result<std::vector<LabelMask>> decode_row_mask(std::string& png_field, const RowDraft& draft,
                                               const std::string& file,
                                               const MaskPngLimits& limits) {
  const auto fail = [&](const Diagnostic& error) {
    return error_at(file, draft.line, 0, std::string(col::kPngImageData), error.message);
  };
  // Base64 holds 4 characters per 3 bytes; allow line wrapping on top.
  if (png_field.size() / 2 > limits.max_png_bytes) {
    return error_at(file, draft.line, 0, std::string(col::kPngImageData),
                    "holds " + std::to_string(png_field.size()) +
                        " characters; expected a PNG of at most " +
                        std::to_string(limits.max_png_bytes) + " bytes");
  }
  auto png = decode_base64(png_field);
  std::string().swap(png_field);
  if (!png) return fail(png.error());
  auto masks = decode_mask_png(*png, draft.width_px, draft.height_px, draft.colors, limits);
  if (!masks) return fail(masks.error());
  for (auto& m : *masks) m.label = draft.color_labels[static_cast<std::size_t>(m.label)];
  return std::move(*masks);
}

struct MaskJob {
  std::size_t draft = 0;
  std::optional<Result<std::vector<LabelMask>>> outcome;
};

// Runs the jobs on worker threads (on the calling thread only when no thread can be started, so
// that the buffers each decoding thread keeps go away with the workers). Jobs are taken in file
// order; once a job fails, the jobs after it are skipped, since only the first error in file
// order is reported. Each job touches only its own row, so the threads share nothing else.
void run_mask_jobs(std::vector<MaskJob>& jobs, const std::vector<RowDraft>& drafts, CsvTable& table,
                   std::size_t png_column, const MturkOptions& options) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> first_failure{std::numeric_limits<std::size_t>::max()};
  const auto work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= jobs.size() || i > first_failure.load()) return;
      const RowDraft& draft = drafts[jobs[i].draft];
      auto& png_field = table.records[draft.record].fields[png_column];
      jobs[i].outcome.emplace(decode_row_mask(png_field, draft, table.file, options.limits));
      if (!jobs[i].outcome->ok()) {
        std::size_t current = first_failure.load();
        while (i < current && !first_failure.compare_exchange_weak(current, i)) {
        }
      }
    }
  };

  // Each thread holds one inflated mask at a time (22 MB at 2880x1920): by default no more
  // threads than kMaxAutoThreads, so that memory stays bounded on machines with many cores.
  constexpr std::size_t kMaxAutoThreads = 8;
  std::size_t threads =
      options.threads > 0 ? static_cast<std::size_t>(options.threads)
                          : std::min<std::size_t>(
                                kMaxAutoThreads, std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, jobs.size());
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads than asked for: the work still gets done, only slower
    }
  }
  if (workers.empty()) work();
  for (auto& worker : workers) worker.join();
}

Result<MturkBatch> load_table(CsvTable table, const MturkOptions& options, Warnings& warnings) {
  const std::string& file = table.file;
  if (table.records.empty()) {
    return error_at(file, 1, 0, "",
                    "the file is empty; expected an MTurk batch results CSV: a header row, then "
                    "one row per assignment");
  }
  const CsvRecord& header_row = table.records.front();
  const CsvHeader header(header_row);
  auto columns = find_columns(header, file, header_row.line);
  if (!columns) return columns.error();
  if (table.records.size() == 1) {
    return error_at(file, header_row.line, 0, "",
                    "the file has a header row but no assignment rows; expected one row per "
                    "assignment after the header");
  }

  const std::size_t first_warning = warnings.size();
  MturkBatch batch;
  batch.categories = categories_of(columns->labels);
  RowContext ctx{file,
                 *columns,
                 header.names().size(),
                 options,
                 warnings,
                 {},
                 std::vector<bool>(columns->labels.size(), false),
                 batch.categories};

  // Text fields first, in file order, up to the first error; masks only for the rows before it.
  std::vector<RowDraft> drafts;
  drafts.reserve(table.records.size() - 1);
  std::optional<Diagnostic> row_error;
  for (std::size_t r = 1; r < table.records.size(); ++r) {
    auto draft = draft_row(table.records[r], r, ctx);
    if (!draft) {
      row_error = draft.error();
      break;
    }
    drafts.push_back(std::move(*draft));
  }

  std::vector<MaskJob> jobs;
  for (std::size_t d = 0; d < drafts.size(); ++d) {
    if (drafts[d].has_mask) jobs.push_back({d, std::nullopt});
  }
  run_mask_jobs(jobs, drafts, table, columns->png, options);
  for (const auto& job : jobs) {
    if (job.outcome && !job.outcome->ok()) return job.outcome->error();
  }
  if (row_error) return *row_error;

  for (std::size_t k = 0; k < batch.categories.size(); ++k) {
    if (ctx.category_color_known[k]) continue;
    warnings.push_back(warning_at(file, header_row.line, 0, columns->labels[k].column_name,
                                  "no row gives a colour for label " + columns->labels[k].label +
                                      "; it is shown in " + batch.categories[k].color.hex()));
  }

  std::size_t next_job = 0;
  batch.submissions.reserve(drafts.size());
  for (std::size_t d = 0; d < drafts.size(); ++d) {
    RowDraft& draft = drafts[d];
    Submission& s = draft.submission;
    const int submission_index = static_cast<int>(batch.submissions.size());
    if (draft.has_mask) {
      auto& masks = jobs[next_job++].outcome->value();
      for (auto& label_mask : masks) {
        Annotation a;
        a.id = static_cast<int>(batch.annotations.size()) + 1;
        a.submission = submission_index;
        a.category_id = batch.categories[static_cast<std::size_t>(label_mask.label)].id;
        a.bbox = label_mask.mask.bounds().value_or(BoxPx{});
        a.mask = std::move(label_mask.mask);
        s.annotations.push_back(static_cast<int>(batch.annotations.size()));
        batch.annotations.push_back(std::move(a));
      }
      if (masks.empty() && s.status != AssignmentStatus::rejected) {
        warnings.push_back(warning_at(file, draft.line, 0, std::string(col::kPngImageData),
                                      "the mask has no pixel of any label colour, so the " +
                                          std::string(to_string(s.status)) +
                                          " submission has no annotations"));
      }
    }
    batch.submissions.push_back(std::move(s));
  }
  // Warnings about masks were found after those about text fields: show them all in file order.
  std::stable_sort(warnings.begin() + static_cast<std::ptrdiff_t>(first_warning), warnings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return batch;
}

}  // namespace

Result<MturkBatch> parse_mturk_csv(std::string_view text, const std::string& file,
                                   const MturkOptions& options, Warnings& warnings) {
  auto table = parse_csv(text, file);
  if (!table) return table.error();
  return load_table(std::move(*table), options, warnings);
}

Result<MturkBatch> load_mturk_csv(const std::string& path, const MturkOptions& options,
                                  Warnings& warnings) {
  auto table = [&]() -> Result<CsvTable> {
    // The text is dropped once parsed: from here on the table alone holds the batch.
    auto text = read_file(path, std::uint64_t{1} << 30);
    if (!text) return text.error();
    return parse_csv(*text, path);
  }();
  if (!table) return table.error();
  return load_table(std::move(*table), options, warnings);
}

}  // namespace hitl
