#pragma once
// Internal: small RAII helpers over the SQLite C API for content/'s writer,
// reader and verifier. Errors become kiosk::content::Error values.

#include "kiosk/content/report.h"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::content::detail {

struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbClose>;

class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, std::string_view sql);
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(Stmt&& o) noexcept : m_stmt(o.m_stmt) { o.m_stmt = nullptr; }
    Stmt& operator=(Stmt&& o) noexcept {
        std::swap(m_stmt, o.m_stmt);
        return *this;
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    bool valid() const { return m_stmt != nullptr; }
    sqlite3_stmt* get() const { return m_stmt; }

    Stmt& bind(int i, std::string_view v);
    Stmt& bindBlob(int i, std::string_view v);
    Stmt& bind(int i, std::int64_t v);
    Stmt& bind(int i, double v);
    Stmt& bindNull(int i);
    // SQLITE_ROW -> true, SQLITE_DONE -> false; anything else -> false and lastCode() tells.
    bool step();
    int lastCode() const { return m_last; }
    void reset();

    std::string text(int col) const;
    std::string blob(int col) const;
    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_last = SQLITE_OK;
};

// Executes one or more statements; returns the SQLite error text on failure.
std::optional<std::string> exec(sqlite3* db, std::string_view sql);

// Opens a pack read-only and defensively: immutable (no locks, no journal),
// defensive mode, untrusted schema, no triggers or views, tight limits.
Result<DbPtr> openReadOnly(const std::string& path);

} // namespace kiosk::content::detail
