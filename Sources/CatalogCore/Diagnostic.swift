/// A 1-based line and column in a source file (columns count Unicode scalars, as libyaml does).
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file: where whole-file problems are reported.
    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// How bad a diagnostic is: errors block indexing and publishing, warnings only inform.
public enum Severity: String, Sendable, Hashable, Comparable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// One problem found in a catalogue file, printed gcc-style so editors can jump to it:
/// `PATH:LINE:COL: error: MESSAGE`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    /// The file's path relative to the catalogue folder, e.g. `scenarios/gz-health-imaging.yaml`.
    public var file: String
    public var position: SourcePosition
    /// The message in English: what `formatted()` prints and programs may match on.
    public var message: String
    /// Which message this is, for wording it in another language (Wording's `diag…` texts), and
    /// its arguments in order; nil for a message that has only its English wording yet.
    public var code: String?
    public var arguments: [String]

    public init(_ severity: Severity, _ file: String, _ position: SourcePosition, _ message: String,
                code: String? = nil, arguments: [String] = []) {
        self.severity = severity
        self.file = file
        self.position = position
        self.message = message
        self.code = code
        self.arguments = arguments
    }

    public static func error(_ file: String, _ position: SourcePosition, _ message: String,
                             code: String? = nil, arguments: [String] = []) -> Diagnostic {
        Diagnostic(.error, file, position, message, code: code, arguments: arguments)
    }

    public static func warning(_ file: String, _ position: SourcePosition, _ message: String,
                               code: String? = nil, arguments: [String] = []) -> Diagnostic {
        Diagnostic(.warning, file, position, message, code: code, arguments: arguments)
    }

    /// The one-line form, with `prefix` (usually the catalogue folder as the user named it) put before the file.
    public func formatted(prefix: String = "") -> String {
        let path: String
        if prefix.isEmpty || prefix == "." { path = file } else if prefix.hasSuffix("/") { path = prefix + file } else { path = prefix + "/" + file }
        return "\(path):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }

    public var description: String { formatted() }
}

/// A message worked out apart from its diagnostic (an id's problem, a hint), with its code and arguments.
public struct CodedMessage: Hashable, Sendable {
    public var message: String
    public var code: String
    public var arguments: [String]

    public init(_ message: String, _ code: String, _ arguments: [String]) {
        (self.message, self.code, self.arguments) = (message, code, arguments)
    }
}

/// An error whose message the interface can word in its language: `coded.code` names a `Text`
/// (Wording), `coded.message` is the English. nil when the error has no wording of its own.
public protocol CodedError: Error {
    var coded: CodedMessage? { get }
    /// The error this one reports (its message is one of `coded`'s arguments, worded with it).
    var cause: (any Error)? { get }
}

extension CodedError {
    public var cause: (any Error)? { nil }
}

extension Diagnostic {
    public static func error(_ file: String, _ position: SourcePosition, _ coded: CodedMessage) -> Diagnostic {
        Diagnostic(.error, file, position, coded.message, code: coded.code, arguments: coded.arguments)
    }

    public static func warning(_ file: String, _ position: SourcePosition, _ coded: CodedMessage) -> Diagnostic {
        Diagnostic(.warning, file, position, coded.message, code: coded.code, arguments: coded.arguments)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }

    /// Sorted the way a reader expects: by file, then position, errors before warnings at one place.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.position != b.position { return a.position < b.position }
            if a.severity != b.severity { return a.severity < b.severity }
            return a.message < b.message
        }
    }
}
