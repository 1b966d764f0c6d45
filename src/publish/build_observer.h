#pragma once
// What a build tells the person running it, as it goes. The CLI shows a
// progress line on a terminal and phase timings with --verbose; tests and
// `serve` pass their own. Every method may be called from any thread.

#include <chrono>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

namespace tebiki::publish {

class BuildObserver {
public:
    virtual ~BuildObserver() = default;
    // A named step ("catalog", "html it", "pdf it"…) has finished.
    virtual void phase_done(std::string_view /*name*/, double /*seconds*/) {}
    // `total` pages and PDFs (binders included) of every site are about to
    // be made: said once by a build, before the first; by `serve` per step.
    virtual void documents_planned(std::size_t /*total*/) {}
    virtual void document_done(bool /*reused_from_cache*/) {}
};

// Observes nothing: the default.
BuildObserver& silent_observer();

// Reports a phase's wall time to the observer when it goes out of scope.
class PhaseTimer {
public:
    PhaseTimer(BuildObserver& observer, std::string name);
    ~PhaseTimer();
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

private:
    BuildObserver& observer_;
    std::string name_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace tebiki::publish
