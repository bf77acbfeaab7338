// kiosk-pack verify, info, search, diff and export.
#include "common.h"

#include "kiosk/content/pack_diff.h"
#include "kiosk/content/source_writer.h"
#include "kiosk/content/store.h"
#include "kiosk/content/verify.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <map>
#include <ostream>

namespace kiosk::tools {

using namespace kiosk::content;
using nlohmann::ordered_json;

namespace {

std::unique_ptr<ContentStore> openOrReport(const std::string& pack, Io io) {
    auto store = ContentStore::open(pack);
    if (!store) {
        io.err << "error: " << store.error().toString() << '\n';
        return nullptr;
    }
    return std::move(*store);
}

ordered_json textJson(const Text& t) {
    ordered_json j = ordered_json::object();
    for (const auto& [lang, value] : t.values()) j[lang] = value;
    return j;
}

} // namespace

int cmdVerify(const ParsedArgs& args, Io io) {
    const std::string pack = args.positional.at(0);
    auto keys = loadPublicKeys(args.all("--pubkey"));
    if (!keys) {
        io.err << "error: " << keys.error().toString() << '\n';
        return kExitFailed;
    }
    if (keys->empty()) {
        io.err << "error: verify needs the trusted public key: --pubkey KEY.pub (or the key's base64 line)\n";
        return kExitUsage;
    }
    VerifyOptions options;
    options.trustedKeys = std::move(*keys);
    if (auto sig = args.get("--sig")) options.signature = *sig;
    options.acceptedChannels = args.all("--channel");
    const VerifyResult r = verifyPack(pack, options);
    if (!r.ok()) {
        printReport(r.report, io.err);
        io.err << "FAILED: " << pack << " must not be installed.\n";
        return kExitFailed;
    }
    io.out << "OK: " << pack << " is intact and signed by trusted key " << r.keyId << "\n    \""
           << r.info->title.get() << "\", channel " << r.info->channel << ", version " << r.info->version << ", "
           << r.info->entryCount << " entries, " << r.info->themeCount << " themes, " << r.info->imageCount
           << " images\n";
    return kExitOk;
}

int cmdInfo(const ParsedArgs& args, Io io) {
    const std::string pack = args.positional.at(0);
    auto store = openOrReport(pack, io);
    if (!store) return kExitFailed;
    const PackInfo& info = store->info();
    std::error_code ec;
    const auto size = std::filesystem::file_size(pack, ec);
    const auto sigPath = signaturePathFor(pack);
    const bool hasSig = std::filesystem::exists(sigPath, ec);

    std::optional<VerifyResult> verified;
    if (args.has("--pubkey")) {
        auto keys = loadPublicKeys(args.all("--pubkey"));
        if (!keys) {
            io.err << "error: " << keys.error().toString() << '\n';
            return kExitFailed;
        }
        VerifyOptions options;
        options.trustedKeys = *keys;
        verified = verifyPack(pack, options);
    }

    const DateTime now = nowLocal();
    std::vector<std::pair<const Theme*, std::size_t>> perTheme;
    for (const auto& t : store->themes()) {
        std::size_t n = 0;
        for (const auto& e : store->content().entries)
            if (std::find(e.themes.begin(), e.themes.end(), t.id) != e.themes.end()) ++n;
        perTheme.emplace_back(&t, n);
    }
    std::size_t hidden = 0;
    for (const auto& e : store->content().entries) hidden += ContentStore::visible(e, now) ? 0 : 1;

    if (args.has("--json")) {
        ordered_json j;
        j["file"] = pack;
        j["size"] = size;
        j["schema_version"] = info.schemaVersion;
        j["channel"] = info.channel;
        j["version"] = info.version;
        j["title"] = textJson(info.title);
        j["created_at"] = info.createdAt;
        j["generator"] = info.generator;
        j["entries"] = info.entryCount;
        j["themes"] = info.themeCount;
        j["images"] = info.imageCount;
        j["hidden_now"] = hidden;
        j["languages"] = store->site().languages;
        ordered_json themes = ordered_json::array();
        for (const auto& [t, n] : perTheme) themes.push_back({{"id", t->id}, {"title", t->title.get()}, {"entries", n}});
        j["theme_counts"] = themes;
        j["signature_file"] = hasSig ? sigPath.string() : "";
        if (verified) {
            j["verified"] = verified->ok();
            if (verified->ok()) j["key_id"] = verified->keyId;
            else j["verify_errors"] = verified->report.toString();
        }
        io.out << j.dump(2) << '\n';
    } else {
        io.out << "Title:      " << info.title.get() << '\n'
               << "Channel:    " << info.channel << '\n'
               << "Version:    " << info.version << '\n'
               << "Created:    " << info.createdAt << " by " << info.generator << '\n'
               << "Schema:     " << info.schemaVersion << '\n'
               << "Size:       " << humanSize(size) << '\n'
               << "Languages:  ";
        for (std::size_t i = 0; i < store->site().languages.size(); ++i)
            io.out << (i ? ", " : "") << store->site().languages[i];
        io.out << "\nEntries:    " << info.entryCount;
        if (hidden) io.out << " (" << hidden << " expired or past, hidden on the kiosk today)";
        io.out << "\nThemes:     " << info.themeCount << '\n';
        for (const auto& [t, n] : perTheme) io.out << "  " << t->title.get() << " (" << t->id << "): " << n << '\n';
        io.out << "Images:     " << info.imageCount << '\n';
        io.out << "Signature:  ";
        // A failed check comes first: with --pubkey and no signature file the exit code is 1,
        // and the output has to say why.
        if (verified && !verified->ok()) io.out << "INVALID\n" << verified->report.toString();
        else if (!hasSig) io.out << "none (" << sigPath.string() << " not found)\n";
        else if (!verified) io.out << sigPath.string() << " (not checked; give --pubkey to check it)\n";
        else io.out << "valid, key " << verified->keyId << '\n';
    }
    return verified && !verified->ok() ? kExitFailed : kExitOk;
}

int cmdSearch(const ParsedArgs& args, Io io) {
    const std::string pack = args.positional.at(0);
    const std::string query = args.positional.at(1);
    auto store = openOrReport(pack, io);
    if (!store) return kExitFailed;
    std::size_t limit = 20;
    if (auto l = args.get("--limit")) {
        auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
        if (ec != std::errc() || p != l->data() + l->size() || limit == 0) {
            io.err << "error: --limit must be a positive whole number\n";
            return kExitUsage;
        }
    }
    std::optional<DateTime> now = nowLocal();
    if (args.has("--include-expired")) now.reset();
    if (auto at = args.get("--at")) {
        now = parseDateTime(*at);
        if (!now) {
            io.err << "error: --at must be a date/time like 2026-08-19T18:00\n";
            return kExitUsage;
        }
    }
    const auto hits = store->search(query, args.get("--lang").value_or("de"), limit, now);
    for (const auto& h : hits) io.out << h.entryId << '\t' << h.title << '\n';
    if (hits.empty()) io.err << "no entries found for '" << query << "'\n";
    return kExitOk;
}

int cmdDiff(const ParsedArgs& args, Io io) {
    auto oldStore = openOrReport(args.positional.at(0), io);
    auto newStore = oldStore ? openOrReport(args.positional.at(1), io) : nullptr;
    if (!newStore) return kExitFailed;
    const PackDiff d = diffContent(oldStore->content(), newStore->content());
    const auto& oi = oldStore->info();
    const auto& ni = newStore->info();
    if (args.has("--json")) {
        ordered_json j;
        j["old"] = {{"channel", oi.channel}, {"version", oi.version}};
        j["new"] = {{"channel", ni.channel}, {"version", ni.version}};
        j["added"] = d.added;
        j["removed"] = d.removed;
        ordered_json changed = ordered_json::array();
        for (const auto& c : d.changed) changed.push_back({{"id", c.id}, {"fields", c.fields}});
        j["changed"] = changed;
        j["themes_added"] = d.themesAdded;
        j["themes_removed"] = d.themesRemoved;
        j["themes_changed"] = d.themesChanged;
        j["site_changed"] = d.siteChanged;
        io.out << j.dump(2) << '\n';
        return kExitOk;
    }
    io.out << "Old: channel " << oi.channel << ", version " << oi.version << ", " << oi.entryCount << " entries\n"
           << "New: channel " << ni.channel << ", version " << ni.version << ", " << ni.entryCount << " entries\n";
    if (oi.channel != ni.channel) io.out << "Note: the packs belong to different channels.\n";
    if (d.empty()) {
        io.out << "No differences in content.\n";
        return kExitOk;
    }
    for (const auto& id : d.added) io.out << "+ " << id << "  " << newStore->entry(id)->title.get() << '\n';
    for (const auto& id : d.removed) io.out << "- " << id << "  " << oldStore->entry(id)->title.get() << '\n';
    for (const auto& c : d.changed) {
        io.out << "~ " << c.id << "  " << newStore->entry(c.id)->title.get() << "  (";
        for (std::size_t i = 0; i < c.fields.size(); ++i) io.out << (i ? ", " : "") << c.fields[i];
        io.out << ")\n";
    }
    for (const auto& id : d.themesAdded) io.out << "+ theme " << id << '\n';
    for (const auto& id : d.themesRemoved) io.out << "- theme " << id << '\n';
    for (const auto& id : d.themesChanged) io.out << "~ theme " << id << '\n';
    if (d.siteChanged) io.out << "~ site settings\n";
    io.out << d.added.size() << " added, " << d.removed.size() << " removed, " << d.changed.size() << " changed\n";
    return kExitOk;
}

int cmdExport(const ParsedArgs& args, Io io) {
    const std::string pack = args.positional.at(0);
    const std::string format = args.get("--format").value_or("");
    if (format != "json" && format != "csv") {
        io.err << "error: export needs --format json or --format csv\n";
        return kExitUsage;
    }
    auto store = openOrReport(pack, io);
    if (!store) return kExitFailed;
    auto to = args.get("--to");
    if (!to) {
        if (format == "csv") {
            io.out << entriesToCsv(store->content().entries);
        } else {
            io.out << contentToJson(store->content());
        }
        return kExitOk;
    }
    const ContentStore& s = *store;
    auto status = writeSourceFolder(s.content(), *to, format == "csv" ? ExportFormat::Csv : ExportFormat::Json,
                                    [&s](std::string_view id) -> Result<std::string> {
                                        auto img = s.image(id);
                                        if (!img) return img.error();
                                        return std::move(img->data);
                                    });
    if (!status) {
        io.err << "error: " << status.error().toString() << '\n';
        return kExitFailed;
    }
    io.out << "Exported " << s.info().entryCount << " entries, " << s.info().themeCount << " themes and "
           << s.info().imageCount << " images to " << *to << " (a source folder: kiosk-pack build " << *to
           << " -o PACK.kpack)\n";
    return kExitOk;
}

} // namespace kiosk::tools
