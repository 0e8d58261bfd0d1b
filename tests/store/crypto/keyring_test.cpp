#include "store/crypto/keyring.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "support/test_db.hpp"

namespace xinqiao::store {
namespace {

// AES-256-GCM: McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 14 and 16.
TEST(Cipher, Aes256GcmKnownAnswers) {
    EXPECT_EQ(ToHex(Aes256GcmSeal(std::string(32, '\0'), std::string(12, '\0'), "", std::string(16, '\0'))),
              "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    const std::string key = FromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const std::string iv = FromHex("cafebabefacedbaddecaf888");
    const std::string aad = FromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const std::string pt = FromHex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de6"
        "57ba637b39");
    const std::string sealed = Aes256GcmSeal(key, iv, aad, pt);
    EXPECT_EQ(ToHex(sealed),
              "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e63"
              "93ba7a0abcc9f66276fc6ece0f4e1768cddf8853bb2d551b");
    EXPECT_EQ(*Aes256GcmOpen(key, iv, aad, sealed), pt);
    std::string tampered = sealed;
    tampered[3] ^= 1;
    EXPECT_FALSE(Aes256GcmOpen(key, iv, aad, tampered));
    EXPECT_FALSE(Aes256GcmOpen(key, iv, "other aad", sealed));
}

// SM4: GB/T 32907-2016 appendix A.1 gives E(K, P) = 681edf34... for K = P = 0123...3210; in
// CTR mode the first keystream block is E(K, IV), so encrypting P with IV = P yields P xor E.
// The longer CTR and HMAC-SM3 vectors were computed independently with pyca/cryptography 48.
TEST(Cipher, Sm4AndHmacSm3KnownAnswers) {
    const std::string k = FromHex("0123456789abcdeffedcba9876543210");
    const std::string e = Sm4Ctr(k, k, std::string(16, '\0'));
    EXPECT_EQ(ToHex(e), "681edf34d206965e86b3e94f536e4246");
    EXPECT_EQ(ToHex(Sm4Ctr(k, FromHex("000102030405060708090a0b0c0d0e0f"), "110105194912310020")),
              "37a9ac500d9359941eb4c6b0d299c95a5d37");
    std::string key32;
    for (int i = 0; i < 32; ++i) key32 += static_cast<char>(i);
    EXPECT_EQ(ToHex(HmacSm3(key32, "abc")), "a8f95cf26f204957e7ca73c9602a25dda35f168b28103b51dfc968c810416b63");
    EXPECT_EQ(ToHex(HmacSha256(key32, "abc")), "f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47");
}

class KeyringTest : public ::testing::TestWithParam<CipherAlgorithm> {};

TEST_P(KeyringTest, SealsOpensAndRefusesTampering) {
    const auto ring = Keyring::Parse(Keyring::Generate(GetParam()));
    ASSERT_TRUE(ring) << ring.error().message;
    const std::string id = "11010519491231002X";
    const std::string sealed = ring->Encrypt(id, "students.id_number");
    EXPECT_EQ(sealed.rfind("v1:1:", 0), 0u);
    EXPECT_EQ(sealed.find(id), std::string::npos);
    EXPECT_NE(sealed, ring->Encrypt(id, "students.id_number")) << "a fresh nonce each time";
    EXPECT_EQ(*ring->Decrypt(sealed, "students.id_number"), id);
    EXPECT_FALSE(ring->Decrypt(sealed, "guardians.phone")) << "bound to its column";
    std::string tampered = sealed;
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    const auto t = ring->Decrypt(tampered, "students.id_number");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().message.find(id), std::string::npos);
    EXPECT_FALSE(ring->Decrypt("v1:9:AAAA", "students.id_number")) << "unknown key";
    EXPECT_FALSE(ring->Decrypt("plaintext", "students.id_number"));
    EXPECT_EQ(*ring->Decrypt(ring->Encrypt("", "c"), "c"), "");
}

TEST_P(KeyringTest, LookupHashesAreStableAndKeyed) {
    const auto a = Keyring::Parse(Keyring::Generate(GetParam()));
    const auto b = Keyring::Parse(Keyring::Generate(GetParam()));
    EXPECT_EQ(a->LookupHash("13812345678"), a->LookupHash("13812345678"));
    EXPECT_NE(a->LookupHash("13812345678"), a->LookupHash("13812345679"));
    EXPECT_NE(a->LookupHash("13812345678"), b->LookupHash("13812345678")) << "keyed: no rainbow tables";
    EXPECT_EQ(a->LookupHash("x").size(), 64u);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, KeyringTest,
                         ::testing::Values(CipherAlgorithm::kAes256Gcm, CipherAlgorithm::kSm4CtrHmacSm3),
                         [](const auto& info) { return info.param == CipherAlgorithm::kAes256Gcm ? "Aes" : "Sm4"; });

// The first 16 characters of a sealed AES-GCM value's Base64 are its 12-byte nonce.
std::string NonceOf(const std::string& sealed) { return sealed.substr(std::string("v1:1:").size(), 16); }

TEST(Keyring, AesNoncesNeverRepeatAcrossThreads) {
    const auto ring = Keyring::Parse(Keyring::Generate(CipherAlgorithm::kAes256Gcm));
    ASSERT_TRUE(ring);
    constexpr int kThreads = 4, kEach = 20000;
    std::vector<std::vector<std::string>> nonces(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) nonces[t].push_back(NonceOf(ring->Encrypt("x", "c")));
        });
    }
    for (auto& th : threads) th.join();
    std::set<std::string> all;
    for (const auto& n : nonces) all.insert(n.begin(), n.end());
    EXPECT_EQ(all.size(), std::size_t{kThreads * kEach});
    EXPECT_EQ(*ring->Decrypt(ring->Encrypt("still opens", "c"), "c"), "still opens");
}

TEST(Keyring, AForkedChildDoesNotRepeatItsParentsNonces) {
    const auto ring = Keyring::Parse(Keyring::Generate(CipherAlgorithm::kAes256Gcm));
    ASSERT_TRUE(ring);
    (void)ring->Encrypt("x", "c");  // this thread's run of nonces has begun
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const std::string nonce = NonceOf(ring->Encrypt("x", "c"));
        const bool sent = ::write(fds[1], nonce.data(), nonce.size()) == static_cast<ssize_t>(nonce.size());
        ::_exit(sent ? 0 : 1);
    }
    const std::string parent_nonce = NonceOf(ring->Encrypt("x", "c"));
    char buf[16];
    ASSERT_EQ(::read(fds[0], buf, sizeof buf), 16);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(fds[0]);
    ::close(fds[1]);
    EXPECT_NE(std::string(buf, 16), parent_nonce);
}

TEST(Keyring, RotatedKeysStillOpenOldValues) {
    auto old_ring = Keyring::Parse("active 1\nkey 1 aes-256-gcm " + std::string(64, 'a') + "\nlookup " +
                                   std::string(64, 'c') + "\n");
    auto new_ring = Keyring::Parse("active 2\nkey 1 aes-256-gcm " + std::string(64, 'a') + "\nkey 2 sm4-ctr-hmac-sm3 " +
                                   std::string(96, 'b') + "\nlookup " + std::string(64, 'c') + "\n");
    ASSERT_TRUE(old_ring && new_ring);
    const std::string sealed_old = old_ring->Encrypt("10012345678", "guardians.phone");
    EXPECT_EQ(*new_ring->Decrypt(sealed_old, "guardians.phone"), "10012345678");
    EXPECT_EQ(new_ring->Encrypt("x", "c").rfind("v1:2:", 0), 0u);
    EXPECT_EQ(old_ring->LookupHash("x"), new_ring->LookupHash("x")) << "lookups survive rotation";
}

TEST(Keyring, RotateFileAddsAnActiveKeyThatALoadedKeyringFollows) {
    const std::string dir = testing::MakeTempDir();
    const std::string path = dir + "/xinqiao.key";
    ASSERT_TRUE(Keyring::CreateFile(path, CipherAlgorithm::kAes256Gcm));
    const auto ring = Keyring::LoadFile(path);
    ASSERT_TRUE(ring);
    const Keyring copy = *ring;  // copies follow the same file
    const std::string before = ring->Encrypt("330102201305061234", "students.id_number");
    const std::string lookup = ring->LookupHash("13800000000");

    // To the 国密 algorithm, say: the file keeps key 1 and makes key 2 active, still private.
    const auto id = Keyring::RotateFile(path, CipherAlgorithm::kSm4CtrHmacSm3);
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(*id, 2);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const auto fresh = Keyring::LoadFile(path);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->active_key_id(), 2);
    EXPECT_EQ(fresh->active_algorithm(), CipherAlgorithm::kSm4CtrHmacSm3);
    EXPECT_EQ(*fresh->Decrypt(before, "students.id_number"), "330102201305061234");
    EXPECT_EQ(fresh->LookupHash("13800000000"), lookup) << "lookups survive rotation";

    // A value sealed with the new key makes the running keyring look at its file at once.
    const std::string after = fresh->Encrypt("note", "student_notes.body");
    EXPECT_TRUE(fresh->IsSealedWithActiveKey(after));
    EXPECT_EQ(*copy.Decrypt(after, "student_notes.body"), "note");
    EXPECT_EQ(ring->active_key_id(), 2);
    EXPECT_TRUE(ring->IsSealedWithActiveKey(ring->Encrypt("x", "c")));
    EXPECT_FALSE(ring->IsSealedWithActiveKey(before));

    // A file whose lookup key changed is refused; the keyring keeps the keys it has.
    const auto third = Keyring::RotateFile(path, CipherAlgorithm::kAes256Gcm);
    ASSERT_TRUE(third);
    {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        std::string changed = text.str();
        changed.replace(changed.find("lookup ") + 7, 4, "0000");
        std::ofstream out(path, std::ios::trunc);
        out << changed;
    }
    EXPECT_EQ(ring->Reload().error().code, core::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(ring->active_key_id(), 2);
    EXPECT_EQ(ring->LookupHash("13800000000"), lookup);
}

TEST(Keyring, ParseErrorsNameTheLine) {
    const struct {
        std::string text;
        const char* expected;
    } kCases[] = {
        {"active 1\nkey 1 aes-256-gcm abcd\nlookup " + std::string(64, 'c'), "line 2: a aes-256-gcm key has 64 hex digits"},
        {"active 1\nkey 1 des " + std::string(64, 'a'), "line 2: unknown algorithm des"},
        {"active 2\nkey 1 aes-256-gcm " + std::string(64, 'a') + "\nlookup " + std::string(64, 'c'), "no usable active key"},
        {"active 1\nkey 1 aes-256-gcm " + std::string(64, 'a'), "no lookup key"},
        {"frobnicate", "line 1: unknown entry frobnicate"},
    };
    for (const auto& c : kCases) {
        const auto r = Keyring::Parse(c.text);
        ASSERT_FALSE(r) << c.expected;
        EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << r.error().message;
    }
}

TEST(Keyring, KeyFilesMustBePrivate) {
    const std::string dir = testing::MakeTempDir();
    const std::string path = dir + "/xinqiao.key";
    ASSERT_TRUE(Keyring::CreateFile(path, CipherAlgorithm::kAes256Gcm));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_TRUE(Keyring::LoadFile(path));
    EXPECT_EQ(Keyring::CreateFile(path, CipherAlgorithm::kAes256Gcm).error().code, core::ErrorCode::kAlreadyExists);
    ::chmod(path.c_str(), 0644);
    const auto refused = Keyring::LoadFile(path);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos);
    EXPECT_FALSE(Keyring::LoadFile(dir + "/missing.key"));
    std::remove(path.c_str());
}

}  // namespace
}  // namespace xinqiao::store
