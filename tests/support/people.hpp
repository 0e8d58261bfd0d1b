#pragma once
// Synthetic people for tests.

#include <string>

#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"

namespace xinqiao::testing {

// A student of `klass` (a class under a grade under a school), placed by the class's path.
inline core::people::Student StudentOfClass(const core::org::OrgUnit& klass, std::string number, std::string name,
                                            core::Date birth) {
    core::people::Student st;
    const auto ids = core::org::PathIds(klass.path);
    st.county_id = klass.county_id.value_or(0);
    st.school_id = ids.size() >= 3 ? ids[ids.size() - 3] : 0;
    st.grade_id = ids.size() >= 2 ? ids[ids.size() - 2] : 0;
    st.class_id = klass.id;
    st.org_path = klass.path;
    st.student_number = std::move(number);
    st.name = std::move(name);
    st.birth_date = birth;
    return st;
}

}  // namespace xinqiao::testing
