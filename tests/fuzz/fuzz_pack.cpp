// Fuzz target: opening, verifying and querying a content pack (docs/fuzzing.md).
//
// The signature check is what keeps strangers' files away from SQLite in the
// kiosk, so a fuzzer that mutates packs would only ever meet "signature does not
// match". This harness therefore signs every input itself, with a key made at
// start and trusted for the run, with the trusted comment "channel:fuzz
// version:1": everything behind the signature check then sees the mutated
// SQLite file (the comparison of that comment with the pack's metadata comes
// last, so a seed of another channel still goes through every check), as a pack signed
// by a careless or stolen key would look. verifyPack (quick_check, schema, no
// triggers or views, metadata) runs, and then ContentStore::open and the
// kiosk's queries run on every input, even one verifyPack refused, to prove the
// store defends itself too. Pack images are decoded as the kiosk would.
// Seeds: packs `kiosk-pack build` makes from tests/data/sources/ (tools/fuzz/seeds.sh).

#include "fuzz_support.h"
#include "kiosk/content/images.h"
#include "kiosk/content/minisign.h"
#include "kiosk/content/store.h"
#include "kiosk/content/verify.h"

#include <cstdlib>
#include <cstdio>

using namespace kiosk::content;

namespace {

struct Harness {
    minisign::KeyPair keys;
    std::filesystem::path pack;
    Harness() {
        auto k = minisign::generateKeyPair();
        if (!k) {
            std::fprintf(stderr, "fuzz_pack: %s\n", k.error().toString().c_str());
            std::abort();
        }
        keys = std::move(*k);
        pack = kiosk::fuzz::scratchDir() / "fuzz.kpack";
    }
};

void query(const ContentStore& store) {
    const DateTime now{Date{2026, 11, 21}, 10 * 60, true};
    (void)store.info();
    (void)store.site();
    for (const auto& t : store.themes()) {
        (void)store.countInTheme(t.id, now);
        EntryFilter f;
        f.theme = t.id;
        (void)store.entries(f, now);
    }
    EntryFilter filter;
    filter.age = 3;
    filter.openNow = true;
    filter.freeOnly = true;
    const auto entries = store.entries(filter, now);
    (void)store.entries(EntryFilter{}, now);
    (void)store.upcomingEvents(now, 30, 20);
    int decoded = 0;
    for (const auto* e : entries) {
        (void)store.entry(e->id);
        (void)ContentStore::openAt(*e, now);
        for (const auto& id : e->images) {
            if (decoded >= 3) break;
            if (const auto img = store.image(id)) {
                (void)decodeImage(img->data, id);
                ++decoded;
            }
        }
    }
    for (const char* q : {"kita", "spielpl", "a", "familie zentrum", "\"*", "NEAR(x y)"}) {
        (void)store.search(q, "de", 20, now);
        (void)store.search(q, "en", 5);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness h;
    const std::string_view bytes = kiosk::fuzz::asText(data, size);
    kiosk::fuzz::writeFile(h.pack, bytes);
    const auto sig = minisign::signBytes(bytes, h.keys.secretKey, "channel:fuzz version:1 file:fuzz.kpack");
    if (!sig) std::abort();
    kiosk::fuzz::writeFile(signaturePathFor(h.pack), sig->fileText());

    VerifyOptions options;
    options.trustedKeys = {h.keys.publicKey};
    const auto verified = verifyPack(h.pack, options);
    // The signature is right by construction: a refusal must come from a later step.
    for (const auto& f : verified.report.findings())
        if (f.field == "signature") std::abort();

    if (auto store = ContentStore::open(h.pack)) query(**store);
    return 0;
}
