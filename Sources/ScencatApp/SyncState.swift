import CatalogCore
import CatalogSync
import TerminalKit

/// Sync in the terminal UI: the header's ahead/behind counts.
public struct SyncStatus: Sendable {
    /// Commits to push and to merge against the remote branch as last fetched; nil without a remote.
    public var ahead: Int?
    public var behind: Int?
    public init() {}
}

/// The Sync screen: the plan, a confirmation, progress, the result, and open conflicts to resolve.
public struct SyncScreen: Sendable {
    public enum Stage: Sendable, Equatable {
        /// Fetching and computing the plan.
        case planning
        case plan
        /// "Sync now?"
        case confirm
        case running
        /// The outcome (or why it stopped).
        case done
        /// Open conflicts, field by field.
        case conflicts
    }

    public var stage: Stage = .planning
    public var plan: SyncPlan?
    /// The text shown in the plan, running and done stages.
    public var lines: [String] = []
    public var scroll = 0
    /// Steps reported by the running sync.
    public var progress: [String] = []
    /// Whether the last run stopped with an error.
    public var failed = false
    public var conflicts: [MergeConflict] = []
    /// The selected row of the conflicts view (over every entity's field rows).
    public var row = 0
    /// Decisions so far: path → field → resolution; `wholeFile` holds a side for whole-file conflicts.
    public var choices: [String: [String: FieldResolution]] = [:]
    /// A value being typed for the selected field.
    public var editing: TextInput?
    /// A one-line note inside the screen (what just happened, what to do next).
    public var note: String?

    public init() {}

    /// The key under which a whole-file side is kept in `choices`.
    public static let wholeFile = "(whole file)"

    /// One selectable row of the conflicts view: a field of an entity (or its whole file).
    public struct ConflictRow: Sendable, Equatable {
        public var entity: Int
        public var key: String
    }

    /// The field rows of every conflict, in order.
    public var conflictRows: [ConflictRow] {
        var rows: [ConflictRow] = []
        for (i, c) in conflicts.enumerated() {
            if c.isFieldLevel {
                for f in c.fieldConflicts { rows.append(ConflictRow(entity: i, key: f.key)) }
            } else {
                rows.append(ConflictRow(entity: i, key: Self.wholeFile))
            }
        }
        return rows
    }

    public var selectedRow: ConflictRow? {
        let rows = conflictRows
        return rows.indices.contains(row) ? rows[row] : nil
    }

    /// The decision for a conflict, as `resolve` takes it; nil while something is undecided.
    public func choice(for conflict: MergeConflict) -> ConflictChoice? {
        let decided = choices[conflict.path] ?? [:]
        if !conflict.isFieldLevel {
            guard case .side(let side)? = decided[Self.wholeFile] else { return nil }
            return ConflictChoice(prefer: side)
        }
        for f in conflict.fieldConflicts where decided[f.key] == nil { return nil }
        return ConflictChoice(fields: decided)
    }
}

/// Sync work for the runtime. Planning and the sync itself run off the UI loop; the rest are quick git reads.
public enum SyncEffect: Sendable {
    /// Fetch (when asked) and compute the plan.
    case plan(fetch: Bool)
    /// Run the sync.
    case run
    /// Ahead/behind counts for the header.
    case status
    case loadConflicts
    /// Write a resolution and mark the file resolved.
    case resolve(path: String, ConflictChoice)
}

/// What sync work reports back.
public enum SyncResult: Sendable {
    case planned(SyncPlan)
    case progress(String)
    case finished(SyncOutcome)
    /// The sync stopped: the message, the catalogue errors, the conflicts left open, the exit-code class.
    case stopped(message: String, diagnostics: [Diagnostic], conflicts: [MergeConflict], code: Int32)
    case status(ahead: Int?, behind: Int?)
    case conflictsLoaded([MergeConflict])
    /// A conflict resolved; the conflicts left, and what the result's check said.
    case resolved(path: String, left: [MergeConflict], diagnostics: [Diagnostic])
    case failed(String)
}
