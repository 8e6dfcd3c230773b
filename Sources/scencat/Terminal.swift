#if canImport(Glibc)
import Glibc
#endif

/// Standard streams and process exit, as the command-line contract defines them.
enum Terminal {
    static var stdoutIsTTY: Bool { isatty(1) == 1 }
    static var stderrIsTTY: Bool { isatty(2) == 1 }

    static func out(_ s: String) {
        var text = s
        if !text.hasSuffix("\n") { text += "\n" }
        writeAll(1, text)
    }

    /// Writes without adding a newline.
    static func write(_ s: String) { writeAll(1, s) }

    static func err(_ s: String) {
        var text = s
        if !text.hasSuffix("\n") { text += "\n" }
        writeAll(2, text)
    }

    static func writeAll(_ fd: Int32, _ s: String) {
        var bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBufferPointer { Glibc.write(fd, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }

    /// A progress bar on a terminal; silent when stderr is piped.
    final class Progress {
        let label: String
        let enabled: Bool
        var lastPercent = -1

        init(_ label: String) {
            self.label = label
            enabled = Terminal.stderrIsTTY
        }

        func update(_ done: Int, _ total: Int) {
            guard enabled, total > 0 else { return }
            let percent = done * 100 / total
            guard percent != lastPercent else { return }
            lastPercent = percent
            let filled = percent * 30 / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
            Terminal.writeAll(2, "\r\(label) \(bar) \(percent)% \(done)/\(total)")
        }

        func finish() {
            if enabled && lastPercent >= 0 { Terminal.writeAll(2, "\r\u{1B}[K") }
        }
    }
}

/// Exit codes of the command-line contract.
enum Exit: Int32 {
    case ok = 0
    case invalid = 1
    case usage = 2
    case conflict = 3
    case environment = 4
}

/// An error that ends the command with a message on stderr and a contract exit code.
struct CommandFailure: Error {
    var code: Exit
    var message: String
    init(_ code: Exit, _ message: String) { self.code = code; self.message = message }
}
