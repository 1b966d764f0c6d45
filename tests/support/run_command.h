#pragma once
// Running the tebiki binary from integration tests.

#include <filesystem>
#include <string>
#include <vector>

namespace tebiki::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs `program args...` in `cwd` and waits for it; stdin is /dev/null.
CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd);

#ifdef TEBIKI_BINARY
inline CommandResult run_tebiki(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    return run_command(TEBIKI_BINARY, args, cwd);
}
#endif

// Every regular file under `dir` with its bytes, keyed by relative path.
std::vector<std::pair<std::string, std::string>> snapshot_tree(const std::filesystem::path& dir);

std::string read_file(const std::filesystem::path& path);

// A site's whole search index: index.js, then every part script in order.
std::string read_search_index(const std::filesystem::path& site_dir);

}  // namespace tebiki::testing
