import CatalogCore
#if canImport(Glibc)
import Glibc
#endif

/// Editing an entity's YAML in the user's own editor: a temp copy, the editor on the terminal,
/// and — when the result has errors — the same copy again with the errors as comments on top.
public enum ExternalEditor {
    /// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`, split into words as a shell would
    /// (quotes and backslashes), so `EDITOR="code --wait"` works without running a shell.
    public static func command(environment: [String: String]) -> [String] {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key], let words = splitWords(value), !words.isEmpty { return words }
        }
        return ["vi"]
    }

    /// Shell-like word splitting: whitespace separates, '…' and "…" quote, \ escapes. Nil when a quote is left open.
    public static func splitWords(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in text {
            if escaped { current.append(ch); escaped = false; inWord = true; continue }
            if let q = quote {
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { current.append(ch) }
                continue
            }
            switch ch {
            case "\\": escaped = true; inWord = true
            case "'", "\"": quote = ch; inWord = true
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(ch); inWord = true
            }
        }
        if quote != nil { return nil }
        if inWord { words.append(current) }
        return words
    }

    /// The marker that starts the error comments scencat puts on top of a file it hands back.
    public static let headerMarker = "# scencat: this file was not saved; fix the errors below"

    /// `text` with the errors as YAML comments on top (line numbers shifted to match), so the user
    /// sees them where they work. Any earlier header is replaced.
    public static func withErrorHeader(_ text: String, errors: [Diagnostic]) -> String {
        let body = withoutErrorHeader(text)
        var lines = [headerMarker, "# (these comment lines are removed when you save; leave them or delete them)"]
        let shift = errors.count + 3
        for d in errors {
            lines.append("# line \(d.position.line + shift), column \(d.position.column): \(d.severity.rawValue): \(d.message.replacingNewlines())")
        }
        lines.append("#")
        return lines.joined(separator: "\n") + "\n" + body
    }

    /// `text` without a header added by `withErrorHeader`.
    public static func withoutErrorHeader(_ text: String) -> String {
        guard text.hasPrefix(headerMarker) else { return text }
        var rest = Substring(text)
        while rest.hasPrefix("#") {
            if let nl = rest.firstIndex(of: "\n") { rest = rest[rest.index(after: nl)...] } else { rest = "" }
        }
        return String(rest)
    }

    /// A private temp copy (`/tmp/scencat-<id>-XXXXXX.yaml`, mode 0600) holding `text`.
    public static func makeTempCopy(id: String, text: String) throws -> String {
        let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(dir)/scencat-\(id)-XXXXXX.yaml".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 5) }
        guard fd >= 0 else { throw FileError.posix(dir, "cannot create a temporary file") }
        close(fd)
        let path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        try AtomicFile.write(text, to: path, mode: 0o600)
        return path
    }

    /// Runs the editor on `path` on this terminal and waits for it. Returns its exit status,
    /// or throws when it cannot be started.
    public static func run(_ command: [String], path: String) throws -> Int32 {
        let argv = command + [path]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], nil, nil, &cArgs, environ)
        guard rc == 0 else {
            throw FileError(argv[0], rc == ENOENT ? "editor not found (set $VISUAL or $EDITOR)" : String(cString: strerror(rc)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 })
    }
}
