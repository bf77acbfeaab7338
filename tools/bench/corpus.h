#pragma once
// Generated content for kiosk-bench: what a large city's packs could hold.
//
// German texts with umlauts and ß, English translations for most entries,
// Turkish and Ukrainian for some; nine themes; kitas, playgrounds,
// counselling, language cafés, sports, events; OSM opening hours; a few
// expired entries and past events (real packs carry some until the next
// build). Photos are JPEGs with gradients, shapes and sensor-like noise, so
// the build pipeline has to decode, scale and re-encode real work.
//
// Everything is a pure function of the seed (own PRNG, no std::
// distributions whose output differs between standard libraries), so two
// runs, or two machines, measure the same content.
//
// Section index: content · source folder · photos · typed queries.

#include "kiosk/content/datetime.h"
#include "kiosk/content/images.h"
#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::bench {

struct CorpusSpec {
    std::size_t entries = 2000;
    // Photos "foto-00001.jpg" ... are spread over the entries: photo i goes to
    // entry i % entries, so every photo is used once and entries get 0..n photos.
    std::size_t photos = 0;
    std::uint64_t seed = 1;
    content::Date today = content::nowLocal().date; // events and dates are placed around it
};

// The content without image data (entries name their photo ids).
content::PackContent generateContent(const CorpusSpec& spec);

struct PhotoSpec {
    int width = 1600;
    int height = 1200;
    int quality = 90; // what a phone or camera writes
};

// One photo as JPEG bytes; the same index and seed give the same bytes.
std::string generatePhotoJpeg(std::size_t index, std::uint64_t seed, const PhotoSpec& spec);

// Writes `content` as a staff source folder, as German office software saves
// it: pack.json; angebote.csv and termine.csv with German headers, semicolons,
// decimal commas, German dates and a UTF-8 byte-order mark; images/ with every
// photo the entries name, generated on `threads` workers. `settings` go into
// pack.json's "images". Returns the total bytes of the photos written.
content::Result<std::uint64_t> writeSourceFolder(const content::PackContent& content, const std::filesystem::path& dir,
                                                 const PhotoSpec& photo, const content::ImageSettings& settings,
                                                 std::uint64_t seed, unsigned threads);

// `count` search queries as a visitor types them on the on-screen keyboard:
// words and two-word phrases typed key by key ("k", "ki", "kit", "kita", ...),
// every keystroke one query, sometimes abandoned halfway.
std::vector<std::string> typedQueries(std::size_t count, std::uint64_t seed);

// Characters (UTF-8 code points) in a query without surrounding spaces.
std::size_t queryLength(const std::string& query);

} // namespace kiosk::bench
