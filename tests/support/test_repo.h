#pragma once
// Temporary git repositories for tests, made with libgit2.

#include <filesystem>
#include <string>

typedef struct git_repository git_repository;

namespace tebiki::testing {

class TestRepo {
public:
    TestRepo();
    ~TestRepo();
    TestRepo(const TestRepo&) = delete;
    TestRepo& operator=(const TestRepo&) = delete;

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path path(const std::string& relative) const { return root_ / relative; }

    void write(const std::string& relative, const std::string& bytes) const;
    void remove(const std::string& relative) const;
    // Stages every change (additions, edits, deletions) and commits it at
    // `time` (Unix seconds, +09:00). Returns the commit id.
    std::string commit(const std::string& message, long long time = 1774000000);
    void tag(const std::string& name) const;

private:
    std::filesystem::path root_;
    git_repository* repo_ = nullptr;
};

// A minimal valid content set: tebiki.yml with audiences all/ward-5w/it.
std::string sample_config();
// A valid front matter block plus `body`.
std::string sample_document(const std::string& id, const std::string& title, const std::string& body,
                            const std::string& extra_front_matter = "");

}  // namespace tebiki::testing
