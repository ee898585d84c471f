// The C header of a compiled policy (`credlex build --header`): self-contained, so an agency needs
// nothing of credlex to compile against the library. The ABI's declarations are not copied by
// hand: abi.h and the runtime headers it needs are embedded in this library at build time
// (abi_text.cpp.in) and their declarations taken from there.
#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "compiler/codegen/abi.h"
#include "compiler/codegen/aot.h"

namespace credlex::codegen {

std::string_view abi_h_text();
std::string_view status_h_text();
std::string_view working_days_h_text();
std::string_view civil_date_h_text();

namespace {

// The text of `file` from the start of the first line containing `from` up to the end of the first
// line after it containing `to` (included, or with `before` excluded). A header edited so that a
// marker disappears fails loudly (and the header test with it), never with half a declaration.
std::string_view section(std::string_view file, std::string_view from, std::string_view to, const char* name,
                         bool before = false) {
  std::size_t begin = file.find(from);
  if (begin == std::string_view::npos) throw std::logic_error(fmt::format("`{}` not found in {}", from, name));
  begin = file.rfind('\n', begin);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::size_t end = file.find(to, begin + from.size());
  if (end == std::string_view::npos) throw std::logic_error(fmt::format("`{}` not found in {}", to, name));
  if (before) return file.substr(begin, file.rfind('\n', end) + 1 - begin);
  end = file.find('\n', end);
  return file.substr(begin, end == std::string_view::npos ? file.size() - begin : end + 1 - begin);
}

// abi.h without its include of the runtime header (whose declarations come before it).
std::string abi_declarations() {
  std::string text(abi_h_text());
  const std::string include = "#include \"credlex/working_days.h\"\n";
  std::size_t at = text.find(include);
  if (at == std::string::npos) throw std::logic_error("abi.h no longer includes credlex/working_days.h");
  text.erase(at, include.size());
  return text;
}

std::string upper_identifier(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) : '_';
  }
  return out;
}

// A C string literal: quotes, backslashes, control bytes and `?` (trigraphs) escaped; other bytes,
// UTF-8 included, as they are.
std::string c_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f || c == '?') {
      out += fmt::format("\\{:03o}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Text safe inside a /* comment */ on one line.
std::string comment_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') c = ' ';
    if ((c == '/' && !out.empty() && out.back() == '*') || (c == '*' && !out.empty() && out.back() == '/')) out += ' ';
    out += c;
  }
  return out;
}

std::string field_type(const ir::Policy& policy, const ir::FieldType& f) {
  switch (f.kind) {
    case ir::ValueKind::Money:
      return f.currency.empty() ? "money: CLX_MONEY, units of 1/10000, currency" : "money: CLX_MONEY, units of 1/10000, currency " + f.currency;
    case ir::ValueKind::Choice:
      return f.index >= 0 && f.index < static_cast<std::int32_t>(policy.enums.size())
                 ? "CLX_CHOICE of enum " + policy.enums[static_cast<std::size_t>(f.index)].name
                 : "CLX_CHOICE";
    case ir::ValueKind::Decimal: return "CLX_DECIMAL: i / 10^scale";
    case ir::ValueKind::Date: return "CLX_DATE: i = day number";
    case ir::ValueKind::Duration: return "CLX_DURATION: i in unit";
    case ir::ValueKind::Text: return "CLX_TEXT: text, len";
    default: return fmt::format("CLX_{}", upper_identifier(ir::kind_name(f.kind)));
  }
}

// Enum constants `P_GROUP_NAME = index`, names made unique (a clash after sanitising gets the
// index appended).
class Constants {
 public:
  explicit Constants(std::string prefix) : prefix_(std::move(prefix)) {}
  void add(std::string_view group, std::string_view name, std::int64_t value, std::string_view comment = {}) {
    std::string id = prefix_ + "_" + std::string(group) + "_" + upper_identifier(name);
    if (!used_.insert(id).second) {
      id += fmt::format("_{}", value);
      used_.insert(id);
    }
    lines_ += fmt::format("  {} = {},", id, value);
    if (!comment.empty()) lines_ += fmt::format(" /* {} */", comment_text(comment));
    lines_ += "\n";
  }
  void heading(std::string_view text) { lines_ += fmt::format("  /* {} */\n", comment_text(text)); }
  const std::string& text() const { return lines_; }

 private:
  std::string prefix_;
  std::set<std::string> used_;
  std::string lines_;
};

}  // namespace

std::string artifact_header(const ir::Policy& policy, const AotOptions& options) {
  const std::string p = options.prefix.empty() ? default_prefix(policy) : options.prefix;
  const std::string P = upper_identifier(p);
  const std::string guard = P + "_H";
  std::string h;
  h += fmt::format(R"(/* {p}: the compiled policy `{name}` (version {version}).
 * {title}
 *
 * Generated by `credlex build`; do not edit. Rebuild it with the library: the header and the
 * library must come from the same build (check with {p}_info() and {P}_SOURCES_SHA256, or with
 * `credlex build --verify-artifact LIBRARY POLICY`).
 *
 * USING IT
 *   1. Fill a clx_history for one entity (its layout is described below at clx_history):
 *        entity_kind      one of {P}_KIND_*;
 *        attributes       the kind's attributes in {P}_ATTR_<KIND>_* order (kind CLX_ABSENT: not
 *                         known), attribute_count of them;
 *        events           sorted by date (ties keep their order): dates[k] a day number (days since
 *                         1970-01-01), types[k] one of {P}_EVENT_*, rows[k] the event's row among
 *                         the events of its type;
 *        columns[t][s][r] the value of field slot s ({P}_FIELD_<EVENT>_*) of row r of event type t,
 *                         as a clx_value of the kind noted at the field (money: i in 1/10000 of the
 *                         unit and currency "CNY"; text: text and len; a choice: i = {P}_CHOICE_*
 *                         and index = {P}_ENUM_*). columns[t] may be null for a type with no events.
 *   2. Zero a clx_timeline once, then call {p}_run(&history, calendar, &timeline) for each entity
 *      (calendar: null for Monday to Friday, or a clx_calendar of holidays and adjusted working
 *      days). It returns timeline.status: CLX_OK, or the reason nothing was computed (below:
 *      CLX_INPUT_* for bad input, CLX_EVAL_* and CLX_E_* for a rule that could not be evaluated),
 *      with error_event and error_date saying where.
 *   3. Read timeline.listings, .measures, .grades, .extensions and .decisions (their counts are
 *      in *_count); names by index are in {p}_info().
 *   4. {p}_timeline_free(&timeline) when done.
 *
 * MEMORY
 *   The library never keeps or frees what you pass: the history, its arrays and cells, text and
 *   the calendar stay yours, and are only read during the call. The timeline's arrays belong to the
 *   timeline: a run reuses and grows them, {p}_timeline_free releases them. The strings of
 *   {p}_info() are static. Runs on different timelines may happen on different threads at once.
 */
#ifndef {guard}
#define {guard}

#include <stddef.h>
#include <stdint.h>

)",
                   fmt::arg("p", p), fmt::arg("P", P), fmt::arg("guard", guard), fmt::arg("name", comment_text(policy.name)),
                   fmt::arg("version", comment_text(policy.version)), fmt::arg("title", comment_text(policy.title)));

  // The ABI, shared by every policy header of this ABI version (so two of them can be included).
  h += fmt::format("#ifndef CREDLEX_ABI_DECLARATIONS_{0}\n#define CREDLEX_ABI_DECLARATIONS_{0}\n\n", CLX_ABI_VERSION);
  h += "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  h += "/* Status codes of the credlex runtime (credlex/status.h). */\n";
  h += section(status_h_text(), "enum {\n  CLX_OK = 0,", "};", "credlex/status.h");
  h += "\n/* Day numbers (credlex/civil_date.h):\n";
  h += section(civil_date_h_text(), " * A date is an int32", " */", "credlex/civil_date.h");
  h += section(civil_date_h_text(), "enum { CLX_MIN_YEAR", "enum { CLX_MIN_DAY", "credlex/civil_date.h");
  h += "\n/* Working days (credlex/working_days.h):\n *\n";
  h += section(working_days_h_text(), " * WHICH DAYS ARE WORKING DAYS", " * DEADLINES", "credlex/working_days.h", true);
  h += section(working_days_h_text(), " * CALENDAR VALUES", " * COST", "credlex/working_days.h", true);
  h += " */\n";
  h += section(working_days_h_text(), "typedef struct clx_calendar {", "} clx_calendar;", "credlex/working_days.h");
  h += "\n#ifdef __cplusplus\n}\n#endif\n\n";
  h += "/* ---- The ABI of compiled policies (credlex's compiler/codegen/abi.h) ---- */\n";
  h += abi_declarations();
  h += fmt::format("\n#endif /* CREDLEX_ABI_DECLARATIONS_{} */\n\n", CLX_ABI_VERSION);

  h += fmt::format(R"(/* The ABI version this header and the library were built for: {p}_info()->abi_version. */
#define {P}_ABI_VERSION {abi}
#if CLX_ABI_VERSION != {P}_ABI_VERSION
#error "credlex headers of different ABI versions are included together; rebuild them with one credlex"
#endif

/* What the library was compiled from (also in {p}_info()). */
#define {P}_POLICY_NAME {name}
#define {P}_POLICY_TITLE {title}
#define {P}_POLICY_VERSION {version}
#define {P}_SOURCE_SHA256 {source}  /* SHA-256 of the policy's main file */
#define {P}_SOURCES_SHA256 {sources} /* of every file it is made of */

#ifdef __cplusplus
extern "C" {{
#endif

/* One entity's timeline; returns out->status (see clx_timeline). */
int32_t {p}_run(const clx_history *h, const clx_calendar *cal, clx_timeline *out);
/* A block of entities: out[e] for entity e of b (b->entity_count timelines, each zeroed before its
 * first use). Returns CLX_OK, or CLX_INPUT_NULL / CLX_NO_MEMORY for the block as a whole; each
 * entity's own errors are in its timeline's status. */
int32_t {p}_run_batch(const clx_batch *b, const clx_calendar *cal, clx_timeline *out);
/* Releases the arrays of a timeline (which stays usable: zeroed). */
void {p}_timeline_free(clx_timeline *t);
/* The policy's name, version, hashes and the names of its kinds, event types, lists, measures
 * and grades by index. Static: never freed. */
const clx_policy_info *{p}_info(void);

)",
                   fmt::arg("p", p), fmt::arg("P", P), fmt::arg("abi", CLX_ABI_VERSION), fmt::arg("name", c_string(policy.name)),
                   fmt::arg("title", c_string(policy.title)), fmt::arg("version", c_string(policy.version)),
                   fmt::arg("source", c_string(options.source_sha256)), fmt::arg("sources", c_string(options.sources_sha256)));

  Constants c(P);
  c.heading("Entity kinds (clx_history.entity_kind) and their attribute slots (clx_history.attributes)");
  for (std::size_t k = 0; k < policy.kinds.size(); ++k) {
    const auto& kind = policy.kinds[k];
    c.add("KIND", kind.name, static_cast<std::int64_t>(k));
    for (std::size_t a = 0; a < kind.attributes.size(); ++a)
      c.add("ATTR_" + upper_identifier(kind.name), kind.attributes[a].name, static_cast<std::int64_t>(a),
            field_type(policy, kind.attributes[a]));
  }
  c.heading("Event types (clx_history.types) and their field slots (clx_history.columns[type][slot])");
  for (std::size_t e = 0; e < policy.events.size(); ++e) {
    const auto& event = policy.events[e];
    c.add("EVENT", event.name, static_cast<std::int64_t>(e));
    for (std::size_t f = 0; f < event.fields.size(); ++f)
      c.add("FIELD_" + upper_identifier(event.name), event.fields[f].name, static_cast<std::int64_t>(f),
            field_type(policy, event.fields[f]));
  }
  c.heading("Enums (clx_value.index of a CLX_CHOICE) and their choices (clx_value.i)");
  for (std::size_t n = 0; n < policy.enums.size(); ++n) {
    const auto& e = policy.enums[n];
    c.add("ENUM", e.name, static_cast<std::int64_t>(n));
    for (std::size_t v = 0; v < e.choices.size(); ++v)
      c.add("CHOICE_" + upper_identifier(e.name), e.choices[v], static_cast<std::int64_t>(v));
  }
  c.heading("Lists (clx_listing.list) and restorations (clx_decision.restoration), by list");
  for (std::size_t l = 0; l < policy.lists.size(); ++l) c.add("LIST", policy.lists[l].name, static_cast<std::int64_t>(l), policy.lists[l].title);
  for (std::size_t r = 0; r < policy.restorations.size(); ++r) {
    auto list = policy.restorations[r].list;
    c.add("RESTORATION", list >= 0 && list < static_cast<std::int32_t>(policy.lists.size()) ? policy.lists[static_cast<std::size_t>(list)].name : fmt::format("{}", r),
          static_cast<std::int64_t>(r));
  }
  c.heading("Measures (clx_measure_interval.measure)");
  for (std::size_t m = 0; m < policy.measures.size(); ++m)
    c.add("MEASURE", policy.measures[m].name, static_cast<std::int64_t>(m), policy.measures[m].title);
  c.heading("Grades (clx_grade_interval.grade) and their levels (clx_grade_interval.level), best first");
  for (std::size_t g = 0; g < policy.grades.size(); ++g) {
    const auto& grade = policy.grades[g];
    c.add("GRADE", grade.name, static_cast<std::int64_t>(g), grade.title);
    for (std::size_t l = 0; l < grade.levels.size(); ++l)
      c.add("LEVEL_" + upper_identifier(grade.name), grade.levels[l], static_cast<std::int64_t>(l));
  }
  c.heading("Counts");
  c.add("COUNT", "KINDS", static_cast<std::int64_t>(policy.kinds.size()));
  c.add("COUNT", "EVENTS", static_cast<std::int64_t>(policy.events.size()));
  c.add("COUNT", "ENUMS", static_cast<std::int64_t>(policy.enums.size()));
  c.add("COUNT", "LISTS", static_cast<std::int64_t>(policy.lists.size()));
  c.add("COUNT", "MEASURES", static_cast<std::int64_t>(policy.measures.size()));
  c.add("COUNT", "GRADES", static_cast<std::int64_t>(policy.grades.size()));
  h += "enum {\n" + c.text() + "};\n";
  h += fmt::format("\n#ifdef __cplusplus\n}}\n#endif\n\n#endif /* {} */\n", guard);
  return h;
}

}  // namespace credlex::codegen
