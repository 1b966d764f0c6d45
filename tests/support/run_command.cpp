#include "run_command.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "document/site_contents.h"

namespace tebiki::testing {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string read_search_index(const fs::path& site_dir) {
    std::string all;
    for (const std::string& script : search_index_scripts()) all += read_file(site_dir / script);
    return all;
}

CommandResult run_command(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd) {
    // One pair of files a run: tests run commands from several threads at once.
    static std::atomic<unsigned> runs{0};
    const std::string run = std::to_string(getpid()) + "-" + std::to_string(runs++);
    const fs::path out_path = fs::temp_directory_path() / ("tebiki-out-" + run);
    const fs::path err_path = fs::temp_directory_path() / ("tebiki-err-" + run);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int in = open("/dev/null", O_RDONLY);
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        if (chdir(cwd.c_str()) != 0) _exit(126);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    fs::remove(out_path);
    fs::remove(err_path);
    return result;
}

std::vector<std::pair<std::string, std::string>> snapshot_tree(const fs::path& dir) {
    std::vector<std::pair<std::string, std::string>> files;
    if (!fs::exists(dir)) return files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file())
            files.emplace_back(entry.path().lexically_relative(dir).generic_string(), read_file(entry.path()));
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace tebiki::testing
