// Holiday calendars for runs: a calendar file (runtime/include/credlex/working_days.h gives the
// format; runtime/calendars/ ships China's) read into an object that owns its dates and lends the
// runtime's view of them to RunOptions::calendar.
//
//   std::vector<std::string> problems;
//   ir::Calendar cn = ir::load_calendar("runtime/calendars/cn-2024-2026.txt", problems);
//   if (problems.empty()) timeline = ir::run(policy, history, {cn.get()});
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.h"
#include "credlex/working_days.h"

namespace credlex::ir {

// Owns the holiday and adjusted-working-day arrays; get() points at them (valid while this
// object lives and is not assigned to). An empty Calendar means weekends only. Copying and moving
// keep get() pointing at the object's own arrays.
class Calendar {
 public:
  Calendar() { bind(); }
  Calendar(const Calendar& other) : holidays_(other.holidays_), workdays_(other.workdays_) { bind(); }
  Calendar(Calendar&& other) noexcept : holidays_(std::move(other.holidays_)), workdays_(std::move(other.workdays_)) {
    bind();
    other.bind();
  }
  Calendar& operator=(const Calendar& other) {
    holidays_ = other.holidays_;
    workdays_ = other.workdays_;
    bind();
    return *this;
  }
  Calendar& operator=(Calendar&& other) noexcept {
    holidays_ = std::move(other.holidays_);
    workdays_ = std::move(other.workdays_);
    bind();
    other.bind();
    return *this;
  }

  const clx_calendar* get() const { return &view_; }
  const std::vector<Day>& holidays() const { return holidays_; }  // ascending
  const std::vector<Day>& workdays() const { return workdays_; }  // ascending

 private:
  friend Calendar parse_calendar(std::string_view text, const std::string& name, std::vector<std::string>& problems);
  void bind() { view_ = clx_calendar{holidays_.data(), holidays_.size(), workdays_.data(), workdays_.size()}; }

  std::vector<Day> holidays_, workdays_;
  clx_calendar view_{};
};

// Parses calendar-file text with clx_calendar_parse. Every bad line is appended to `problems` as
// "NAME:LINE: reason" (clx_status_message); the lines that parsed are kept, so the result is a
// valid calendar even then, but a caller should not run with it unless `problems` is empty.
Calendar parse_calendar(std::string_view text, const std::string& name, std::vector<std::string>& problems);

// Reads the file at `path` and parses it, naming it `path` in problems; a file that cannot be
// read gives one problem, "PATH: cannot read the file (reason)", and an empty calendar.
Calendar load_calendar(const std::string& path, std::vector<std::string>& problems);

}  // namespace credlex::ir
