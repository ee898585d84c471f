#include "compiler/ir/calendar_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "credlex/status.h"

namespace credlex::ir {

Calendar parse_calendar(std::string_view text, const std::string& name, std::vector<std::string>& problems) {
  // One entry or one problem per line at most, so a line count bounds every array.
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  Calendar out;
  out.holidays_.assign(lines, 0);
  out.workdays_.assign(lines, 0);
  std::vector<clx_calendar_diagnostic> diags(lines);
  std::size_t diag_count = 0;
  clx_calendar view{};
  clx_calendar_parse(text.data(), text.size(), out.holidays_.data(), lines, out.workdays_.data(), lines, &view,
                     diags.data(), diags.size(), &diag_count);
  out.holidays_.resize(view.holiday_count);
  out.workdays_.resize(view.workday_count);
  out.bind();
  for (std::size_t k = 0; k < diag_count && k < diags.size(); ++k)
    problems.push_back(fmt::format("{}:{}: {}", name, diags[k].line, clx_status_message(diags[k].code)));
  return out;
}

Calendar load_calendar(const std::string& path, std::vector<std::string>& problems) {
  auto cannot = [&](int code) {
    problems.push_back(fmt::format("{}: cannot read the file ({})", path, code ? std::strerror(code) : "unknown reason"));
    return Calendar();
  };
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return cannot(errno);
  std::string text;
  char buf[1 << 16];
  std::size_t got = 0;
  // A calendar is a few kilobytes; a file that does not end (/dev/zero) is cut off here.
  constexpr std::size_t kMostBytes = 16u << 20;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
    text.append(buf, got);
    if (text.size() > kMostBytes) {
      std::fclose(f);
      problems.push_back(fmt::format("{}: cannot read the file (longer than a calendar may be: 16 MiB)", path));
      return Calendar();
    }
  }
  int code = std::ferror(f) ? (errno ? errno : EIO) : 0;
  std::fclose(f);
  if (code) return cannot(code);
  return parse_calendar(text, path, problems);
}

}  // namespace credlex::ir
