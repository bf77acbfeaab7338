#include "sqlite_util.h"

#include <filesystem>

namespace kiosk::content::detail {

Stmt::Stmt(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) !=
        SQLITE_OK)
        m_stmt = nullptr;
}

Stmt& Stmt::bind(int i, std::string_view v) {
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}
Stmt& Stmt::bind(int i, double v) {
    sqlite3_bind_double(m_stmt, i, v);
    return *this;
}
Stmt& Stmt::bindNull(int i) {
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

bool Stmt::step() {
    if (!m_stmt) {
        m_last = SQLITE_MISUSE;
        return false;
    }
    m_last = sqlite3_step(m_stmt);
    return m_last == SQLITE_ROW;
}

void Stmt::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_last = SQLITE_OK;
}

std::string Stmt::text(int col) const {
    const auto* p = sqlite3_column_text(m_stmt, col);
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::string Stmt::blob(int col) const {
    const void* p = sqlite3_column_blob(m_stmt, col);
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> exec(sqlite3* db, std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    if (sqlite3_exec(db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        return msg;
    }
    return std::nullopt;
}

Result<DbPtr> openReadOnly(const std::string& path) {
    // SQLite would only say "unable to open database file"; name the real problem.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        Error e;
        e.file = path;
        e.message = "pack file not found or not a regular file";
        return e;
    }
    // URI filenames need %-escaping of '?', '#' and '%'. An absolute path gets an
    // empty authority ("file:///..."): otherwise a path starting with "//" (valid
    // POSIX, e.g. "$DIR/x" with DIR=/) would be read as "file://HOST/...".
    std::string uri = path.starts_with('/') ? "file://" : "file:";
    for (char c : path) {
        if (c == '?' || c == '#' || c == '%') {
            static constexpr char kHex[] = "0123456789ABCDEF";
            uri += '%';
            uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
            uri += kHex[static_cast<unsigned char>(c) & 0xF];
        } else {
            uri += c;
        }
    }
    uri += "?immutable=1";
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    DbPtr db(raw);
    if (rc != SQLITE_OK) {
        Error e;
        e.file = path;
        e.message = std::string("cannot open pack: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        return e;
    }
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    // Nothing a pack legitimately holds comes near these; a hostile file cannot make us allocate more.
    sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, 64 << 20);
    sqlite3_limit(raw, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(raw, SQLITE_LIMIT_COLUMN, 100);
    sqlite3_limit(raw, SQLITE_LIMIT_EXPR_DEPTH, 100);
    sqlite3_limit(raw, SQLITE_LIMIT_COMPOUND_SELECT, 10);
    sqlite3_limit(raw, SQLITE_LIMIT_VDBE_OP, 250000000);
    sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(raw, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
    sqlite3_limit(raw, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    if (auto err = exec(raw, "PRAGMA cell_size_check=ON; PRAGMA mmap_size=0; PRAGMA query_only=ON;")) {
        Error e;
        e.file = path;
        e.message = "cannot open pack: " + *err;
        return e;
    }
    // A 1 MiB page cache instead of SQLite's 2 MiB: the store keeps every entry in memory
    // anyway, the cache serves search and photos, and the software-rendered kiosk has to stay
    // under 64 MB peak RSS (63.3 MB with 1 MiB, 64.0 MB with 2 MiB; search p99 unchanged).
    // Setting it reads the schema, so a file that is no database fails here: that is left to
    // the readers' checks, which say "not a pack" (as before this line existed).
    (void)exec(raw, "PRAGMA cache_size=-1024;");
    return db;
}

} // namespace kiosk::content::detail
