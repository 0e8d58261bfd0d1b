#pragma once
// `xinqiao demo`: a synthetic but realistic region, deterministic by seed.
//
// One city with four counties (one urban district, three rural counties with townships), about
// 40 schools of every stage (primary, junior, senior, vocational and one university with
// faculties and dormitories), grades and classes of plausible size, students of plausible age
// for their grade, guardians and staff. Nothing in it is a real person:
//  - ID numbers use region codes starting "99", which no real region has (GB/T 2260), with a
//    correct GB 11643 check character;
//  - phones start "100", a prefix no mainland mobile carrier is assigned.
// Special-situation shares follow the national education statistics of 2022 (see the table in
// region_generator.cpp).

#include <cstdint>

#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"

namespace xinqiao::core::demo {

struct DemoSettings {
    std::uint64_t seed = 20260901;  // same seed and settings, same region, byte for byte
    std::int64_t students = 30000;  // total students across all schools; at least 1000
    Date today;                     // ages and school years are computed for this day
};

// Receives the region in an order where every unit comes after its parent and every student
// after their class. Ids are assigned by the generator from 1 upward per kind, so the target
// store must be empty. A returned error stops the generation and is passed on.
class RegionSink {
public:
    virtual ~RegionSink() = default;
    virtual Status AddOrgUnit(const org::OrgUnit& unit) = 0;
    virtual Status AddStudent(const people::Student& student, const std::vector<people::Guardian>& guardians) = 0;
    virtual Status AddStaff(const people::StaffMember& staff) = 0;
};

struct DemoSummary {
    std::int64_t org_units = 0;
    std::int64_t schools = 0;
    std::int64_t classes = 0;
    std::int64_t students = 0;
    std::int64_t guardians = 0;
    std::int64_t staff = 0;
};

// kInvalidArgument if settings.students is out of range (1000..10,000,000).
Result<DemoSummary> GenerateRegion(const DemoSettings& settings, RegionSink& sink);

// The deterministic generator behind the demo (SplitMix64): small, fast, and the same on every
// platform, unlike std:: distributions.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t Next();
    // Uniform in [0, n). Requires: n > 0.
    std::uint64_t Below(std::uint64_t n);
    // Uniform in [0, 1).
    double Unit();
    bool Chance(double p) { return Unit() < p; }

private:
    std::uint64_t state_;
};

}  // namespace xinqiao::core::demo
