import CatalogCore
import CatalogFiles
import Wording

/// git's merge driver for entity files (`scencat merge-driver %O %A %B %P`): a three-way merge per
/// field. The result goes to `%A`: canonical text when the merge is clean (exit 0), or the merged
/// fields with each conflicted field between conflict markers (exit 1, and git marks the path
/// conflicted, keeping base, ours and theirs in the index as stages 1, 2 and 3).
public enum MergeDriver {
    public struct Outcome: Sendable {
        public var clean: Bool
        /// What was written to `%A`.
        public var text: String
        public var merge: FieldMerge?
        /// One line for git's output (git shows the driver's stderr).
        public var summary: String
    }

    /// Merges the three files. Missing or empty files count as "no entity there". Never throws for
    /// bad input: anything unreadable becomes a conflict of the whole file.
    public static func merge(base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, path: String) -> Outcome {
        let b = EntityVersion.read(base, path: path)
        let o = EntityVersion.read(ours, path: path)
        let t = EntityVersion.read(theirs, path: path)
        if b.isUnreadable || o.isUnreadable || t.isUnreadable {
            let which = [("base", b), ("ours", o), ("theirs", t)].filter { $0.1.isUnreadable }.map { Text.side($0.0) }
                .joined(separator: Wording.language == .zh ? "、" : ", ")
            let text = MergedText.wholeFile(base: b, ours: o, theirs: t, oursLabel: "ours", theirsLabel: "theirs")
            return Outcome(clean: false, text: text, merge: nil, summary: Text.mergeCannotRead(path, which))
        }
        let m = FieldDiff.merge(base: b.fields, ours: o.fields, theirs: t.fields)
        if m.isClean {
            // A deleted result leaves an empty file; git then records the deletion only if the driver
            // is asked about a deletion, which it never is (git handles those itself).
            let text = m.fields.map { MergedText.canonical($0, path: path) } ?? ""
            return Outcome(clean: true, text: text, merge: m, summary: Text.mergeFieldByField(path))
        }
        let text = MergedText.withConflicts(m, base: b, ours: o, theirs: t, path: path)
        let what = m.entityConflict.map(MergeDriver.shown) ?? Text.mergeConflictIn(m.conflicts.map(\.key).joined(separator: ", "))
        return Outcome(clean: false, text: text, merge: m, summary: Text.pathMessage(path, what))
    }

    /// A conflict about the whole entity, in the language in effect.
    public static func shown(_ conflict: EntityConflict) -> String {
        conflict == .deletedByOurs ? Text.conflictDeletedByOurs.text : Text.conflictDeletedByTheirs.text
    }

    /// Runs the driver on the files git names and writes the result over `ours` (atomically).
    /// Returns the exit status for git: 0 merged, 1 conflict.
    public static func run(base: String, ours: String, theirs: String, path: String) -> (status: Int32, summary: String) {
        func read(_ p: String) -> [UInt8]? { try? AtomicFile.read(p, limit: YAMLReader.maxFileSize * 2) }
        let outcome = merge(base: read(base), ours: read(ours), theirs: read(theirs), path: path)
        do {
            try AtomicFile.write(outcome.text, to: ours)
        } catch {
            return (1, Text.mergeCannotWrite(path, ErrorWording.shown(error)))
        }
        return (outcome.clean ? 0 : 1, outcome.summary)
    }
}
