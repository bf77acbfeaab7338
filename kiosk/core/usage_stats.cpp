#include "usage_stats.h"

#include "kiosk/content/utf8.h"
#include "kiosk/platform/file_safety.h"

#include <sqlite3.h>

#include <array>
#include <system_error>
#include <utility>

namespace kiosk::core {

namespace {

// "Stkp" in PRAGMA application_id: tells our stats file apart from any other
// SQLite file (a kiosk pack copied to the wrong name, say).
constexpr int kApplicationId = 0x53746b70;
constexpr int kSchemaVersion = 1;
constexpr std::size_t kMaxTermBytes = 40;
// Ids and titles come from the signed pack, but a bound keeps one odd pack
// from bloating the file.
constexpr std::size_t kMaxKeyBytes = 200;

constexpr const char* kSchema = R"sql(
CREATE TABLE usage (
    day   TEXT NOT NULL,      -- 'YYYY-MM-DD', local calendar day; nothing finer
    kind  TEXT NOT NULL,      -- 'theme' | 'entry' | 'search'
    key   TEXT NOT NULL,      -- theme/entry id, or the normalised search term
    label TEXT NOT NULL,      -- German title at the time ('' for searches)
    count INTEGER NOT NULL,
    PRIMARY KEY (day, kind, key)
) WITHOUT ROWID;
)sql";
// WITHOUT ROWID: rows are stored in key order, so not even the insertion
// order (a hint of which visitor did what first) is kept.

const char* kindName(UsageStats::Kind kind) {
    switch (kind) {
    case UsageStats::Kind::Theme:
        return "theme";
    case UsageStats::Kind::Entry:
        return "entry";
    case UsageStats::Kind::Search:
        return "search";
    }
    return "?";
}

// ---- UTF-8 --------------------------------------------------------------

// Decodes one code point at `i`; on invalid input returns nullopt and skips one byte.
std::optional<char32_t> decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        ++i;
        return std::nullopt;
    }
    if (i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return std::nullopt;
    }
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return std::nullopt;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

// Lower case for the scripts the kiosk's languages (de, tr, pl, uk) write in,
// without the process locale: the kiosk must count "Kita" and "KITA" alike
// whatever LANG the service runs with. Turkish dotless ı stays ı; I -> i, İ -> i.
char32_t toLower(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE) return c == 0xD7 ? c : c + 32; // Latin-1 capitals (Ä Ö Ü ...), not ×
    if (c >= 0x100 && c <= 0x17F) {               // Latin Extended-A (Polish, Turkish, ...)
        if (c == 0x130) return 'i';
        if (c == 0x178) return 0xFF;
        const bool evenUpper = (c <= 0x137 && c != 0x131) || (c >= 0x14A && c <= 0x177);
        const bool oddUpper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (evenUpper && c % 2 == 0) return c + 1;
        if (oddUpper && c % 2 == 1) return c + 1;
        return c;
    }
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;            // Є І Ї Ў ...
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;            // А..Я
    if (c >= 0x490 && c <= 0x4BF && c % 2 == 0) return c + 1; // Ґ and friends
    if (c == 0x1E9E) return 0xDF;                             // capital sharp s
    return c;
}

bool isSpace(char32_t c) {
    return c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool isInvisible(char32_t c) {
    return (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || c == 0xAD;
}

// Valid UTF-8 of at most `maxBytes`, cut at a character boundary.
std::string cutUtf8(std::string_view s, std::size_t maxBytes) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto cp = decode(s, i);
        if (!cp) continue;
        std::string one;
        content::appendUtf8(one, *cp);
        if (out.size() + one.size() > maxBytes) break;
        out += one;
    }
    return out;
}

// ---- CSV ----------------------------------------------------------------

// A cell for German Excel/LibreOffice: formula guard first, then quoting.
void appendCell(std::string& out, std::string_view value) {
    std::string cell;
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) cell += '\'';
    cell += value;
    if (cell.find_first_of(";\"\r\n") == std::string::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

const char* germanKind(std::string_view kind) {
    if (kind == "theme") return "Thema";
    if (kind == "entry") return "Eintrag";
    if (kind == "search") return "Suche";
    return "?";
}

// ---- SQLite -------------------------------------------------------------

class Stmt {
public:
    Stmt() = default;
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    int prepare(sqlite3* db, const char* sql) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    }
    sqlite3_stmt* get() const { return m_stmt; }
    void bind(int i, std::string_view v) const {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    std::string_view text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)))
                 : std::string_view();
    }
    // Resets even on error, so a failed statement is ready for the next event.
    int stepReset() const {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        return rc;
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

struct Db {
    sqlite3* handle = nullptr;
    ~Db() { close(); }
    void close() {
        sqlite3_close_v2(handle);
        handle = nullptr;
    }
    std::string message() const { return handle ? sqlite3_errmsg(handle) : "out of memory"; }
};

// Codes meaning "this file is not (or no longer) a database we can use",
// as opposed to "cannot get at the file right now" (permissions, full disk, busy).
bool isDamage(int rc) {
    const int primary = rc & 0xFF;
    return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
}

struct OpenOutcome {
    bool ok = false;
    bool broken = false; // move the file aside and try again
    std::string reason;
};

// Runs `sql` and returns its single integer (or text via `textOut`).
int queryOne(sqlite3* db, const char* sql, long long* intOut, std::string* textOut = nullptr) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            if (intOut) *intOut = sqlite3_column_int64(st, 0);
            if (textOut) {
                const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
                *textOut = p ? p : "";
            }
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

OpenOutcome fail(const Db& db, int rc, const char* what) {
    return OpenOutcome{false, isDamage(rc), std::string(what) + ": " + db.message()};
}

// Our table with exactly our columns?
bool hasOurSchema(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('usage') ORDER BY cid", -1, &st, nullptr) !=
        SQLITE_OK)
        return false;
    std::string names;
    while (sqlite3_step(st) == SQLITE_ROW) {
        names += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        names += ',';
    }
    sqlite3_finalize(st);
    return names == "day,kind,key,label,count,";
}

OpenOutcome openDatabase(const std::filesystem::path& file, Db& db) {
    int rc = sqlite3_open_v2(file.c_str(), &db.handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) return fail(db, rc, "cannot open");
    sqlite3_extended_result_codes(db.handle, 1);
    sqlite3_busy_timeout(db.handle, 1000);

    // The first read of the header: a file that is not SQLite fails here with NOTADB.
    long long objects = 0;
    if ((rc = queryOne(db.handle, "SELECT count(*) FROM sqlite_master", &objects)) != SQLITE_OK)
        return fail(db, rc, "cannot read");
    // Only reads until the file is known to be ours: a foreign file is moved
    // aside exactly as it was.
    if (objects > 0) {
        long long appId = 0, version = 0;
        if ((rc = queryOne(db.handle, "PRAGMA application_id", &appId)) != SQLITE_OK ||
            (rc = queryOne(db.handle, "PRAGMA user_version", &version)) != SQLITE_OK)
            return fail(db, rc, "cannot read");
        if (appId != kApplicationId) return OpenOutcome{false, true, "not a statistics file (another SQLite database)"};
        if (version != kSchemaVersion)
            return OpenOutcome{false, true, "unknown statistics schema version " + std::to_string(version)};
        if (!hasOurSchema(db.handle)) return OpenOutcome{false, true, "the table 'usage' has other columns"};
    }
    // Damaged pages would fail every later event; better a fresh file now.
    std::string check;
    if ((rc = queryOne(db.handle, "PRAGMA quick_check(1)", nullptr, &check)) != SQLITE_OK)
        return fail(db, rc, "cannot check");
    if (check != "ok") {
        // SQLite's report spans many lines; the first names the problem.
        for (auto& c : check)
            if (c == '\n') c = ' ';
        return OpenOutcome{false, true, "damaged: " + cutUtf8(check, 120)};
    }

    // WAL + synchronous=NORMAL: a commit is an append to the -wal file without
    // fsync; a power cut can lose the last events since the last checkpoint,
    // but never corrupts the file (in rollback-journal mode NORMAL could).
    // Fewer fsyncs also spare the kiosk's SD card. secure_delete overwrites
    // rows deleted by the retention instead of leaving them in free pages.
    std::string mode;
    if ((rc = queryOne(db.handle, "PRAGMA journal_mode=WAL", nullptr, &mode)) != SQLITE_OK)
        return fail(db, rc, "cannot switch to WAL");
    if (mode != "wal") return OpenOutcome{false, false, "cannot switch to WAL (journal mode is '" + mode + "')"};
    char* err = nullptr;
    rc = sqlite3_exec(db.handle,
                      "PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; PRAGMA journal_size_limit=1048576;", nullptr,
                      nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) return fail(db, rc, "cannot configure");

    if (objects == 0) {
        const std::string create = "BEGIN IMMEDIATE;" + std::string(kSchema) +
                                   "PRAGMA application_id=" + std::to_string(kApplicationId) +
                                   "; PRAGMA user_version=" + std::to_string(kSchemaVersion) + "; COMMIT;";
        rc = sqlite3_exec(db.handle, create.c_str(), nullptr, nullptr, &err);
        sqlite3_free(err);
        if (rc != SQLITE_OK) {
            const auto outcome = fail(db, rc, "cannot create the table");
            sqlite3_exec(db.handle, "ROLLBACK", nullptr, nullptr, nullptr);
            return outcome;
        }
    }
    return OpenOutcome{true, false, {}};
}

std::filesystem::path withSuffix(const std::filesystem::path& p, const char* suffix) {
    return std::filesystem::path(p.string() + suffix);
}

// Keeps the broken file (and its -wal, which belongs to it) for a closer
// look; the -shm index is rebuilt by SQLite and would confuse a new file.
std::string moveAside(const std::filesystem::path& file) {
    std::error_code ec;
    const auto target = withSuffix(file, ".broken");
    std::filesystem::rename(file, target, ec);
    if (ec) return file.string() + ": cannot move aside to " + target.string() + ": " + ec.message();
    std::filesystem::remove(withSuffix(target, "-wal"), ec);
    std::filesystem::remove(withSuffix(target, "-shm"), ec);
    if (std::filesystem::exists(withSuffix(file, "-wal"), ec))
        std::filesystem::rename(withSuffix(file, "-wal"), withSuffix(target, "-wal"), ec);
    std::filesystem::remove(withSuffix(file, "-wal"), ec);
    std::filesystem::remove(withSuffix(file, "-shm"), ec);
    return {};
}

} // namespace

// ---- public -------------------------------------------------------------

std::optional<std::string> normalizeSearchTerm(std::string_view term) {
    std::string out;
    std::size_t chars = 0;
    bool pendingSpace = false;
    std::size_t i = 0;
    while (i < term.size()) {
        const auto cp = decode(term, i);
        if (!cp || isInvisible(*cp)) continue;
        if (isSpace(*cp)) {
            pendingSpace = !out.empty();
            continue;
        }
        std::string one;
        if (pendingSpace) one += ' ';
        content::appendUtf8(one, toLower(*cp));
        if (out.size() + one.size() > kMaxTermBytes) break;
        out += one;
        chars += pendingSpace ? 2 : 1;
        pendingSpace = false;
    }
    if (chars < 2) return std::nullopt;
    return out;
}

std::string statsExportFileName(const content::Date& today, const std::string& siteId) {
    std::string site;
    for (char c : siteId) {
        const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '_' || c == '-';
        site += safe ? c : '-';
    }
    if (site.empty() || site.find_first_not_of('.') == std::string::npos) site = "kiosk";
    return "statistik-" + site + "-" + today.iso() + ".csv";
}

struct UsageStats::Impl {
    std::filesystem::path file;
    Db db; // declared before the statements: they are finalised first
    Stmt upsert, prune, sum, select;
    std::string lastCounted; // the day of the last event ('YYYY-MM-DD')
    long long total = 0;

    bool usable() const { return db.handle != nullptr; }

    // "" or the reason; statements stay prepared for the life of the object.
    std::string prepareAll() {
        const std::array<std::pair<Stmt*, const char*>, 4> all{{
            {&upsert, "INSERT INTO usage(day, kind, key, label, count) VALUES (?1, ?2, ?3, ?4, 1) "
                      "ON CONFLICT(day, kind, key) DO UPDATE SET count = count + 1, "
                      "label = CASE WHEN excluded.label <> '' THEN excluded.label ELSE label END"},
            // Old days go; and whatever a wrong clock wrote (a Pi without a clock
            // battery starts in the past), never more than kRetentionDays distinct
            // days stay in the file: the oldest go first.
            {&prune, "DELETE FROM usage WHERE day < ?1 OR day NOT IN "
                     "(SELECT DISTINCT day FROM usage ORDER BY day DESC LIMIT ?2)"},
            {&sum, "SELECT coalesce(sum(count), 0) FROM usage"},
            {&select, "SELECT day, kind, key, label, count FROM usage ORDER BY day, "
                      "CASE kind WHEN 'theme' THEN 0 WHEN 'entry' THEN 1 ELSE 2 END, count DESC, key"},
        }};
        for (const auto& [stmt, sql] : all)
            if (stmt->prepare(db.handle, sql) != SQLITE_OK) return "cannot prepare: " + db.message();
        return {};
    }

    // "" or the reason.
    std::string applyRetention(const content::Date& today) {
        prune.bind(1, today.plusDays(-(kRetentionDays - 1)).iso());
        sqlite3_bind_int(prune.get(), 2, kRetentionDays);
        if (const int rc = prune.stepReset(); rc != SQLITE_DONE) return "cannot delete old days: " + db.message();
        return recount();
    }

    std::string recount() {
        const int rc = sqlite3_step(sum.get());
        if (rc == SQLITE_ROW) total = sqlite3_column_int64(sum.get(), 0);
        std::string error = rc == SQLITE_ROW ? "" : "cannot sum: " + db.message();
        sqlite3_reset(sum.get());
        return error;
    }
};

UsageStats::UsageStats(std::filesystem::path file, std::optional<content::Date> today)
    : m_impl(std::make_unique<Impl>()) {
    Impl& s = *m_impl;
    s.file = std::move(file);
    const auto name = s.file.string();
    std::error_code ec;
    if (s.file.has_parent_path()) std::filesystem::create_directories(s.file.parent_path(), ec);

    OpenOutcome outcome = openDatabase(s.file, s.db);
    if (!outcome.ok && outcome.broken) {
        s.db.close();
        if (auto moved = moveAside(s.file); !moved.empty()) {
            m_error = name + ": " + outcome.reason + "; " + moved;
            return;
        }
        m_error = name + ": " + outcome.reason + "; moved aside to " + name + ".broken and started afresh";
        outcome = openDatabase(s.file, s.db);
    }
    std::string problem = outcome.ok ? s.prepareAll() : outcome.reason;
    if (problem.empty()) problem = s.applyRetention(today ? *today : content::nowLocal().date);
    if (!problem.empty()) {
        // Unusable: count() drops events, exportCsv() says why.
        s.db.close();
        m_error = (m_error.empty() ? "" : m_error + "; then ") + name + ": " + problem;
    }
}

UsageStats::~UsageStats() = default;

void UsageStats::count(Kind kind, std::string_view key, std::string_view label, const content::Date& day) {
    Impl& s = *m_impl;
    if (!s.usable()) return;
    std::string k, l;
    if (kind == Kind::Search) {
        auto term = normalizeSearchTerm(key);
        if (!term) return;
        k = std::move(*term);
    } else {
        k = cutUtf8(key, kMaxKeyBytes);
        if (k.empty()) return;
        l = cutUtf8(label, kMaxKeyBytes);
    }
    const std::string dayText = day.iso();
    s.upsert.bind(1, dayText);
    s.upsert.bind(2, kindName(kind));
    s.upsert.bind(3, k);
    s.upsert.bind(4, l);
    if (s.upsert.stepReset() != SQLITE_DONE) {
        m_error = s.file.string() + ": cannot count: " + s.db.message();
        return;
    }
    ++s.total;
    // After the insert, so that a day a wrong clock wrote counts against the
    // limit of distinct days at once. Runs once per day (and per start).
    if (dayText != s.lastCounted) {
        s.lastCounted = dayText;
        if (auto problem = s.applyRetention(day); !problem.empty()) m_error = s.file.string() + ": " + problem;
    }
}

std::string UsageStats::csv() const {
    const Impl& s = *m_impl;
    if (!s.usable()) return {};
    std::string out = "\xEF\xBB\xBF"
                      "Tag;Art;Schlüssel;Bezeichnung;Anzahl\r\n";
    sqlite3_stmt* st = s.select.get();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        appendCell(out, s.select.text(0));
        out += ';';
        out += germanKind(s.select.text(1));
        out += ';';
        appendCell(out, s.select.text(2));
        out += ';';
        appendCell(out, s.select.text(3));
        out += ';';
        out += std::to_string(sqlite3_column_int64(st, 4));
        out += "\r\n";
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return {};
    return out;
}

std::string UsageStats::exportCsv(const std::filesystem::path& target) const {
    const Impl& s = *m_impl;
    const std::string prefix = "cannot export the statistics to " + target.string() + ": ";
    if (!s.usable()) return prefix + "the statistics file is not available (" + m_error + ")";
    const std::string bytes = csv();
    if (bytes.empty()) return prefix + "cannot read " + s.file.string() + ": " + s.db.message();
    if (auto status = platform::writeFileAtomic(target, bytes); !status) return prefix + status.error;
    return {};
}

long long UsageStats::total() const {
    return m_impl->total;
}

} // namespace kiosk::core
