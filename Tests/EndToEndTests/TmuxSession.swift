import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A shell in a tmux pane of a fixed size, on a tmux server of its own (its own `-L` socket), in a
/// scratch folder of its own, running the BUILT scencat (`CLI.binary`) on one catalogue: a fresh
/// copy of the demo catalogue unless a catalogue is given. `close()` kills that server and removes
/// the scratch folder (and with it the copy).
///
/// The tests type keys and read the pane (`capture-pane -p`), polling until what they expect
/// appears — never a fixed sleep.
final class TmuxSession {
    let socket = "scencat-e2e-\(UInt32.random(in: 0...UInt32.max))"
    /// The scratch folder: launcher, tmux configuration, the app's pid file, tmux's outputs.
    let directory: String
    /// The catalogue the app runs on.
    let catalog: String
    var width: Int
    var height: Int
    /// Exported by the launcher before it starts the app (read at each `startApp()`).
    var environment: [String: String]
    /// How long `waitFor` polls by default.
    let timeout: Duration
    private let tmuxPath: String

    /// What the app shows on the demo catalogue once its list is drawn and the background
    /// indexing has ended: the moment a test may start pressing keys.
    static let demoListReady = ["108 条 entries", "索引最新 up to date"]

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The tmux client's environment, and so the server's and the pane's shell's: UTF-8, a colour
    /// terminal, nothing of an outer tmux or of the person's own scencat settings.
    static let clientEnvironment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        env["TERM"] = "xterm-256color"
        env.removeValue(forKey: "TMUX")
        env.removeValue(forKey: "NO_COLOR")
        env.removeValue(forKey: "SCENCAT_CATALOG")
        // The screens these tests read are the bilingual ones, whatever the machine's locale (docs/0020).
        env["SCENCAT_LANG"] = "both"
        return env
    }()

    /// - Parameters:
    ///   - catalog: the catalogue's folder; nil for a fresh copy of the demo catalogue (no index yet).
    ///   - environment: variables the launcher exports for the app (more can be set before `startApp()`).
    init(width: Int, height: Int, catalog: String? = nil, environment: [String: String] = [:],
         timeout: Duration = .seconds(10)) throws {
        guard FileManager.default.isExecutableFile(atPath: CLI.binary) else {
            Issue.record("scencat is not built at \(CLI.binary): run `swift build --product scencat` first (scripts/test does)")
            throw SessionError("no binary")
        }
        guard let tmuxBinary = Self.which("tmux") else {
            Issue.record("tmux is not installed: install it (scripts/test does) to run the terminal tests")
            throw SessionError("no tmux")
        }
        tmuxPath = tmuxBinary
        self.width = width
        self.height = height
        self.environment = environment
        self.timeout = timeout
        let fm = FileManager.default
        directory = fm.temporaryDirectory.appendingPathComponent("scencat-tmux-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let catalog {
            self.catalog = catalog
        } else {
            self.catalog = directory + "/Catalog"
            try fm.copyItem(atPath: Self.packageRoot.appendingPathComponent("Catalog").path, toPath: self.catalog)
            try? fm.removeItem(atPath: self.catalog + "/.scencat")
        }
        // No status line: the pane is the whole window, width × height.
        try Data("set -g status off\n".utf8).write(to: URL(fileURLWithPath: directory + "/tmux.conf"))
        try tmux(["-f", directory + "/tmux.conf", "new-session", "-d", "-x", String(width), "-y", String(height),
                  "env", "PS1=$ ", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "sh"])
        _ = try waitFor { $0.contains("$") }
    }

    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the app from the shell: `sh run.sh`, which exports `environment`, runs the app on
    /// `catalog` and, when it ends, prints `EXIT=<status>`, the terminal's modes and `STTY-END`.
    ///
    /// The app runs as a child of that shell, which writes its pid for `appPid()`. Ctrl-C reaches
    /// the whole foreground group, so the shell traps it (a handler, not an ignore: the app gets
    /// the default and exits 130).
    func startApp() throws {
        var launcher = ""
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            launcher += "export \(name)=\(Self.shellQuoted(value))\n"
        }
        launcher += """
            trap : INT
            sh -c 'echo $$ > "$0"; exec "$@"' "\(directory)/app.pid" "\(CLI.binary)" --catalog "\(catalog)"
            echo "EXIT=$?"
            echo "STTY: $(stty -a | tr '\\n;' '  ')"
            echo STTY-END

            """
        try Data(launcher.utf8).write(to: URL(fileURLWithPath: directory + "/run.sh"))
        try? FileManager.default.removeItem(atPath: directory + "/app.pid")
        try type("clear; sh \(directory)/run.sh")
        try press("Enter")
    }

    /// The app's process id (written by the launcher).
    func appPid() throws -> pid_t {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: directory + "/app.pid", encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            usleep(20_000)
        }
        throw SessionError("the app's pid file never appeared")
    }

    /// Writes an executable script into the scratch folder; returns its path.
    func script(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        guard chmod(path, 0o755) == 0 else { throw SessionError("chmod \(path): \(String(cString: strerror(errno)))") }
        return path
    }

    /// A file of the catalogue, as it is on disk now.
    func catalogFile(_ relative: String) throws -> String {
        try String(contentsOfFile: catalog + "/" + relative, encoding: .utf8)
    }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "0", "-l", text]) }

    /// Presses keys by tmux name: Enter, Escape, BSpace, Down, C-c, or a character.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "0"] + keys) }

    func resize(width: Int, height: Int) throws {
        self.width = width
        self.height = height
        try tmux(["resize-window", "-t", "0", "-x", String(width), "-y", String(height)])
    }

    /// What the pane shows now, one line per row; `joined`: lines the terminal wrapped joined again
    /// (a long `stty -a` line must not split a mode's name in two).
    func screen(joined: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p"] + (joined ? ["-J"] : []) + ["-t", "0"])
    }

    /// Whether the pane is on the alternate screen (a full-screen program is drawing).
    func alternateScreen() throws -> Bool {
        try tmux(["display-message", "-p", "-t", "0", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Polls the pane until `text` shows (and the pane has the expected size), or fails after a deadline.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor(all: [text], timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Polls the pane until ONE screen shows every text of `all` and none of `none`, and returns that
    /// screen. A test asserts only on what it waited for: the app draws a frame in pieces, and a
    /// screen caught mid-frame can hold one expected text without the next.
    ///
    /// On timeout the test fails with a message naming what was missing and the whole pane.
    @discardableResult
    func waitFor(all: [String], none: [String] = [], timeout: Duration? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitForScreen(timeout: timeout, sourceLocation: sourceLocation) { screen in
            let missing = all.filter { !screen.contains($0) }.map { "shown: \($0.debugDescription)" }
            let present = none.filter { screen.contains($0) }.map { "not shown: \($0.debugDescription)" }
            return missing + present
        }
    }

    /// The one waiting helper the others build on: polls the pane until `unmet` — what the test
    /// expects, checked over the whole screen — returns nothing (and the pane has the expected
    /// size); returns that screen. On timeout the test fails with the last unmet expectations and
    /// the pane, row by row, and the helper throws.
    @discardableResult
    func waitForScreen(timeout: Duration? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                       _ unmet: (String) -> [String]) throws -> String {
        let limit = timeout ?? self.timeout
        let (screen, failing) = try poll(limit, unmet)
        guard failing.isEmpty else {
            Issue.record("after \(limit) the pane still lacks:\n  - \(failing.joined(separator: "\n  - "))\n\(Self.framed(screen))",
                         sourceLocation: sourceLocation)
            throw SessionError("timed out waiting for: \(failing.joined(separator: "; "))")
        }
        return screen
    }

    /// The polling loop: the first screen (of the expected size) on which `unmet` finds nothing,
    /// or the last screen and what was still unmet when `limit` passed.
    private func poll(_ limit: Duration, _ unmet: (String) -> [String]) throws -> (screen: String, unmet: [String]) {
        let deadline = ContinuousClock.now + limit
        while true {
            let last = try screen()
            let size = try tmux(["display-message", "-p", "-t", "0", "#{pane_width}x#{pane_height}"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            var failing = unmet(last)
            if size != "\(width)x\(height)" { failing.insert("pane size \(width)x\(height) (it is \(size))", at: 0) }
            if failing.isEmpty || ContinuousClock.now >= deadline { return (last, failing) }
            usleep(30_000)
        }
    }

    /// The first row of `screen` that holds `text`.
    static func row(_ screen: String, containing text: String) -> String? {
        screen.components(separatedBy: "\n").first { $0.contains(text) }
    }

    /// A captured screen with its row numbers and a frame, so trailing blanks and empty rows show.
    static func framed(_ screen: String) -> String {
        screen.components(separatedBy: "\n").enumerated()
            .map { ($0.offset < 10 ? " " : "") + "\($0.offset) |" + $0.element + "|" }
            .joined(separator: "\n")
    }

    /// Polls the pane until `predicate` holds for it (and the pane has the expected size), or throws
    /// after a deadline without failing the test (for callers that handle the timeout themselves).
    func waitFor(timeout: Duration? = nil, _ predicate: (String) -> Bool) throws -> String {
        let (screen, failing) = try poll(timeout ?? self.timeout) { predicate($0) ? [] : ["the predicate"] }
        guard failing.isEmpty else { throw SessionError("timed out; last screen:\n\(screen)") }
        return screen
    }

    /// Waits for the launcher's report after the app ended and checks it: the exit status, and
    /// the shell's screen (not the app's alternate screen) with the terminal's modes back to
    /// normal — line editing and echo on — and a shell that answers again.
    @discardableResult
    func expectEnded(exit status: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("STTY-END", sourceLocation: sourceLocation)
        let screen = try self.screen(joined: true)
        let lines = screen.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("EXIT=\(status)"), "\(screen)", sourceLocation: sourceLocation)
        #expect(try !alternateScreen(), "still on the alternate screen", sourceLocation: sourceLocation)
        #expect(!screen.contains("scencat │"), "the app's screen was left behind:\n\(screen)", sourceLocation: sourceLocation)
        let stty = try #require(screen.components(separatedBy: "STTY:").last, sourceLocation: sourceLocation)
        let modes = Self.modes(stty)
        for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(modes.contains(mode), "terminal mode \(mode) not restored: \(stty)", sourceLocation: sourceLocation)
        }
        try type("echo alive-$((6*7))")
        try press("Enter")
        try waitFor("alive-42", sourceLocation: sourceLocation)
        return screen
    }

    /// The words of `stty -a` output: the modes set (`echo`) and cleared (`-echo`), among the settings.
    static func modes(_ stty: String) -> Set<String> {
        Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }

    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs a tmux command on this session's server and returns what it printed.
    ///
    /// Not with Foundation's `Process`: on Linux it learns that a child ended when a socket the
    /// child inherits is closed, and the tmux server that `new-session` forks keeps it open —
    /// the wait would last as long as the server. Here the client is spawned with only its
    /// standard streams (output to a file), default signals and an empty signal mask, and
    /// waited for with `waitpid`.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let outPath = directory + "/tmux-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        let status = try Self.spawnAndWait(tmuxPath, ["-L", socket] + args, environment: Self.clientEnvironment, output: outPath)
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw SessionError("tmux \(args.joined(separator: " ")) failed (\(status)): \(text)") }
        return text
    }

    /// Runs `path` with `arguments`, standard input from /dev/null and standard output and error
    /// into the file `output`; returns its exit status (128 + signal when a signal ended it).
    static func spawnAndWait(_ path: String, _ arguments: [String], environment: [String: String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of this process reaches the child (and so the tmux server it may start).
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for fd in open where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        if rc == EBADF {
            // A descriptor listed above was closed meanwhile by another thread: once more.
            rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        }
        guard rc == 0 else { throw SessionError("cannot start \(path): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno == EINTR { continue }
            throw SessionError("waitpid: \(String(cString: strerror(errno)))")
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

struct SessionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Display columns of captured terminal text: CJK takes two columns, as on the terminal.
enum DisplayText {
    static func width(_ c: Character) -> Int {
        guard let s = c.unicodeScalars.first else { return 0 }
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The display column where `needle` starts in `line`.
    static func column(of needle: String, in line: String) -> Int? {
        guard let r = line.range(of: needle) else { return nil }
        return line[..<r.lowerBound].reduce(0) { $0 + width($1) }
    }

    /// The characters in display columns `from..<from+width`, and whether one starts exactly at `from`.
    static func slice(_ line: String, from: Int, width count: Int) -> (text: String, startsAtColumn: Bool) {
        var column = 0
        var text = ""
        var starts = false
        for c in line {
            let w = width(c)
            if column == from { starts = true }
            if column >= from && column < from + count { text.append(c) }
            column += w
        }
        if column == from { starts = true }
        return (text, starts)
    }

    /// In the rows of a captured scenario list: the header row (`标题 Title` … `城市`) and the
    /// display column where it puts the city.
    static func cityColumn(_ rows: [String]) -> (header: Int, column: Int)? {
        guard let header = rows.firstIndex(where: { $0.contains("标题 Title") && $0.contains("城市") }),
              let column = column(of: "城市", in: rows[header]) else { return nil }
        return (header, column)
    }
}
