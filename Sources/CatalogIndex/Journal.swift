import CatalogCore
import CatalogFiles
import Foundation
import GRDB

/// One file change recorded by scencat: what the file held before and after, so it can be undone
/// and shown in an entity's history. Changes made together (a delete that unlinks scenarios) share
/// a group and are undone together.
public struct JournalEntry: Sendable, Hashable {
    public var seq: Int64
    public var group: Int64
    public var session: String
    /// ISO 8601, local time with offset.
    public var time: String
    /// `create`, `update`, `delete`, `undo` or `redo`.
    public var action: String
    public var kind: EntityKind
    public var id: String
    public var file: String
    public var before: String?
    public var after: String?
    /// What the user did, in words (`set title`, `link deepseek-r1`, `edit in $EDITOR`).
    public var summary: String
    /// The group of the undo (or, for an undo, the redo) that reverted this entry, if any.
    public var undoneBy: Int64?
}

/// The local journal of changes (`.scencat/journal.sqlite`). Unlike the index it is not derived
/// from the files, so it lives in its own database that `index --rebuild` never touches.
public final class Journal: Sendable {
    let queue: DatabaseQueue
    /// The database file.
    let path: String

    public static func path(catalogRoot: String) -> String {
        (IndexStore.directory(catalogRoot: catalogRoot) as NSString).appendingPathComponent("journal.sqlite")
    }

    /// Opens the journal; a damaged one (not a database, malformed) is renamed aside and a new one
    /// started, so saves go on. Returns what to tell the user then: the file kept and the undo
    /// history lost.
    public static func openOrSetAside(catalogRoot: String) throws -> (Journal, note: CodedMessage?) {
        do {
            let journal = try Journal(catalogRoot: catalogRoot)
            try journal.check()
            return (journal, nil)
        } catch {
            guard let damage = IndexDamage.of(error) else { throw error }
            let path = Journal.path(catalogRoot: catalogRoot)
            let aside = "\(path).damaged-\(localNow("%Y%m%dT%H%M%S"))"
            guard rename(path, aside) == 0 else { throw FileError.posix(path, "cannot set the damaged journal aside") }
            for suffix in ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
            let journal = try Journal(catalogRoot: catalogRoot)
            return (journal, CodedMessage("the journal \(path) was damaged (\(damage.reason)); it is kept as \(aside) and a new journal started: "
                        + "earlier changes can no longer be undone and their journal history is gone (git history is not affected)",
                                          "journalDamaged", [path, damage.reason, aside]))
        }
    }

    /// The journal's size up to which `check` reads every page. The journal keeps every change's
    /// text, so it grows with each import (13 MB per 10,000 scenarios); a full check of a larger
    /// one would make every save slower than the last (docs/0030).
    public static let fullCheckLimit: Int64 = 32 << 20

    /// How far `check` went.
    enum CheckDepth: Equatable { case everyPage, whatSavesRead }

    /// Up to `fullCheckLimit` bytes, reads every page (`quick_check`). A larger journal gets the
    /// check of what a save reads and writes: the schema (`quick_check` of sqlite_master), the
    /// header's page count against the file's length (a truncated file), and the last entry and
    /// group (the right edge of the table and of its group index, where a save appends).
    @discardableResult
    func check(fullCheckUpTo limit: Int64 = Journal.fullCheckLimit) throws -> CheckDepth {
        var st = stat()
        let size: Int64 = stat(path, &st) == 0 ? Int64(st.st_size) : 0
        if size <= limit {
            let result = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(1)") }
            if result != ["ok"] { throw IndexDamage(reason: result.first ?? "quick_check failed", code: "indexDamageCheck") }
            return .everyPage
        }
        let hasWAL = access(path + "-wal", F_OK) == 0
        try queue.read { db in
            let schema = try String.fetchAll(db, sql: "PRAGMA quick_check(sqlite_master)")
            if schema != ["ok"] { throw IndexDamage(reason: schema.first ?? "quick_check failed", code: "indexDamageCheck") }
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            // Without a write-ahead log every page is in the file itself.
            if !hasWAL && pages * pageSize > size {
                throw IndexDamage(reason: "the file is shorter (\(size) bytes) than its \(pages) pages", code: "indexDamageCheck")
            }
            _ = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM entry")
            _ = try Int64.fetchOne(db, sql: "SELECT max(grp) FROM entry")
            _ = try Row.fetchOne(db, sql: "SELECT * FROM entry ORDER BY seq DESC LIMIT 1")
        }
        return .whatSavesRead
    }

    public init(catalogRoot: String) throws {
        try FileManager.default.createDirectory(atPath: IndexStore.directory(catalogRoot: catalogRoot), withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        path = Journal.path(catalogRoot: catalogRoot)
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS entry (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  grp INTEGER NOT NULL,
                  session TEXT NOT NULL,
                  time TEXT NOT NULL,
                  action TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  id TEXT NOT NULL,
                  file TEXT NOT NULL,
                  before TEXT,
                  after TEXT,
                  summary TEXT NOT NULL,
                  undone_by INTEGER
                );
                CREATE INDEX IF NOT EXISTS entry_id ON entry(id);
                CREATE INDEX IF NOT EXISTS entry_grp ON entry(grp);
                """)
        }
    }

    public struct Change: Sendable {
        public var action: String
        public var kind: EntityKind
        public var id: String
        public var file: String
        public var before: String?
        public var after: String?
        public var summary: String

        public init(action: String, kind: EntityKind, id: String, file: String, before: String?, after: String?, summary: String) {
            self.action = action
            self.kind = kind
            self.id = id
            self.file = file
            self.before = before
            self.after = after
            self.summary = summary
        }
    }

    /// Records `changes` as one group; marks `undoing` (a group) as undone by it.
    @discardableResult
    public func record(_ changes: [Change], session: String, undoing: Int64? = nil) throws -> Int64 {
        let time = Journal.timestamp()
        return try queue.write { db in
            let group = (try Int64.fetchOne(db, sql: "SELECT max(grp) FROM entry") ?? 0) + 1
            for c in changes {
                try db.execute(sql: """
                    INSERT INTO entry(grp, session, time, action, kind, id, file, before, after, summary)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [group, session, time, c.action, c.kind.rawValue, c.id, c.file, c.before, c.after, c.summary])
            }
            if let undoing {
                try db.execute(sql: "UPDATE entry SET undone_by = ? WHERE grp = ?", arguments: [group, undoing])
            }
            return group
        }
    }

    /// The most recent group that is not an undo and not undone, in `session` (nil: any session).
    public func lastUndoable(session: String?) throws -> [JournalEntry] {
        try queue.read { db in
            var sql = "SELECT max(grp) FROM entry WHERE action <> 'undo' AND undone_by IS NULL"
            var args: StatementArguments = []
            if let session { sql += " AND session = ?"; args = [session] }
            guard let group = try Int64.fetchOne(db, sql: sql, arguments: args) else { return [] }
            return try Journal.entries(db, "WHERE grp = ? ORDER BY seq", [group])
        }
    }

    /// The most recent undo, in `session` (nil: any session), that is not redone yet and that no
    /// new change followed: what `redo` re-applies. Empty when there is none.
    public func lastRedoable(session: String?) throws -> [JournalEntry] {
        try queue.read { db in
            var sql = "SELECT max(grp) FROM entry WHERE action = 'undo' AND undone_by IS NULL"
            var args: StatementArguments = []
            if let session { sql += " AND session = ?"; args = [session] }
            guard let group = try Int64.fetchOne(db, sql: sql, arguments: args) else { return [] }
            // A change made after the undo ends what can be redone (as in every editor).
            var later = "SELECT count(*) FROM entry WHERE grp > ? AND action NOT IN ('undo', 'redo')"
            var laterArgs: StatementArguments = [group]
            if let session { later += " AND session = ?"; laterArgs += [session] }
            if try Int.fetchOne(db, sql: later, arguments: laterArgs) ?? 0 > 0 { return [] }
            return try Journal.entries(db, "WHERE grp = ? ORDER BY seq", [group])
        }
    }

    /// Every change recorded for entity `id`, newest first.
    public func history(of id: String, limit: Int = 200) throws -> [JournalEntry] {
        try queue.read { db in
            try Journal.entries(db, "WHERE id = ? ORDER BY seq DESC LIMIT ?", [id, limit])
        }
    }

    static func entries(_ db: Database, _ clause: String, _ args: StatementArguments) throws -> [JournalEntry] {
        try Row.fetchAll(db, sql: "SELECT seq, grp, session, time, action, kind, id, file, before, after, summary, undone_by FROM entry " + clause,
                         arguments: args).map {
            JournalEntry(seq: $0[0], group: $0[1], session: $0[2], time: $0[3], action: $0[4],
                         kind: EntityKind(rawValue: $0[5]) ?? .scenario, id: $0[6], file: $0[7],
                         before: $0[8], after: $0[9], summary: $0[10], undoneBy: $0[11])
        }
    }

    static func timestamp() -> String { localNow("%Y-%m-%dT%H:%M:%S%z") }

    /// Today's date, local time: what the `updated` field records.
    public static func today() -> String { localNow("%Y-%m-%d") }

    /// The current local time in strftime `format`.
    static func localNow(_ format: String) -> String {
        var now = time(nil)
        var tm = tm()
        localtime_r(&now, &tm)
        var buffer = [CChar](repeating: 0, count: 40)
        strftime(&buffer, buffer.count, format, &tm)
        return String(cString: buffer)
    }
}
