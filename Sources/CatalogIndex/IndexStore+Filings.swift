import CatalogCore
import GRDB
import GRDBSQLite

/// A model as the filing-register check needs it (docs/0018): its file and the fields compared
/// with a register row.
public struct IndexedFiling: Sendable, Hashable {
    public var file: String
    /// id, name, provider, filing kind and number, filing date, status; the other fields are empty.
    public var model: Model
}

extension IndexStore {
    /// Every model's filing fields, by id. Eight columns stepped through SQLite's C API: the check
    /// of 10,000 models spent a sixth of its time decoding whole list rows through GRDB.
    public func modelFilings() throws -> [IndexedFiling] {
        try pool.read { db in
            let statement = try db.makeStatement(sql: """
                SELECT id, file, name, provider, filing_kind, filing_no, filed_on, status
                FROM entity WHERE kind = '\(EntityKind.model.rawValue)' ORDER BY id
                """)
            let h = statement.sqliteStatement
            func text(_ column: Int32) -> String? {
                guard let c = sqlite3_column_text(h, column) else { return nil }
                return String(decoding: UnsafeBufferPointer(start: c, count: Int(sqlite3_column_bytes(h, column))), as: UTF8.self)
            }
            var out: [IndexedFiling] = []
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) },
                                        sql: statement.sql)
                }
                let model = Model(id: text(0) ?? "", name: text(2) ?? "", provider: text(3) ?? "",
                                  filingKind: text(4).flatMap(FilingKind.init(rawValue:)) ?? .filed, filingNo: text(5) ?? "",
                                  filedOn: text(6), status: text(7).flatMap(ModelStatus.init(rawValue:)) ?? .active)
                out.append(IndexedFiling(file: text(1) ?? "", model: model))
            }
            sqlite3_reset(h)
            return out
        }
    }
}
