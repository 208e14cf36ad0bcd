// The plan registry's routes: GET /api/v1/plans (every plan's tree, cached per municipality and
// plan revision, with an ETag), POST /api/v1/plans/import (a policy table), and
// GET/PATCH /api/v1/policies/{id} (one policy; a stale PATCH answers 409 with what is stored).
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "route/context.hpp"
#include "service/plan_service.hpp"

namespace tsunagu::api {

// A rendered plan tree per municipality, valid while the municipality's plan revision is the
// same; stateless across servers because the revision lives in the database. Thread-safe.
class PlanCache {
 public:
  struct Entry {
    std::int64_t revision = -1;
    std::string body;
    std::string etag;
  };
  // The entry of `municipality` if it was rendered at `revision`, else an empty entry.
  Entry find(std::int64_t municipality, std::int64_t revision) const;
  void put(std::int64_t municipality, Entry entry);

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::int64_t, Entry> entries_;  // guarded by mutex_
};

// The cache must outlive the routes.
void add_plan_routes(const route::AddRoute& add, service::PlanService& plans, PlanCache& cache);

// The 基本計画's routes (plan_family_routes.cpp): POST /api/v1/plans/families,
// PATCH /api/v1/plans/families/{id}, PUT /api/v1/plans/families/{id}/members.
void add_plan_family_routes(const route::AddRoute& add, service::PlanService& plans);

}  // namespace tsunagu::api
