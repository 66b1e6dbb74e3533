// Test support: TempDir, a scratch folder removed at scope exit, and read_text, a whole file as a string.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <system_error>

namespace peacesim::test {

/// A fresh folder under the system temp folder, removed with everything in it at scope exit.
///
/// Its name is `peacesim-test-<prefix>-<clock>-<random>-<counter>`, so a leftover folder says which test made
/// it. The name is unique across threads (a process-wide counter) and processes (clock and random bits), and
/// the folder is created only if it did not exist yet, so two TempDirs never share a folder.
class TempDir {
 public:
  /// Creates the folder; `prefix` names the test that uses it (e.g. "loader").
  explicit TempDir(const std::string& prefix) {
    static std::atomic<unsigned> counter{0};
    std::random_device entropy;
    const std::filesystem::path base = std::filesystem::temp_directory_path();
    do {
      const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
      path_ = base / ("peacesim-test-" + prefix + "-" + std::to_string(stamp) + "-" + std::to_string(entropy()) + "-" +
                      std::to_string(counter++));
    } while (!std::filesystem::create_directory(path_));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The folder.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to `name` under the folder (creating any folders in `name`) and returns the file's path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

/// The whole of `file`, byte for byte; empty if it cannot be read.
inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace peacesim::test
