import GRDB
import GRDBSQLite

/// A value bound to a statement parameter.
enum SQLValue {
    case null
    case int(Int64)
    case real(Double)
    case text(String)

    init(_ s: String?) { self = s.map(SQLValue.text) ?? .null }
    init(_ d: Double?) { self = d.map(SQLValue.real) ?? .null }
    init(_ i: Int?) { self = i.map { .int(Int64($0)) } ?? .null }
    init(_ b: Bool?) { self = b.map { .int($0 ? 1 : 0) } ?? .null }
}

/// A GRDB statement run through the SQLite C API, for the writer's per-row inserts.
///
/// Binding through `StatementArguments` boxes every value and runs GRDB's per-statement hooks,
/// which cost about a fifth of a 100,000-file bulk load; these statements are plain INSERT,
/// UPDATE and DELETE inside the writer's transaction, which the hooks have nothing to do for.
struct RawStatement {
    let statement: Statement
    let db: Database

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    /// Binds `values` to parameters 1…n, runs the statement to completion and resets it.
    func run(_ values: [SQLValue]) throws {
        let h = statement.sqliteStatement
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            switch v {
            case .null: sqlite3_bind_null(h, index)
            case .int(let n): sqlite3_bind_int64(h, index, n)
            case .real(let d): sqlite3_bind_double(h, index, d)
            case .text(var s):
                if s.isEmpty {
                    // An empty buffer may have no address, which SQLite would bind as NULL.
                    sqlite3_bind_text(h, index, "", 0, RawStatement.transient)
                } else {
                    s.withUTF8 { buf in
                        _ = buf.withMemoryRebound(to: CChar.self) { c in
                            sqlite3_bind_text(h, index, c.baseAddress, Int32(c.count), RawStatement.transient)
                        }
                    }
                }
            }
        }
        let rc = sqlite3_step(h)
        sqlite3_reset(h)
        sqlite3_clear_bindings(h)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message, sql: statement.sql)
        }
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound text before `bind` returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
