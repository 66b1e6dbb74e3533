#include "peacesim/sim/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace peacesim {

int EnsembleResult::finished_count() const {
  return static_cast<int>(std::count(finished.begin(), finished.end(), char(1)));
}

EnsembleResult run_ensembles(const std::vector<std::shared_ptr<const Scenario>>& scenarios,
                             const EnsembleOptions& options,
                             const std::function<void(int, int, const Simulation&)>& after_step) {
  const int per = static_cast<int>(scenarios.size());
  const int total = std::max(0, options.replicates) * per;
  const int jobs = std::clamp(options.jobs, 1, std::max(1, total));
  auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };
  EnsembleResult result;
  result.finished.assign(static_cast<std::size_t>(total), 0);
  std::atomic<int> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex mutex;
  std::condition_variable finished;

  auto worker = [&] {
    for (int t = next++; t < total; t = next++) {
      if (cancelled()) break;
      const int k = t % per, r = t / per;
      bool complete = false;
      try {
        Simulation sim(scenarios[static_cast<std::size_t>(k)], options.first_seed + std::uint64_t(r));
        if (options.max_ticks >= 0) sim.limit_ticks(options.max_ticks);
        while (!sim.done() && !cancelled()) {
          sim.step();
          after_step(k, r, sim);
        }
        complete = sim.done();
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        next = total;  // stop handing out work
      }
      {
        std::lock_guard lock(mutex);
        result.finished[static_cast<std::size_t>(t)] = complete ? 1 : 0;
        ++done;
      }
      finished.notify_one();
    }
    {
      std::lock_guard lock(mutex);  // wake the reporter: this worker has stopped
    }
    finished.notify_one();
  };

  std::vector<std::jthread> pool;
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  // report progress from the calling thread; a cancel is noticed within 100 ms
  int reported = 0;
  {
    std::unique_lock lock(mutex);
    while (reported < total && !failure && !cancelled()) {
      finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return done.load() > reported || failure; });
      if (done.load() == reported) continue;
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
  result.cancelled = cancelled() && result.finished_count() < total;
  return result;
}

EnsembleResult run_ensemble(const std::shared_ptr<const Scenario>& scenario, const EnsembleOptions& options,
                            const std::function<void(int, const Simulation&)>& after_step) {
  return run_ensembles({scenario}, options, [&](int, int r, const Simulation& sim) { after_step(r, sim); });
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
