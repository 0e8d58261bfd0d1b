// Prepares bench/search on a demo database: signed-in sessions of the demo's psychology teacher
// (a school), its county bureau (a county) and a city-level bureau grant added to the bureau
// account, and the searches a day's work asks: for sampled students, the initials of their name,
// part of the name and the start of their number, in the school, the county and the city; and
// the broadest ones (one common surname, one letter) at each level. Written as
// "token<TAB>path" lines for bench/search.lua. Sessions are written directly (they are what a
// sign-in stores).
//
//   xinqiao_search_prepare DB_URL KEY_FILE OUT_FILE

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>

#include "store/crypto/keyring.hpp"
#include "store/crypto/password.hpp"
#include "store/data_store.hpp"
#include "store/database.hpp"
#include "store/pinyin.hpp"
#include "store/system_clock.hpp"

namespace {

using namespace xinqiao;

int Fail(const core::Error& e) {
    std::cerr << "search_prepare: " << e.message << "\n";
    return 1;
}

std::string UrlEncoded(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
            out.push_back(static_cast<char>(c));
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

struct Sampled {
    std::string name, number;
    std::int64_t school = 0, county = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: xinqiao_search_prepare DB_URL KEY_FILE OUT_FILE\n";
        return 2;
    }
    auto db = store::OpenDatabase({argv[1]});
    if (!db) return Fail(db.error());
    auto keyring = store::Keyring::LoadFile(argv[2]);
    if (!keyring) return Fail(keyring.error());
    store::SqlDataStore data(**db, *keyring);
    store::SystemClock clock;
    store::OpenSslRandom random;
    auto anchors = store::FindDemoAnchors(**db);
    if (!anchors) return Fail(anchors.error());

    std::int64_t psych = 0, bureau = 0;
    std::vector<Sampled> sampled;
    auto read = (*db)->Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto p, s.Query("SELECT id FROM accounts WHERE login = 'demo.psych'"));
        XINQIAO_ASSIGN_OR_RETURN(auto b, s.Query("SELECT id FROM accounts WHERE login = 'demo.bureau'"));
        if (p.rows() == 0 || b.rows() == 0) return core::Error::NotFound("the demo accounts are missing");
        psych = p.Int();
        bureau = b.Int();
        XINQIAO_RETURN_IF_ERROR(s.Execute("INSERT INTO grants (account_id, role, org_unit_id) VALUES ($1, 'bureau_staff', $2)",
                                          {bureau, anchors->city}));
        // Every 997th student of the city, and of the demo school all of theirs in steps.
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT name, student_number, school_id, county_id FROM students "
                                                  "WHERE id % 997 = 0 OR (school_id = $1 AND id % 13 = 0) ORDER BY id",
                                                  {anchors->school}));
        return rs.Each([&](store::Row& row) -> core::Status {
            Sampled x;
            x.name = row.Text();
            x.number = row.Text();
            x.school = row.Int();
            x.county = row.Int();
            sampled.push_back(std::move(x));
            return core::Ok();
        });
    });
    if (!read) return Fail(read.error());

    const std::int64_t now = clock.NowUnixMillis();
    std::string psych_token = random.HexToken(32), bureau_token = random.HexToken(32);
    auto signed_in = data.Write([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_RETURN_IF_ERROR(r.Sessions().Insert(psych_token, {psych, random.HexToken(16), now, now, false}));
        return r.Sessions().Insert(bureau_token, {bureau, random.HexToken(16), now, now, false});
    });
    if (!signed_in) return Fail(signed_in.error());

    std::ofstream out(argv[3]);
    const auto line = [&](const std::string& token, std::int64_t unit, const std::string& q) {
        out << token << '\t' << "/api/v1/org-units/" << unit << "/students?q=" << UrlEncoded(q) << '\n';
    };
    std::mt19937 pick(1);
    std::size_t lines = 0;
    for (const auto& x : sampled) {
        std::string initials;
        for (const auto& syllable : store::PinyinOf(x.name)) initials += syllable.substr(0, 1);
        const std::string given = x.name.substr(x.name.size() >= 6 ? 3 : 0);  // after a one-character surname
        const std::string number = x.number.substr(0, std::min<std::size_t>(x.number.size(), 6));
        if (x.school == anchors->school) {
            line(psych_token, anchors->school, initials);
            line(psych_token, anchors->school, given);
            line(psych_token, anchors->school, x.number);
            lines += 3;
        }
        const std::int64_t unit = pick() % 2 ? anchors->city : x.county;
        line(bureau_token, unit, initials);
        line(bureau_token, unit, x.name);
        line(bureau_token, unit, number);
        lines += 3;
    }
    // The broadest searches: the commonest surname and one letter, at every level.
    for (const char* q : {"王", "张", "z", "l", "w"}) {
        line(psych_token, anchors->school, q);
        line(bureau_token, anchors->county, q);
        line(bureau_token, anchors->city, q);
        lines += 3;
    }
    std::cerr << "search_prepare: " << lines << " searches of " << sampled.size() << " sampled students\n";
    return 0;
}
