// credlex_report_render report|diff IN.json OUT.html: writes the page of a report.json or a
// diff.json with credlex::report, for the browser test (run.sh) until `credlex simulate` and
// `credlex diff` write them themselves.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "compiler/files/temp_file.h"
#include "simulator/report/report.h"

int main(int argc, char** argv) {
  if (argc != 4 || (std::string(argv[1]) != "report" && std::string(argv[1]) != "diff")) {
    std::cerr << "usage: credlex_report_render report|diff IN.json OUT.html\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "credlex_report_render: cannot read `" << argv[2] << "`\n";
    return 1;
  }
  std::ostringstream json;
  json << in.rdbuf();
  std::string page = std::string(argv[1]) == "report" ? credlex::report::html(json.str()) : credlex::report::diff_html(json.str());
  std::string error;
  if (!credlex::files::write_file_atomic(argv[3], page, error)) {
    std::cerr << "credlex_report_render: " << error << "\n";
    return 1;
  }
  return 0;
}
