#include "publish/build_observer.h"

namespace tebiki::publish {

BuildObserver& silent_observer() {
    static BuildObserver silent;
    return silent;
}

PhaseTimer::PhaseTimer(BuildObserver& observer, std::string name)
    : observer_(observer), name_(std::move(name)), started_(std::chrono::steady_clock::now()) {}

PhaseTimer::~PhaseTimer() {
    if (std::uncaught_exceptions() > 0) return;  // a failed phase has no timing worth showing
    observer_.phase_done(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
}

}  // namespace tebiki::publish
