import GRDB

extension IndexStore {
    /// What each SQLite connection of the store may keep resident (docs/0025). Both SQLite's
    /// page cache (heap) and the pages of a memory-mapped file count in the process's RSS, once
    /// per connection, and a store has a writer and up to five readers.
    public enum Memory: Sendable {
        /// A command that runs and exits: 64 MiB of the file mapped and a 16 MiB page cache per
        /// connection keep the hot pages of a 100,000-scenario index at hand; a cold load stays
        /// well under 200 MB.
        case command
        /// A session that stays open (the terminal UI): nothing mapped, and a page cache of
        /// 4 MiB per connection, enough for the pages one screen's queries touch.
        case session

        var cacheKiB: Int { self == .command ? 16_384 : 4_096 }
        var mmapBytes: Int { self == .command ? 64 << 20 : 0 }
    }

    /// Gives back what the connections hold: the readers are closed (reopened by the next read)
    /// and the writer's page cache is emptied. For a long session, when a screen closes.
    public func releaseMemory() {
        // A rebuild's private file is a DatabaseQueue; an open index is read through a pool or a
        // read-only queue, and written through a pool once a write opened it.
        for db in [pool as AnyObject, (writerIfOpen as AnyObject?) ?? pool as AnyObject] {
            if let pool = db as? DatabasePool { pool.releaseMemory() } else if let queue = db as? DatabaseQueue { queue.releaseMemory() }
        }
    }
}
