// The interpreter the external-task tests run, and scripts written for them.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace actsearch::external_testing {

namespace fs = std::filesystem;

// $ACTSEARCH_PYTHON, else the environment scripts/setup.sh makes in .venv/ (Debian's python3 plus JAX,
// seeing Debian's torch), else Debian's /usr/bin/python3 (python3-torch). Never the python3 first on
// PATH: that may be another installation without torch.
inline std::string python() {
  if (const char* env = std::getenv("ACTSEARCH_PYTHON")) return env;
  const fs::path venv = fs::path(ACTSEARCH_SOURCE_DIR) / ".venv" / "bin" / "python3";
  std::error_code ec;
  if (fs::exists(venv, ec)) return venv.string();
  return "/usr/bin/python3";
}

inline bool python_imports(const std::string& module) {
  return std::system((python() + " -c 'import " + module + "' > /dev/null 2>&1").c_str()) == 0;
}

inline void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
}

// A fresh empty folder for one test.
inline fs::path fresh_folder(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("actsearch-external-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace actsearch::external_testing
