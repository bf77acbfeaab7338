#include "kiosk/content/verify.h"

#include "pack_reader.h"
#include "sqlite_util.h"

#include <algorithm>
#include <charconv>

namespace kiosk::content {

std::filesystem::path signaturePathFor(const std::filesystem::path& pack) {
    return std::filesystem::path(pack.string() + ".minisig");
}

Result<TrustedComment> parseTrustedComment(std::string_view text) {
    TrustedComment tc;
    bool haveVersion = false;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        const std::string_view token = text.substr(start, i - start);
        const auto colon = token.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view key = token.substr(0, colon), value = token.substr(colon + 1);
        if (key == "channel") {
            tc.channel = std::string(value);
        } else if (key == "version") {
            auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), tc.version);
            haveVersion = ec == std::errc() && p == value.data() + value.size() && tc.version > 0;
        } else if (key == "file") {
            tc.file = std::string(value);
        }
    }
    if (tc.channel.empty() || !haveVersion) {
        Error e;
        e.message = "trusted comment does not name the pack's channel and version (expected e.g. "
                    "'channel:beispiel version:42', found '" + std::string(text.substr(0, 200)) + "')";
        return e;
    }
    return tc;
}

std::string formatTrustedComment(const PackInfo& info, std::string_view fileName) {
    std::string out = "channel:" + info.channel + " version:" + std::to_string(info.version);
    if (!fileName.empty()) out += " file:" + std::string(fileName);
    return out;
}

VerifyResult verifyPack(const std::filesystem::path& pack, const VerifyOptions& options) {
    VerifyResult r;
    const std::string packName = pack.string();
    const std::filesystem::path sigPath = options.signature.value_or(signaturePathFor(pack));

    std::error_code ec;
    const auto status = std::filesystem::status(pack, ec);
    if (ec || !std::filesystem::is_regular_file(status)) {
        r.report.error(packName, 0, "file", "pack file not found or not a regular file");
        return r;
    }
    r.fileSize = std::filesystem::file_size(pack, ec);
    if (ec || r.fileSize < 512) {
        r.report.error(packName, 0, "integrity", "file is too small to be a pack (" + std::to_string(r.fileSize) + " bytes)");
        return r;
    }
    if (r.fileSize > kMaxPackBytes) {
        r.report.error(packName, 0, "integrity", "file is larger than 4 GiB");
        return r;
    }

    // 1. Signature: nothing else touches the file until it holds.
    if (options.trustedKeys.empty()) {
        r.report.error(packName, 0, "signature", "no trusted public key configured");
        return r;
    }
    auto sig = minisign::Signature::load(sigPath);
    if (!sig) {
        r.report.error(sigPath.string(), 0, "signature", sig.error().message);
        return r;
    }
    r.trustedComment = sig->trustedComment;
    Result<minisign::PublicKey> key = minisign::PublicKey{};
    if (sig->prehashed) {
        auto hash = minisign::blake2b512File(pack);
        if (!hash) {
            r.report.error(packName, 0, "integrity", hash.error().message);
            return r;
        }
        key = minisign::verifyPrehashed(*hash, *sig, options.trustedKeys);
    } else {
        key = minisign::verifyFile(pack, *sig, options.trustedKeys);
    }
    if (!key) {
        r.report.error(packName, 0, "signature", key.error().message);
        return r;
    }
    r.keyId = minisign::keyIdHex(key->id);
    auto tc = parseTrustedComment(sig->trustedComment);
    if (!tc) {
        r.report.error(sigPath.string(), 0, "signature", tc.error().message);
        return r;
    }

    // 2. Integrity and schema, on a defensively opened read-only connection.
    auto db = detail::openReadOnly(packName);
    if (!db) {
        r.report.error(packName, 0, "integrity", db.error().message);
        return r;
    }
    {
        detail::Stmt qc(db->get(), "PRAGMA quick_check(1)");
        if (!qc.valid() || !qc.step()) {
            r.report.error(packName, 0, "integrity",
                           std::string("not a valid SQLite database: ") + sqlite3_errmsg(db->get()));
            return r;
        }
        if (qc.text(0) != "ok") {
            r.report.error(packName, 0, "integrity", "database is damaged: " + qc.text(0));
            return r;
        }
    }
    if (auto schema = detail::checkSchema(db->get(), packName); !schema) {
        r.report.error(packName, 0, "schema", schema.error().message);
        return r;
    }
    auto content = detail::loadPack(db->get(), packName);
    if (!content) {
        r.report.error(packName, 0, "metadata", content.error().message);
        return r;
    }
    r.info = content->info;

    // 3. The signed trusted comment and the metadata inside must agree.
    if (tc->channel != r.info->channel)
        r.report.error(packName, 0, "metadata", "signature is for channel '" + tc->channel +
                                                    "' but the pack says channel '" + r.info->channel + "'");
    if (tc->version != r.info->version)
        r.report.error(packName, 0, "metadata", "signature is for version " + std::to_string(tc->version) +
                                                    " but the pack says version " + std::to_string(r.info->version));
    if (!options.acceptedChannels.empty() &&
        std::find(options.acceptedChannels.begin(), options.acceptedChannels.end(), r.info->channel) ==
            options.acceptedChannels.end())
        r.report.error(packName, 0, "channel", "pack is for channel '" + r.info->channel +
                                                   "', which this kiosk does not subscribe to");
    return r;
}

} // namespace kiosk::content
