/// An error from git that ends a sync step, with the exit code class of the command-line contract.
public struct GitError: Error, CustomStringConvertible, Sendable {
    public var arguments: [String]
    public var status: Int32
    public var message: String
    public var description: String {
        let detail = message.split(separator: "\n").prefix(3).joined(separator: "; ")
        return "git \(arguments.prefix(2).joined(separator: " ")) failed: \(detail)"
    }
}

/// The git command-line tool, run in one working folder. Every call passes an argument vector
/// (never a shell string) and a stable environment: no pager, no prompts, English messages.
public struct Git: Sendable {
    /// The folder git runs in (the catalogue folder or any folder inside the work tree).
    public var directory: String
    public var program: String
    /// Variables set (or removed, when nil) for every run, on top of `Git.environment`.
    public var extraEnvironment: [String: String?]

    public init(directory: String, program: String = "git", environment: [String: String?] = [:]) {
        self.directory = directory
        self.program = program
        self.extraEnvironment = environment
    }

    /// Variables that make git's behaviour and output predictable for a program to read.
    public static let environment: [String: String?] = [
        "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8",
        "GIT_ASKPASS": nil, "SSH_ASKPASS": nil, "GIT_SSH_COMMAND": "ssh -o BatchMode=yes",
    ]

    /// Runs git and returns its output whatever the status.
    public func output(_ arguments: [String], input: [UInt8]? = nil, environment extra: [String: String?] = [:]) throws -> ProcessOutput {
        var env = Git.environment
        for (k, v) in extraEnvironment { env[k] = v }
        for (k, v) in extra { env[k] = v }
        return try ProcessRunner.run(program, arguments, in: directory, environment: env, input: input)
    }

    /// Runs git and returns its stdout; a non-zero status throws `GitError`.
    @discardableResult
    public func run(_ arguments: [String], input: [UInt8]? = nil, environment extra: [String: String?] = [:]) throws -> String {
        let out = try output(arguments, input: input, environment: extra)
        guard out.succeeded else {
            throw GitError(arguments: arguments, status: out.status, message: out.stderrText.isEmpty ? out.stdoutText : out.stderrText)
        }
        return out.stdoutText
    }

    /// The top of the work tree holding `directory`, or nil outside a repository.
    public func topLevel() -> String? {
        guard let out = try? output(["rev-parse", "--show-toplevel"]), out.succeeded else { return nil }
        return out.stdoutText.trimmingNewline()
    }

    /// The committer date of `revision` in strict ISO 8601 (`2026-11-29T13:15:14+00:00`).
    public func commitDate(_ revision: String = "HEAD") throws -> String {
        try run(["show", "-s", "--format=%cI", revision, "--"]).trimmingNewline()
    }
}

extension String {
    func trimmingNewline() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}

extension Git {
    /// Runs git and tells only whether it succeeded.
    public func succeeds(_ arguments: [String]) -> Bool {
        (try? output(arguments))?.succeeded ?? false
    }

    /// A configuration value, or nil when unset.
    public func config(_ key: String) -> String? {
        guard let out = try? output(["config", "--get", key]), out.succeeded else { return nil }
        return out.stdoutText.trimmingNewline()
    }

    /// The contents of many objects (`REV:path`, `:2:path`…) in one `git cat-file --batch`; nil for
    /// those that do not exist.
    public func objects(_ specs: [String]) throws -> [[UInt8]?] {
        if specs.isEmpty { return [] }
        var input: [UInt8] = []
        for s in specs {
            // A spec is one line: a path holding a line break is resolved to its object id first.
            var line = s
            if s.contains("\n") || s.contains("\r") {
                let r = try output(["rev-parse", "--verify", "--quiet", s])
                line = r.succeeded ? r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) : "0000000000000000000000000000000000000000"
            }
            input += Array(line.utf8) + [0x0A]
        }
        let out = try output(["cat-file", "--batch"], input: input)
        guard out.succeeded else {
            throw GitError(arguments: ["cat-file", "--batch"], status: out.status, message: out.stderrText)
        }
        let bytes = out.stdout
        var results: [[UInt8]?] = []
        var i = 0
        while results.count < specs.count, i < bytes.count {
            guard let newline = bytes[i...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: bytes[i..<newline], as: UTF8.self)
            i = newline + 1
            let parts = header.split(separator: " ")
            if parts.count == 3, let size = Int(parts[2]) {
                let end = min(bytes.count, i + size)
                results.append(Array(bytes[i..<end]))
                i = end + 1 // the newline after the contents
            } else {
                results.append(nil) // "<spec> missing" or "ambiguous"
            }
        }
        while results.count < specs.count { results.append(nil) }
        return results
    }

    /// Resolves a revision to a commit id, or nil.
    public func commit(_ revision: String) -> String? {
        guard let out = try? output(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"]), out.succeeded else { return nil }
        return out.stdoutText.trimmingNewline()
    }
}
