import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The terminal UI as a person sees it: the BUILT binary (`.build/debug/scencat`) runs in a real
/// terminal — a tmux pane with its own server socket — started from a shell, on a copy of the
/// demo catalogue. The tests type keys and read the pane (`capture-pane -p`), polling until what
/// they expect appears (never a fixed sleep), and check that the shell gets a sane terminal back
/// however the app ends: q, Ctrl-C or SIGTERM.
@Suite("Terminal (tmux)", .serialized)
struct TerminalTests {
    @Test func chineseColumnsAlignAndSearchFindsHealthcare() throws {
        let term = try TerminalSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        let screen = try term.waitFor("108 条 entries")

        // The table: the city column starts at the same display column on every row, whatever
        // mix of Chinese and ASCII (titles, counts) comes before it.
        let rows = screen.components(separatedBy: "\n")
        let header = try #require(rows.firstIndex { $0.contains("标题 Title") && $0.contains("城市") })
        let cityColumn = try #require(DisplayText.column(of: "城市", in: rows[header]))
        let cities = try TerminalSession.cityNames()
        var checked = 0
        for line in rows[(header + 1)...] {
            guard line.contains("已批准") || line.contains("草稿") || line.contains("已撤回") else { break }
            let cell = DisplayText.slice(line, from: cityColumn, width: 6)
            #expect(cell.startsAtColumn, "a wide character straddles the city column: \(line)")
            #expect(cities.contains(cell.text.trimmingCharacters(in: .whitespaces)), "city column \(cityColumn) of: \(line)")
            checked += 1
        }
        #expect(checked == 10, "\(screen)")

        // Search as you type: 医疗 finds healthcare scenarios and models.
        try term.type("/医疗")
        // Waits for the whole box (its bottom border), not just the first hits.
        let results = try term.waitFor(timeout: .seconds(10)) { screen in
            let rows = screen.components(separatedBy: "\n")
            return screen.contains("县域远程医疗影像协同诊断") && rows.count > 21 && rows[21].hasPrefix("└")
        }
        #expect(results.contains("搜索 Search"))
        #expect(results.contains("模型 粤海医疗大模型"))
        #expect(results.contains("场景 乡村医生智能辅助诊疗"))
        // The search box spans the screen at 80 columns: nothing of the list shows at its edges.
        for line in results.components(separatedBy: "\n")[3..<21] {
            #expect(line.hasPrefix("│") && line.hasSuffix("│"), "\(line)")
        }
        try term.press("Down", "Enter")
        try term.waitFor("Scenario · meizhou-county-telemedicine-imaging")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func linksAndBackWithTheBreadcrumb() throws {
        let term = try TerminalSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("Enter")
        try term.waitFor(" 场景 Scenarios › 潮州古城多语种智能导览\n")
        try term.waitFor("▶ deployed · 潮韵文化大模型")
        // Scenario → its model → the model's base model.
        try term.press("Enter")
        let model = try term.waitFor("Model · chaoyun-culture")
        #expect(model.contains(" 场景 Scenarios › 潮州古城多语种智能导览 › 潮韵文化大模型\n"))
        #expect(model.contains("使用它的场景 Used by scenarios"))
        try term.press("Enter")
        let base = try term.waitFor("Model · lingnan-open-lite")
        #expect(base.contains(" 场景 › 潮州古城多语种智能导览 › 潮韵文化大模型 › 岭南开源大模型轻量版\n"))
        // Backspace walks the path back.
        try term.press("BSpace")
        try term.waitFor("Model · chaoyun-culture")
        try term.press("BSpace")
        try term.waitFor("Scenario · chaozhou-ancient-city-guide")
        try term.press("BSpace")
        try term.waitFor("108 条 entries")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func theDashboard() throws {
        let term = try TerminalSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("4")
        let screen = try term.waitFor("108 场景 · 32 模型 · 12 算力中心")
        #expect(screen.contains("场景·行业 Scenarios by sector"))
        #expect(screen.contains("场景·城市 Scenarios by city"))
        #expect(screen.contains("算力需求/容量 PFLOPS"))
        #expect(screen.contains("│已批准 "))
        #expect(!screen.contains("…"), "no label is cut at 80 columns:\n\(screen)")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func qGivesTheShellItsTerminalBack() throws {
        let term = try TerminalSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        #expect(try term.alternateScreen())
        try term.press("q")
        let after = try term.waitFor("STTY-END")
        #expect(after.contains("EXIT=0"))
        try term.expectRestored(after)
    }

    @Test func ctrlCAndSigtermRestoreTheTerminal() throws {
        let term = try TerminalSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("C-c")
        let interrupted = try term.waitFor("STTY-END")
        #expect(interrupted.contains("EXIT=130"), "\(interrupted)")
        try term.expectRestored(interrupted)

        try term.startApp()
        try term.waitFor("108 条 entries")
        let pid = try term.appPid()
        #expect(kill(pid, SIGTERM) == 0)
        let terminated = try term.waitFor("STTY-END")
        #expect(terminated.contains("EXIT=143"), "\(terminated)")
        try term.expectRestored(terminated)
    }

    @Test func sixtyByFifteenFitsAndFiftyNineByFourteenIsTooSmall() throws {
        let term = try TerminalSession(width: 60, height: 15)
        defer { term.close() }
        try term.startApp()
        let fits = try term.waitFor("108 条 entries")
        #expect(!fits.contains("Terminal too small"))
        try term.resize(width: 59, height: 14)
        let small = try term.waitFor("Terminal too small")
        #expect(small.contains("59×14 — need at least 60×15"))
        try term.resize(width: 60, height: 15)
        try term.waitFor("108 条 entries")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }
}

/// A shell in a tmux pane of a fixed size, on a tmux server of its own, with a fresh copy of
/// the demo catalogue; `close()` kills that server and removes the copy.
final class TerminalSession {
    let socket = "scencat-e2e-\(UInt32.random(in: 0...UInt32.max))"
    let directory: String
    let catalog: String
    var width: Int
    var height: Int

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String { CLI.binary }
    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        env["TERM"] = "xterm-256color"
        env.removeValue(forKey: "TMUX")
        env.removeValue(forKey: "NO_COLOR")
        env.removeValue(forKey: "SCENCAT_CATALOG")
        return env
    }()

    init(width: Int, height: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            Issue.record("scencat is not built at \(Self.binary): run `swift build --product scencat` first (scripts/test does)")
            throw SessionError("no binary")
        }
        guard let tmuxBinary = Self.which("tmux") else {
            Issue.record("tmux is not installed: install it (scripts/test does) to run the terminal tests")
            throw SessionError("no tmux")
        }
        self.tmuxPath = tmuxBinary
        self.width = width
        self.height = height
        let fm = FileManager.default
        directory = fm.temporaryDirectory.appendingPathComponent("scencat-tmux-\(UUID().uuidString)").path
        catalog = directory + "/Catalog"
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Self.packageRoot.appendingPathComponent("Catalog").path, toPath: catalog)
        try? fm.removeItem(atPath: catalog + "/.scencat")
        // The launcher: the app as a child of a shell that then reports how it ended and the
        // terminal's modes. Ctrl-C reaches the whole foreground group, so the shell traps it
        // (a handler, not an ignore: the app gets the default and exits 130).
        let launcher = """
            trap : INT
            sh -c 'echo $$ > "$0"; exec "$@"' "\(directory)/app.pid" "\(Self.binary)" --catalog "\(catalog)"
            echo "EXIT=$?"
            echo "STTY: $(stty -a | tr '\\n;' '  ')"
            echo STTY-END

            """
        try Data(launcher.utf8).write(to: URL(fileURLWithPath: directory + "/run.sh"))
        // No status line: the pane is the whole window, width × height.
        try Data("set -g status off\n".utf8).write(to: URL(fileURLWithPath: directory + "/tmux.conf"))
        _ = try tmux(["-f", directory + "/tmux.conf", "new-session", "-d", "-x", String(width), "-y", String(height),
                      "env", "PS1=$ ", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "sh"])
        _ = try waitFor { $0.contains("$") }
    }

    private let tmuxPath: String

    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the app from the shell: `sh run.sh`, which prints EXIT=<status> and the stty modes when it ends.
    func startApp() throws {
        try? FileManager.default.removeItem(atPath: directory + "/app.pid")
        try type("clear; sh \(directory)/run.sh")
        try press("Enter")
    }

    /// The app's process id (written by the launcher).
    func appPid() throws -> pid_t {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: directory + "/app.pid", encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            usleep(20_000)
        }
        throw SessionError("the app's pid file never appeared")
    }

    /// Types text literally.
    func type(_ text: String) throws { _ = try tmux(["send-keys", "-t", "0", "-l", text]) }

    /// Presses keys by tmux name: Enter, Escape, BSpace, Down, C-c, or a character.
    func press(_ keys: String...) throws { _ = try tmux(["send-keys", "-t", "0"] + keys) }

    func resize(width: Int, height: Int) throws {
        self.width = width
        self.height = height
        _ = try tmux(["resize-window", "-t", "0", "-x", String(width), "-y", String(height)])
    }

    /// What the pane shows now, one line per row.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "0"]) }

    /// Whether the pane is on the alternate screen (a full-screen program is drawing).
    func alternateScreen() throws -> Bool {
        try tmux(["display-message", "-p", "-t", "0", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Polls the pane until `text` shows (and the pane has the expected size), or fails after a deadline.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        do {
            return try waitFor(timeout: timeout) { $0.contains(text) }
        } catch {
            Issue.record("timed out waiting for \(text.debugDescription); the pane shows:\n\((try? screen()) ?? "")", sourceLocation: sourceLocation)
            throw error
        }
    }

    func waitFor(timeout: Duration = .seconds(10), _ predicate: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while true {
            last = try screen()
            let size = try tmux(["display-message", "-p", "-t", "0", "#{pane_width}x#{pane_height}"])
            if size.trimmingCharacters(in: .whitespacesAndNewlines) == "\(width)x\(height)", predicate(last) { return last }
            if ContinuousClock.now >= deadline { throw SessionError("timed out; last screen:\n\(last)") }
            usleep(30_000)
        }
    }

    /// After the app ended: the shell's screen (not the app's alternate screen) with the
    /// terminal's modes back to normal — line editing and echo on.
    func expectRestored(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try !alternateScreen(), "still on the alternate screen", sourceLocation: sourceLocation)
        #expect(!screen.contains("scencat │"), "the app's screen was left behind:\n\(screen)", sourceLocation: sourceLocation)
        let stty = try #require(screen.components(separatedBy: "STTY:").last, sourceLocation: sourceLocation)
        let modes = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(modes.contains(mode), "terminal mode \(mode) not restored: \(stty)", sourceLocation: sourceLocation)
        }
        // The shell answers again.
        try type("echo alive-$((6*7))")
        try press("Enter")
        try waitFor("alive-42", sourceLocation: sourceLocation)
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
        let status = try Self.spawnAndWait(tmuxPath, ["-L", socket] + args, environment: Self.environment, output: outPath)
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

    /// The Chinese names of the cities in the demo catalogue's taxonomy.
    static func cityNames() throws -> Set<String> {
        let text = try String(contentsOfFile: packageRoot.appendingPathComponent("Catalog/taxonomy/cities.yaml").path, encoding: .utf8)
        return Set(text.components(separatedBy: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("zh: ") ? String(trimmed.dropFirst(4)) : nil
        })
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
}
