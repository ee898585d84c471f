#include "simulator/population/csv.h"

namespace credlex::population::csv {

bool split(std::string_view line, std::vector<Field>& fields, Error& error) {
  fields.clear();
  std::size_t i = 0;
  for (;;) {
    Field f;
    f.offset = i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {
          error = {f.offset, "this quoted field is not closed on its line (a field cannot span lines)"};
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        f.text += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        error = {i, "a closing quote must be followed by a comma or the end of the line"};
        return false;
      }
    } else {
      std::size_t end = i;
      while (end < line.size() && line[end] != ',') {
        if (line[end] == '"') {
          error = {end, "a quote inside a field that does not start with a quote; quote the whole field and double the quote (`\"a \"\"b\"\"\"`)"};
          return false;
        }
        ++end;
      }
      f.text.assign(line.substr(i, end - i));
      i = end;
    }
    fields.push_back(std::move(f));
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

}  // namespace credlex::population::csv
