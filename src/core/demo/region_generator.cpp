#include "core/demo/region_generator.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/people/id_number.hpp"

namespace xinqiao::core::demo {

std::uint64_t Rng::Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t Rng::Below(std::uint64_t n) {
    XINQIAO_ASSERT(n > 0, "Below(0) has no values");
    return Next() % n;  // the modulo bias is far below anything a demo can show
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

namespace {

using org::OrgKind;
using org::OrgUnit;
using org::OrgUnitId;
using org::SchoolStage;
using people::Gender;
using people::GuardianRelation;
using people::SpecialSituation;

// The most common surnames, most common first (a weighted draw favours the head of the list).
constexpr std::array<std::string_view, 60> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "邓", "冯", "曹",
    "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏",
    "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖",
};
constexpr std::array<std::string_view, 40> kBoyChars = {
    "浩", "宇", "轩", "子", "博", "文", "俊", "杰", "涛", "明", "辰", "泽", "睿", "晨", "阳",
    "磊", "鹏", "志", "强", "伟", "航", "然", "一", "嘉", "思", "铭", "昊", "天", "佳", "凯",
    "宏", "诚", "翔", "亮", "毅", "锦", "瑞", "逸", "恒", "远",
};
constexpr std::array<std::string_view, 40> kGirlChars = {
    "欣", "怡", "梓", "涵", "雨", "萱", "诗", "琪", "佳", "悦", "思", "可", "馨", "婷", "雪",
    "静", "雅", "慧", "晓", "彤", "一", "子", "芳", "丽", "颖", "妍", "语", "嘉", "琳", "蕾",
    "瑶", "淑", "月", "心", "安", "宁", "然", "清", "玉", "晴",
};

// Special-situation shares. Compulsory education (primary and junior) in 2022, from the
// Statistical Bulletin on National Education Development 2022 (教育部, 2023): 15.51 million
// rural left-behind children and 13.65 million children of migrant workers among about 158.7
// million students, i.e. 9.8 % and 8.6 %. Special education enrolment 0.92 million (0.6 %).
// Orphans and de facto unattended children (民政部 2022, about 0.44 million of 298 million
// minors, 0.15 %). Single-parent, low-income and bereaved shares are planning estimates used by
// provincial action plans; they are not official statistics.
struct Shares {
    double left_behind;
    double migrant;
    double single_parent;
    double low_income;
    double disability;
    double bereaved;
    double orphaned;
};
constexpr Shares kUrbanShares{0.035, 0.16, 0.07, 0.05, 0.006, 0.008, 0.0012};
constexpr Shares kRuralShares{0.145, 0.035, 0.055, 0.11, 0.006, 0.008, 0.0018};

struct StagePlan {
    SchoolStage stage;
    double share;       // of all students
    int years;          // grades in the stage
    int first_grade;    // school grade of its first year (1 = primary grade one)
    int class_size;     // typical class size
};
constexpr std::array<StagePlan, 5> kStages = {{
    {SchoolStage::kPrimary, 0.44, 6, 1, 42},
    {SchoolStage::kJunior, 0.21, 3, 7, 46},
    {SchoolStage::kSenior, 0.13, 3, 10, 50},
    {SchoolStage::kVocational, 0.07, 3, 10, 40},
    {SchoolStage::kUniversity, 0.15, 4, 13, 35},
}};

struct CountyPlan {
    std::string_view name;
    std::string_view short_name;
    bool is_urban;
    double weight;
    std::array<std::string_view, 2> townships;
    std::array<int, 5> schools;  // per stage, in kStages order
};
constexpr std::array<CountyPlan, 4> kCounties = {{
    {"明湖区", "明湖", true, 0.36, {"", ""}, {5, 3, 2, 1, 1}},
    {"云岭县", "云岭", false, 0.24, {"青石镇", "柳溪乡"}, {6, 2, 1, 0, 0}},
    {"松川县", "松川", false, 0.22, {"河口镇", "松林乡"}, {5, 2, 1, 1, 0}},
    {"白石县", "白石", false, 0.18, {"白沙镇", "竹坪乡"}, {6, 2, 1, 0, 0}},
}};

constexpr std::array<std::string_view, 6> kFaculties = {"教育学院", "文学院", "数学与统计学院",
                                                        "计算机学院", "外国语学院", "体育学院"};
constexpr std::array<std::string_view, 12> kChineseNumbers = {"一", "二", "三", "四", "五", "六",
                                                              "七", "八", "九", "十", "十一", "十二"};

std::string GradeName(SchoolStage stage, int year) {
    switch (stage) {
        case SchoolStage::kPrimary: return std::string(kChineseNumbers[year - 1]) + "年级";
        case SchoolStage::kJunior: return std::string(kChineseNumbers[year + 5]) + "年级";
        case SchoolStage::kSenior: return "高" + std::string(kChineseNumbers[year - 1]);
        case SchoolStage::kVocational: return std::string(kChineseNumbers[year - 1]) + "年级";
        case SchoolStage::kUniversity: break;
    }
    return {};
}

class Generator {
public:
    Generator(const DemoSettings& settings, RegionSink& sink) : settings_(settings), sink_(sink), rng_(settings.seed) {
        school_year_ = settings.today.month >= 9 ? settings.today.year : settings.today.year - 1;
    }

    Result<DemoSummary> Run() {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit city, AddUnit(nullptr, OrgKind::kCity, "青溪市", "DEMO"));
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit bureau, AddUnit(&city, OrgKind::kBureauDepartment, "青溪市教育局心理健康教育指导中心", ""));
        XINQIAO_RETURN_IF_ERROR(AddStaff(bureau, people::StaffPosition::kBureauStaff, 2));
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit hospital, AddUnit(&city, OrgKind::kHospital, "青溪市精神卫生中心", ""));
        XINQIAO_RETURN_IF_ERROR(AddStaff(hospital, people::StaffPosition::kDoctor, 3));
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit hotline, AddUnit(&city, OrgKind::kHotline, "12355青少年服务台", ""));
        XINQIAO_RETURN_IF_ERROR(AddStaff(hotline, people::StaffPosition::kHotlineOperator, 3));

        // Split the students over stages, then over the schools of each stage by county
        // weight and a per-school size factor, normalized so the total is what was asked.
        for (std::size_t s = 0; s < kStages.size(); ++s) {
            std::vector<double> weights;
            double weight_sum = 0;
            for (const auto& c : kCounties) {
                for (int n = 0; n < c.schools[s]; ++n) {
                    weights.push_back(c.weight * (0.7 + 0.6 * rng_.Unit()));
                    weight_sum += weights.back();
                }
            }
            const double stage_students = static_cast<double>(settings_.students) * kStages[s].share;
            for (double w : weights) {
                school_sizes_[s].push_back(static_cast<std::int64_t>(std::llround(stage_students * w / weight_sum)));
            }
        }

        for (std::size_t ci = 0; ci < kCounties.size(); ++ci) {
            XINQIAO_RETURN_IF_ERROR(AddCounty(city, static_cast<int>(ci)));
        }
        return summary_;
    }

private:
    Status AddCounty(const OrgUnit& city, int index) {
        const CountyPlan& plan = kCounties[index];
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit county, AddUnit(&city, OrgKind::kCounty, plan.name, ""));
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit dept, AddUnit(&county, OrgKind::kBureauDepartment, std::string(plan.name) + "教育局", ""));
        XINQIAO_RETURN_IF_ERROR(AddStaff(dept, people::StaffPosition::kBureauStaff, 2));
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit station, AddUnit(&county, OrgKind::kCommunityStation, std::string(plan.short_name) + "青少年心理辅导站", ""));
        XINQIAO_RETURN_IF_ERROR(AddStaff(station, people::StaffPosition::kOther, 2));
        if (plan.is_urban || index == 2) {
            XINQIAO_ASSIGN_OR_RETURN(const OrgUnit h, AddUnit(&county, OrgKind::kHospital, std::string(plan.short_name) + "人民医院", ""));
            XINQIAO_RETURN_IF_ERROR(AddStaff(h, people::StaffPosition::kDoctor, 2));
        }
        std::vector<OrgUnit> townships;
        for (auto t : plan.townships) {
            if (t.empty()) continue;
            XINQIAO_ASSIGN_OR_RETURN(OrgUnit unit, AddUnit(&county, OrgKind::kTownship, t, ""));
            townships.push_back(std::move(unit));
        }

        for (std::size_t s = 0; s < kStages.size(); ++s) {
            const StagePlan& stage = kStages[s];
            for (int n = 0; n < plan.schools[s]; ++n) {
                const std::int64_t students = school_sizes_[s][next_school_[s]++];
                // Rural primary schools after the first sit in townships (中心小学).
                const OrgUnit* parent = &county;
                std::string name;
                const std::string sp(plan.short_name);
                switch (stage.stage) {
                    case SchoolStage::kPrimary:
                        if (!townships.empty() && n >= 1 && n <= static_cast<int>(townships.size())) {
                            parent = &townships[n - 1];
                            name = parent->name + "中心小学";
                        } else {
                            name = sp + "第" + std::string(kChineseNumbers[n]) + "小学";
                        }
                        break;
                    case SchoolStage::kJunior: name = sp + "第" + std::string(kChineseNumbers[n]) + "初级中学"; break;
                    case SchoolStage::kSenior: name = sp + "第" + std::string(kChineseNumbers[n]) + "高级中学"; break;
                    case SchoolStage::kVocational: name = sp + "职业技术学校"; break;
                    case SchoolStage::kUniversity: name = "青溪师范学院"; break;
                }
                const bool boarding = stage.stage == SchoolStage::kUniversity ||
                                      (!plan.is_urban && (stage.stage == SchoolStage::kJunior || stage.stage == SchoolStage::kSenior));
                XINQIAO_RETURN_IF_ERROR(AddSchool(*parent, index, name, stage, boarding, students));
            }
        }
        return Ok();
    }

    Status AddSchool(const OrgUnit& parent, int county_index, const std::string& name, const StagePlan& stage,
                     bool boarding, std::int64_t students) {
        char code[32];
        std::snprintf(code, sizeof code, "S%04lld", static_cast<long long>(summary_.schools + 1));
        XINQIAO_ASSIGN_OR_RETURN(OrgUnit school, AddUnit(&parent, OrgKind::kSchool, name, code, stage.stage, boarding));
        ++summary_.schools;
        std::int64_t sequence = 0;  // student numbers within the school
        XINQIAO_RETURN_IF_ERROR(AddStaff(school, people::StaffPosition::kSchoolLeader, 1));
        // One psychology teacher per school; universities one per 4000 students and at least two
        // (the plan's staffing target). About one school in twenty has none yet, as in reality.
        const int psychology = stage.stage == SchoolStage::kUniversity
                                   ? static_cast<int>(std::max<std::int64_t>(2, (students + 3999) / 4000))
                                   : (rng_.Chance(0.05) ? 0 : 1);
        XINQIAO_RETURN_IF_ERROR(AddStaff(school, people::StaffPosition::kPsychologyTeacher, psychology));

        if (stage.stage == SchoolStage::kUniversity) {
            const int dorms = static_cast<int>(std::max<std::int64_t>(4, students / 800));
            for (int d = 1; d <= dorms; ++d) {
                auto dorm = AddUnit(&school, OrgKind::kDormitory, std::to_string(d) + "号学生公寓", "");
                if (!dorm) return std::move(dorm).error();
            }
            const auto faculties = static_cast<std::int64_t>(kFaculties.size());
            for (std::int64_t f = 0; f < faculties; ++f) {
                const auto fname = kFaculties[static_cast<std::size_t>(f)];
                const std::int64_t per_faculty = students / faculties + (f < students % faculties ? 1 : 0);
                XINQIAO_ASSIGN_OR_RETURN(const OrgUnit faculty, AddUnit(&school, OrgKind::kFaculty, fname, ""));
                XINQIAO_RETURN_IF_ERROR(AddStaff(faculty, people::StaffPosition::kCounsellor, 1));
                for (int year = 1; year <= stage.years; ++year) {
                    const int intake = school_year_ - year + 1;
                    const std::int64_t per_year = per_faculty / stage.years + (year <= per_faculty % stage.years ? 1 : 0);
                    XINQIAO_RETURN_IF_ERROR(AddClasses(faculty, county_index, school, stage, year, intake, per_year,
                                                       std::to_string(intake) + "级", sequence));
                }
            }
            return Ok();
        }
        // Grades differ a little in size (birth cohorts); the school total stays as planned.
        std::vector<double> jitter(static_cast<std::size_t>(stage.years));
        double jitter_sum = 0;
        for (double& j : jitter) jitter_sum += (j = 0.9 + 0.2 * rng_.Unit());
        std::int64_t placed = 0;
        for (int year = 1; year <= stage.years; ++year) {
            XINQIAO_ASSIGN_OR_RETURN(const OrgUnit grade, AddUnit(&school, OrgKind::kGrade, GradeName(stage.stage, year), ""));
            const auto n = year == stage.years
                               ? students - placed
                               : static_cast<std::int64_t>(std::llround(static_cast<double>(students) * jitter[year - 1] / jitter_sum));
            placed += n;
            XINQIAO_RETURN_IF_ERROR(AddClasses(grade, county_index, school, stage, year, school_year_ - year + 1, n, "", sequence));
        }
        return Ok();
    }

    Status AddClasses(const OrgUnit& grade, int county_index, const OrgUnit& school, const StagePlan& stage, int year,
                      int intake_year, std::int64_t students, const std::string& prefix, std::int64_t& sequence) {
        const std::int64_t classes = std::max<std::int64_t>(1, (students + stage.class_size - 1) / stage.class_size);
        for (std::int64_t c = 0; c < classes; ++c) {
            XINQIAO_ASSIGN_OR_RETURN(const OrgUnit klass, AddUnit(&grade, OrgKind::kClass, prefix + std::to_string(c + 1) + "班", ""));
            ++summary_.classes;
            if (stage.stage != SchoolStage::kUniversity) {
                XINQIAO_RETURN_IF_ERROR(AddStaff(klass, people::StaffPosition::kClassTeacher, 1));
            }
            const std::int64_t size = students / classes + (c < students % classes ? 1 : 0);
            for (std::int64_t i = 0; i < size; ++i) {
                XINQIAO_RETURN_IF_ERROR(AddStudent(klass, grade, school, county_index, stage, year, intake_year, ++sequence));
            }
        }
        return Ok();
    }

    Status AddStudent(const OrgUnit& klass, const OrgUnit& grade, const OrgUnit& school, int county_index,
                      const StagePlan& stage, int year, int intake_year, std::int64_t sequence) {
        people::Student s;
        s.id = ++summary_.students;
        s.county_id = *klass.county_id;
        s.school_id = school.id;
        s.grade_id = grade.id;
        s.class_id = klass.id;
        s.org_path = klass.path;
        s.gender = rng_.Chance(0.52) ? Gender::kMale : Gender::kFemale;
        s.name = PersonName(s.gender, nullptr);
        s.birth_date = BirthDate(stage.first_grade + year - 1);
        char number[48];
        std::snprintf(number, sizeof number, "%04d%06lld", intake_year, static_cast<long long>(sequence));
        s.student_number = number;
        s.id_number = IdNumber(county_index, s.birth_date, s.gender);

        const bool compulsory = stage.stage == SchoolStage::kPrimary || stage.stage == SchoolStage::kJunior;
        const Shares& sh = kCounties[county_index].is_urban ? kUrbanShares : kRuralShares;
        if (compulsory) {
            const double r = rng_.Unit();
            if (r < sh.left_behind) s.special_situations.Set(SpecialSituation::kLeftBehind);
            else if (r < sh.left_behind + sh.migrant) s.special_situations.Set(SpecialSituation::kMigrant);
        }
        const bool orphaned = rng_.Chance(sh.orphaned) && stage.stage != SchoolStage::kUniversity;
        if (orphaned) s.special_situations.Set(SpecialSituation::kOrphaned);
        const bool single = !orphaned && rng_.Chance(sh.single_parent);
        if (single) s.special_situations.Set(SpecialSituation::kSingleParent);
        if (rng_.Chance(sh.low_income)) s.special_situations.Set(SpecialSituation::kLowIncome);
        if (rng_.Chance(sh.disability)) s.special_situations.Set(SpecialSituation::kDisability);
        if (!orphaned && rng_.Chance(sh.bereaved)) s.special_situations.Set(SpecialSituation::kBereaved);

        guardians_.clear();
        const std::string_view surname = last_surname_;
        if (orphaned) {
            AddGuardian(s, GuardianRelation::kOtherRelative, std::string(surname), true);
        } else if (s.special_situations.Has(SpecialSituation::kLeftBehind)) {
            AddGuardian(s, rng_.Chance(0.5) ? GuardianRelation::kGrandmother : GuardianRelation::kGrandfather,
                        std::string(surname), true);
            AddGuardian(s, GuardianRelation::kFather, std::string(surname), false);
        } else if (single) {
            if (rng_.Chance(0.7)) AddGuardian(s, GuardianRelation::kMother, "", true);
            else AddGuardian(s, GuardianRelation::kFather, std::string(surname), true);
        } else {
            const bool mother_first = rng_.Chance(0.6);
            AddGuardian(s, GuardianRelation::kMother, "", mother_first);
            AddGuardian(s, GuardianRelation::kFather, std::string(surname), !mother_first);
        }
        return sink_.AddStudent(s, guardians_);
    }

    void AddGuardian(const people::Student& s, GuardianRelation relation, const std::string& surname, bool primary) {
        people::Guardian g;
        g.id = ++summary_.guardians;
        g.student_id = s.id;
        g.county_id = s.county_id;
        g.relation = relation;
        const Gender gender = relation == GuardianRelation::kFather || relation == GuardianRelation::kGrandfather
                                  ? Gender::kMale
                                  : Gender::kFemale;
        g.name = PersonName(gender, surname.empty() ? nullptr : &surname);
        g.phone = Phone();
        g.is_primary = primary;
        guardians_.push_back(std::move(g));
    }

    Status AddStaff(const OrgUnit& unit, people::StaffPosition position, int count) {
        for (int i = 0; i < count; ++i) {
            people::StaffMember m;
            m.id = ++summary_.staff;
            m.org_unit_id = unit.id;
            m.county_id = unit.county_id;
            m.position = position;
            m.name = PersonName(rng_.Chance(0.6) ? Gender::kFemale : Gender::kMale, nullptr);
            m.phone = Phone();
            XINQIAO_RETURN_IF_ERROR(sink_.AddStaff(m));
        }
        return Ok();
    }

    Result<OrgUnit> AddUnit(const OrgUnit* parent, OrgKind kind, std::string_view name, std::string_view code,
                            std::optional<SchoolStage> stage = std::nullopt, bool boarding = false) {
        OrgUnit u;
        u.id = ++summary_.org_units;
        u.parent_id = parent ? std::optional(parent->id) : std::nullopt;
        u.kind = kind;
        u.name = std::string(name);
        u.code = std::string(code);
        u.stage = stage;
        u.is_boarding = boarding;
        u.path = org::ChildPath(parent ? parent->path : "", u.id);
        u.depth = parent ? parent->depth + 1 : 1;
        u.county_id = org::CountyIdFor(kind, u.id, parent);
        XINQIAO_RETURN_IF_ERROR(sink_.AddOrgUnit(u));
        return u;
    }

    // A surname drawn with weights falling along the list, then one or two given-name characters.
    std::string PersonName(Gender gender, const std::string* surname) {
        std::string name;
        if (surname) {
            name = *surname;
        } else {
            const double u = rng_.Unit();
            const auto index = static_cast<std::size_t>(u * u * kSurnames.size());
            name = std::string(kSurnames[index]);
            last_surname_ = kSurnames[index];
        }
        const auto& chars = gender == Gender::kMale ? kBoyChars : kGirlChars;
        name += chars[rng_.Below(chars.size())];
        if (!rng_.Chance(0.2)) name += chars[rng_.Below(chars.size())];
        return name;
    }

    // Born so that the student is of age for `school_grade` (1 = primary grade one, 13 = first
    // university year) in the current school year; one in thirty is a year older.
    Date BirthDate(int school_grade) {
        // Grade one in the year starting 1 September Y takes children born 1 Sep (Y-7) to 31 Aug (Y-6).
        int start_year = school_year_ - 6 - school_grade;
        if (rng_.Chance(1.0 / 30)) --start_year;
        int day_index = static_cast<int>(rng_.Below(365));
        int year = start_year, month = 9;
        while (true) {
            const int dim = DaysInMonth(year, month);
            if (day_index < dim) break;
            day_index -= dim;
            if (++month > 12) {
                month = 1;
                ++year;
            }
        }
        return Date{year, month, day_index + 1};
    }

    std::string IdNumber(int county_index, const Date& birth, Gender gender) {
        const std::int64_t key = (static_cast<std::int64_t>(county_index) << 32) |
                                 (birth.year * 10000 + birth.month * 100 + birth.day);
        const int k = id_sequences_[key]++;
        char body[64];
        std::snprintf(body, sizeof body, "99%02d%02d%04d%02d%02d%03d", county_index + 1, (k / 500) % 100, birth.year,
                      birth.month, birth.day, (k % 500) * 2 + (gender == Gender::kMale ? 1 : 0));
        std::string id(body);
        id += people::IdNumberCheckCharacter(id);
        return id;
    }

    std::string Phone() {
        char buf[16];
        std::snprintf(buf, sizeof buf, "100%08llu", static_cast<unsigned long long>(rng_.Below(100'000'000)));
        return buf;
    }

    const DemoSettings& settings_;
    RegionSink& sink_;
    Rng rng_;
    int school_year_ = 0;
    std::array<std::vector<std::int64_t>, kStages.size()> school_sizes_;
    std::array<std::size_t, kStages.size()> next_school_{};
    DemoSummary summary_;
    std::vector<people::Guardian> guardians_;
    std::string_view last_surname_ = kSurnames[0];
    std::map<std::int64_t, int> id_sequences_;
};

}  // namespace

Result<DemoSummary> GenerateRegion(const DemoSettings& settings, RegionSink& sink) {
    if (settings.students < 1000 || settings.students > 10'000'000) {
        return Error::InvalidArgument("students must be from 1000 to 10000000", "students");
    }
    Generator generator(settings, sink);
    return generator.Run();
}

}  // namespace xinqiao::core::demo
