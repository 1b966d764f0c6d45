#pragma once
// How a build reports itself on the console: a progress line when stderr is a
// terminal (documents done / total and documents per second), phase timings
// with --verbose, nothing but errors with --quiet. Nothing is drawn when
// stderr is not a terminal, so logs and CI output stay clean.

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "publish/build_observer.h"

namespace tebiki::cli {

enum class Verbosity { Quiet, Normal, Verbose };

class ConsoleProgress : public publish::BuildObserver {
public:
    // `unit` names what is counted: "document pages", or with PDFs too.
    ConsoleProgress(Verbosity verbosity, std::FILE* stream = stderr, std::string unit = "document pages");
    ~ConsoleProgress() override;

    void phase_done(std::string_view name, double seconds) override;
    void documents_planned(std::size_t total) override;
    void document_done(bool reused_from_cache) override;
    // Clears the progress line (call before printing anything else).
    void finish();

private:
    void draw_locked(bool force);
    void clear_locked();

    using Clock = std::chrono::steady_clock;
    const Verbosity verbosity_;
    std::FILE* const stream_;
    const bool draw_progress_;
    const std::string unit_;
    std::mutex mutex_;
    std::size_t total_ = 0;
    std::size_t done_ = 0;
    std::size_t reused_ = 0;
    bool line_drawn_ = false;
    Clock::time_point started_ = Clock::now();
    Clock::time_point last_draw_{};
};

}  // namespace tebiki::cli
