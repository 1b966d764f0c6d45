#include "cli/build_progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace tebiki::cli {

namespace {

// Redrawing more often than this only costs time; people read it at ~10 Hz.
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

ConsoleProgress::ConsoleProgress(Verbosity verbosity, std::FILE* stream, std::string unit)
    : verbosity_(verbosity),
      stream_(stream),
      draw_progress_(verbosity != Verbosity::Quiet && isatty(fileno(stream)) == 1),
      unit_(std::move(unit)) {}

ConsoleProgress::~ConsoleProgress() { finish(); }

void ConsoleProgress::phase_done(std::string_view name, double seconds) {
    if (verbosity_ != Verbosity::Verbose) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    clear_locked();
    fmt::print(stream_, "tebiki: {:<24} {:8.1f} ms\n", name, seconds * 1000.0);
    draw_locked(true);
}

void ConsoleProgress::documents_planned(std::size_t total) {
    const std::lock_guard<std::mutex> lock(mutex_);
    total_ += total;
    draw_locked(false);
}

void ConsoleProgress::document_done(bool reused_from_cache) {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    if (reused_from_cache) ++reused_;
    draw_locked(done_ == total_);
}

void ConsoleProgress::finish() {
    const std::lock_guard<std::mutex> lock(mutex_);
    clear_locked();
    if (verbosity_ == Verbosity::Verbose && total_ > 0)
        fmt::print(stream_, "tebiki: {} {} made, {} of them reused from the cache\n", done_, unit_, reused_);
    total_ = done_ = reused_ = 0;
}

void ConsoleProgress::draw_locked(bool force) {
    if (!draw_progress_ || total_ == 0) return;
    const auto now = Clock::now();
    if (!force && now - last_draw_ < kRedrawInterval) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
    // \r and "erase to end of line": the line is redrawn in place.
    fmt::print(stream_, "\rtebiki: {} {}/{} ({:.0f}/s, {} from cache)\x1b[K", unit_, done_, total_, rate, reused_);
    std::fflush(stream_);
    line_drawn_ = true;
}

void ConsoleProgress::clear_locked() {
    if (!line_drawn_) return;
    fmt::print(stream_, "\r\x1b[K");
    std::fflush(stream_);
    line_drawn_ = false;
}

}  // namespace tebiki::cli
