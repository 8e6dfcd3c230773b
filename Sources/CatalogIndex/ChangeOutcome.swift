import CatalogCore
import CatalogFiles
import Foundation

/// An entity as an editor opened it: the entity, its file, and the file's content hash at that
/// moment — what a save compares with the disk to notice that someone else changed the file.
public struct EntityDocument: Sendable, Equatable {
    public var entity: Entity
    /// Relative to the catalogue: `scenarios/<id>.yaml`.
    public var file: String
    /// Hash of the file as read; nil for an entity not yet on disk.
    public var hash: String?
    /// The file's text as read; nil for a new entity.
    public var text: String?

    public init(entity: Entity, file: String, hash: String?, text: String?) {
        self.entity = entity
        self.file = file
        self.hash = hash
        self.text = text
    }
}

/// What a save, a delete or an undo did.
public enum ChangeOutcome: Sendable {
    /// Written; the documents as they are now on disk (none for a deleted entity), and warnings.
    case saved([EntityDocument], warnings: [Diagnostic])
    /// The entity already reads exactly so; nothing written.
    case unchanged(EntityDocument)
    /// Refused: the change breaks the format's rules. Nothing written.
    case invalid([FieldIssue])
    /// Refused: `file` changed on disk since it was opened (`current` is its text now, nil when it
    /// was deleted). Nothing written; the caller offers reload, overwrite or compare.
    case changedOnDisk(file: String, current: String?)
    /// Refused: other entities refer to the one being deleted (their ids and what refers).
    case referenced([String])
    /// Nothing to undo.
    case nothingToUndo
    /// Nothing to redo (no undo, or a change was made after it).
    case nothingToRedo
}

/// What creating many entities at once did.
public enum BatchOutcome: Sendable {
    /// All written, as one journal group.
    case saved(Int, warnings: [Diagnostic])
    /// Refused: these entities break the format's rules. Nothing written.
    case invalid([(id: String, issues: [FieldIssue])])
    /// Refused: a file appeared on disk in the meantime. Nothing written.
    case changedOnDisk(file: String)
}

/// A change that could not even be attempted (no such entity, unreadable file).
public struct EditFailure: Error, Sendable, CustomStringConvertible, CodedError {
    public enum Reason: Sendable { case notFound, unreadable, environment }
    public var reason: Reason
    /// The English message; `coded` words it in the interface's language (Wording's `edit…` texts).
    public var message: String
    public var coded: CodedMessage?
    public var diagnostics: [Diagnostic]
    /// The file error behind an `editCannotRead`, worded with it.
    public var fileError: FileError?
    public var cause: (any Error)? { fileError }

    public init(_ reason: Reason, _ message: String, diagnostics: [Diagnostic] = []) {
        self.reason = reason
        self.message = message
        self.diagnostics = diagnostics
    }

    public init(_ reason: Reason, _ coded: CodedMessage, diagnostics: [Diagnostic] = []) {
        self.init(reason, coded.message, diagnostics: diagnostics)
        self.coded = coded
    }

    /// A file that could not be read: the error's own wording rides along as its text (English).
    public static func cannotRead(_ file: String, _ error: Error) -> EditFailure {
        var failure = EditFailure(.environment, CodedMessage("\(file): \(error)", "editCannotRead", [file, "\(error)"]))
        failure.fileError = error as? FileError
        return failure
    }

    public var description: String { message }
}
