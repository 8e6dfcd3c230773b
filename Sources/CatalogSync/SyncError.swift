import CatalogCore
import Wording

/// Why a sync step stopped, with the exit code class of the command-line contract.
public struct SyncError: Error, CustomStringConvertible, Sendable {
    public enum Code: Int32, Sendable {
        /// The catalogue (or the merged result) has errors.
        case invalid = 1
        case usage = 2
        /// A conflict is open.
        case conflict = 3
        /// git, the repository, the remote or the machine.
        case environment = 4
    }

    public var code: Code
    public var message: String
    /// Errors in the catalogue that stopped the sync.
    public var diagnostics: [Diagnostic]
    /// Conflicts left open.
    public var conflicts: [MergeConflict]

    public init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = [], conflicts: [MergeConflict] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
        self.conflicts = conflicts
    }

    public var description: String { message }

    /// A git failure as an environment error, with what git said (the first lines, git's own words).
    /// `what` is worded by the caller in the language in effect.
    static func git(_ e: GitError, _ what: String) -> SyncError {
        let detail = e.message.split(separator: "\n").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty && !$0.hasPrefix("hint:") }
            .prefix(4).joined(separator: "\n  ")
        let command = e.arguments.first ?? ""
        return SyncError(.environment, detail.isEmpty ? Text.syncGitFailed(what, command) : Text.syncGitFailedSaying(what, command, detail))
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set || s.first == "\t" { s = s.dropFirst() }
        while s.last == set || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
        return s
    }
}
