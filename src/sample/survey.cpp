// The simulated survey, written as Qualtrics exports it with "Use choice text": a byte order mark,
// three header rows (column names, question texts, import ids as JSON), then one response per
// worker. The choices are the real survey's, with the typos of the real export ("More tha 30
// minutes", "1 -5 min", "18- 24"); the free-text answers are the kind people type (cities in any
// script, costs in any currency or none at all); a few answers are left empty.
#include <cstdio>
#include <string_view>

#include "hitl/sample/crowd.hpp"
#include "sample/splitmix.hpp"

namespace hitl {

namespace {

using sample::SplitMix64;

struct Choice {
  std::string_view text;
  double weight;
};

struct Column {
  std::string_view name, text, import_id;
};

// The export's columns: Qualtrics' own metadata, the questions (with the text boxes of "65 or
// older" and "Other"), and the worker id passed in from MTurk as embedded data.
constexpr Column kColumns[] = {
    {"StartDate", "Start Date", R"({"ImportId":"startDate","timeZone":"America/Denver"})"},
    {"EndDate", "End Date", R"({"ImportId":"endDate","timeZone":"America/Denver"})"},
    {"Status", "Response Type", R"({"ImportId":"status"})"},
    {"IPAddress", "IP Address", R"({"ImportId":"ipAddress"})"},
    {"Progress", "Progress", R"({"ImportId":"progress"})"},
    {"Duration (in seconds)", "Duration (in seconds)", R"({"ImportId":"duration"})"},
    {"Finished", "Finished", R"({"ImportId":"finished"})"},
    {"RecordedDate", "Recorded Date", R"({"ImportId":"recordedDate","timeZone":"America/Denver"})"},
    {"ResponseId", "Response ID", R"({"ImportId":"_recordId"})"},
    {"RecipientLastName", "Recipient Last Name", R"({"ImportId":"recipientLastName"})"},
    {"RecipientFirstName", "Recipient First Name", R"({"ImportId":"recipientFirstName"})"},
    {"RecipientEmail", "Recipient Email", R"({"ImportId":"recipientEmail"})"},
    {"ExternalReference", "External Data Reference", R"({"ImportId":"externalDataReference"})"},
    {"LocationLatitude", "Location Latitude", R"({"ImportId":"locationLatitude"})"},
    {"LocationLongitude", "Location Longitude", R"({"ImportId":"locationLongitude"})"},
    {"DistributionChannel", "Distribution Channel", R"({"ImportId":"distributionChannel"})"},
    {"UserLanguage", "User Language", R"({"ImportId":"userLanguage"})"},
    {"Q1", "What\xE2\x80\x99s your age? - Selected Choice", R"({"ImportId":"QID1"})"},
    {"Q1_7_TEXT", "What\xE2\x80\x99s your age? - 65 or older - Text",
     R"({"ImportId":"QID1_7_TEXT"})"},
    {"Q2", "What is your gender?", R"({"ImportId":"QID2"})"},
    {"Q3", "What is your educational level?", R"({"ImportId":"QID4"})"},
    {"Q4", "From which city are you performing this task?", R"({"ImportId":"QID5"})"},
    {"Q5", "How much time in average do you spend searching for quality tasks?",
     R"({"ImportId":"QID6"})"},
    {"Q6",
     "Approximately how many tasks have you completed that weren\xE2\x80\x99t paid by the "
     "requester?",
     R"({"ImportId":"QID7"})"},
    {"Q7", "How long did the longest image labeling task you worked on take?",
     R"({"ImportId":"QID8"})"},
    {"Q8", "How many times has your work been rejected without compensation in the last month?",
     R"({"ImportId":"QID9"})"},
    {"Q9", "Do you suffer from any work-related health issues? - Selected Choice",
     R"({"ImportId":"QID10"})"},
    {"Q9_9_TEXT", "Do you suffer from any work-related health issues? - Other - Text",
     R"({"ImportId":"QID10_9_TEXT"})"},
    {"Q10",
     "How much did your workset cost? (Include any tools or devices you use to perform data "
     "labeling)",
     R"({"ImportId":"QID11"})"},
    {"workerId", "workerId", R"({"ImportId":"workerId"})"},
};

// Choices as the export spells them; weights roughly like MTurk's workforce.
constexpr Choice kAge[] = {{"18- 24", 15},  {"25 - 34", 42}, {"35 - 44", 24},
                           {"45 - 54", 11}, {"55 - 64", 6},  {"65 or older", 2}};
constexpr Choice kGender[] = {{"Male", 57}, {"Female", 40}, {"Non binary", 3}};
constexpr Choice kEducation[] = {
    {"No formal education", 1},
    {"Primary education", 2},
    {"Secondary / High school", 17},
    {"Undergraduate (currently studying a Bachelor\xE2\x80\x99s degree)", 12},
    {"Bachelor\xE2\x80\x99s degree (completed)", 43},
    {"Master\xE2\x80\x99s degree", 22},
    {"Doctoral degree", 3}};
constexpr Choice kSearchTime[] = {
    {"1 -5 min", 20}, {"5 - 10 min", 30}, {"15 - 25 min", 25}, {"More tha 30 minutes", 25}};
constexpr Choice kUnpaidTasks[] = {
    {"None", 20}, {"1 - 10", 40}, {"11 - 50", 25}, {"51 - 100", 8}, {"More than 100", 7}};
constexpr Choice kLongestTask[] = {{"Less than 10 minutes", 25},
                                   {"10 - 30 minutes", 30},
                                   {"30 - 60 minutes", 18},
                                   {"1h - 2 hours", 12},
                                   {"In between 2 hours and 8 hours", 10},
                                   {"More than 8 hours", 5}};
constexpr Choice kRejections[] = {{"0 - 5 times", 60},
                                  {"5 - 10 times", 20},
                                  {"10 - 15 times", 10},
                                  {"15 - 30 times", 6},
                                  {"More than 30", 4}};
// Q9's choices in the survey's order (the export lists the selected ones in this order) and how
// often (per cent) each is ticked by someone who reports any; they tick about two.
constexpr Choice kHealth[] = {{"Neck pain", 30}, {"Lower back pain", 35},    {"Eye strain", 45},
                              {"Headaches", 22}, {"Wrist or hand pain", 22}, {"Anxiety", 15},
                              {"Depression", 10}};
constexpr std::string_view kHealthOther[] = {"Carpal tunnel", "dry eyes", "Shoulder pain",
                                             "insomnia", "Tendinitis in my right arm"};
// Typed cities: mostly the USA and India, as on MTurk, then anywhere; as typed, not cleaned up.
constexpr Choice kCities[] = {
    {"New York", 5},
    {"Chicago", 3},
    {"Houston", 3},
    {"Los Angeles", 3},
    {"Philadelphia", 2},
    {"Dallas TX", 2},
    {"Orlando, FL", 2},
    {"Ilinois", 1},
    {"Seattle", 2},
    {"Columbus, Ohio", 1},
    {"Chennai", 4},
    {"chennai", 1},
    {"Bangalore", 3},
    {"Bengaluru, India", 1},
    {"Hyderabad", 3},
    {"Kolkata", 2},
    {"Coimbatore", 2},
    {"Mumbai", 2},
    {"Dhaka", 2},
    {"Nairobi", 2},
    {"Lagos", 1},
    {"S\xC3\xA3o Paulo", 2},
    {"Belo Horizonte", 1},
    {"Krak\xC3\xB3w", 1},
    {"Caracas", 2},
    {"Bogot\xC3\xA1", 1},
    {"Ciudad de M\xC3\xA9xico", 1},
    {"Manila", 2},
    {"Cebu City", 1},
    {"Toronto", 1},
    {"London", 1},
    {"Ho Chi Minh City", 1},
    {"\xE0\xA6\xA2\xE0\xA6\xBE\xE0\xA6\x95\xE0\xA6\xBE", 1},  // Dhaka in Bengali
    {"Kyiv", 1},
    {"home", 1},
};
constexpr Choice kCosts[] = {
    {"$1.200 laptop", 2},
    {"$1,200 laptop", 1},
    {"around 500 euros", 2},
    {"NON", 1},
    {"500", 4},
    {"$800", 3},
    {"1000 USD", 2},
    {"My old laptop, maybe 300 dollars", 2},
    {"\xE2\x82\xB9"
     "45,000",
     2},  // rupees
    {"R$ 3.500", 1},
    {"300", 3},
    {"about 700$", 2},
    {"0", 1},
    {"I dont know", 1},
    {"$1,500 (PC + monitor)", 2},
    {"600 dollars laptop + 50 mouse", 1},
    {"40000 rupees", 1},
    {"15000 taka", 1},
    {"KES 60,000", 1},
    {"3 000 z\xC5\x82", 1},
    {"good", 1},
    {"\xE2\x80\x9C"
     "around 1000\xE2\x80\x9D",
     1},  // curly quotes, as a phone keyboard types
};

template <std::size_t N>
std::string_view pick(const Choice (&choices)[N], SplitMix64& random) {
  double total = 0;
  for (const auto& c : choices) total += c.weight;
  double u = random.between(0, total);
  for (const auto& c : choices) {
    u -= c.weight;
    if (u < 0) return c.text;
  }
  return choices[N - 1].text;
}

// Qualtrics quotes a field only when it has to.
void append_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string qualtrics_time(std::int64_t seconds) {
  // Seconds since 2023-03-13 00:00 on the survey account's clock (America/Denver). Every response
  // is recorded within days of that, so only the day of March (or April) moves.
  std::int64_t day = 13 + seconds / 86400;
  int month = 3;
  if (day > 31) {
    day -= 31;
    month = 4;
  }
  const std::int64_t in_day = seconds % 86400;
  char text[32];
  std::snprintf(text, sizeof text, "2023-%02d-%02d %02d:%02d:%02d", month, static_cast<int>(day),
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return text;
}

std::string response_id(SplitMix64& random) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id = "R_";
  for (int i = 0; i < 15; ++i) {
    id += kAlphabet[static_cast<std::size_t>(random.below(static_cast<int>(kAlphabet.size())))];
  }
  return id;
}

// One worker's answers, in the question columns' order (Q1 ... Q10).
std::vector<std::string> answers(SplitMix64& random) {
  // Each answer may be skipped; people skip the awkward ones more.
  const auto maybe = [&](std::string_view answer, double skip) {
    return random.chance(skip) ? std::string() : std::string(answer);
  };
  std::vector<std::string> a;
  const std::string age = maybe(pick(kAge, random), 0.03);
  a.push_back(age);
  a.push_back(
      age == "65 or older" && random.chance(0.6) ? std::to_string(random.between_int(65, 74)) : "");
  a.push_back(maybe(pick(kGender, random), 0.03));
  a.push_back(maybe(pick(kEducation, random), 0.03));
  a.push_back(maybe(pick(kCities, random), 0.04));
  a.push_back(maybe(pick(kSearchTime, random), 0.04));
  a.push_back(maybe(pick(kUnpaidTasks, random), 0.05));
  a.push_back(maybe(pick(kLongestTask, random), 0.04));
  a.push_back(maybe(pick(kRejections, random), 0.08));

  std::string health, other;
  const bool skipped = random.chance(0.06);
  if (!skipped && random.chance(0.35)) {
    health = "None";
  } else if (!skipped) {
    for (const auto& choice : kHealth) {
      if (!random.chance(choice.weight / 100.0)) continue;
      if (!health.empty()) health += ", ";
      health += choice.text;
    }
    if (health.empty() || random.chance(0.06)) {
      if (!health.empty()) health += ", ";
      health += "Other";
      other = kHealthOther[static_cast<std::size_t>(
          random.below(static_cast<int>(std::size(kHealthOther))))];
    }
  }
  a.push_back(health);
  a.push_back(other);
  a.push_back(maybe(pick(kCosts, random), 0.08));
  return a;
}

}  // namespace

std::string write_qualtrics_csv(const std::vector<std::string>& worker_ids, std::uint64_t seed) {
  std::string csv = "\xEF\xBB\xBF";  // Qualtrics starts its CSV with a UTF-8 byte order mark
  for (const auto member : {&Column::name, &Column::text, &Column::import_id}) {
    bool first = true;
    for (const Column& column : kColumns) {
      if (!first) csv += ',';
      first = false;
      append_field(csv, column.*member);
    }
    csv += "\r\n";
  }

  SplitMix64 random(seed, 0x5A3E);
  std::int64_t start_s = 9 * 3600 + 12 * 60 + random.below(600);  // Mar 13, after the HITs opened
  for (const std::string& worker : worker_ids) {
    start_s += 20 + random.below(400);
    const int duration_s = random.between_int(45, 420);
    std::vector<std::string> row = {qualtrics_time(start_s),
                                    qualtrics_time(start_s + duration_s),
                                    "IP Address",
                                    "",  // anonymised: no IP address, no location
                                    "100",
                                    std::to_string(duration_s),
                                    "True",
                                    qualtrics_time(start_s + duration_s + 1),
                                    response_id(random),
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "anonymous",
                                    "EN"};
    for (auto& answer : answers(random)) row.push_back(std::move(answer));
    row.push_back(worker);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) csv += ',';
      append_field(csv, row[i]);
    }
    csv += "\r\n";
  }
  return csv;
}

}  // namespace hitl
