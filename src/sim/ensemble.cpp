#include "peacesim/sim/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace peacesim {

void run_ensemble(const std::shared_ptr<const Scenario>& scenario, const EnsembleOptions& options,
                  const std::function<void(int, const Simulation&)>& after_step) {
  const int total = std::max(0, options.replicates);
  const int jobs = std::clamp(options.jobs, 1, std::max(1, total));
  std::atomic<int> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex mutex;
  std::condition_variable finished;

  auto worker = [&] {
    for (int r = next++; r < total; r = next++) {
      try {
        Simulation sim(scenario, options.first_seed + std::uint64_t(r));
        if (options.max_ticks >= 0) sim.limit_ticks(options.max_ticks);
        while (!sim.done()) {
          sim.step();
          after_step(r, sim);
        }
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        next = total;  // stop handing out work
      }
      {
        std::lock_guard lock(mutex);
        ++done;
      }
      finished.notify_one();
    }
  };

  std::vector<std::jthread> pool;
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  // report progress from the calling thread
  int reported = 0;
  {
    std::unique_lock lock(mutex);
    while (reported < total && !failure) {
      finished.wait(lock, [&] { return done.load() > reported || failure; });
      reported = done.load();
      if (options.progress) {
        lock.unlock();
        options.progress(reported, total);
        lock.lock();
      }
    }
  }
  pool.clear();  // joins
  if (failure) std::rethrow_exception(failure);
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

}  // namespace peacesim
