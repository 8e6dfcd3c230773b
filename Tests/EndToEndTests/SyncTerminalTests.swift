import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The Sync screen in a real terminal: the built scencat in a tmux pane (a tmux server of its own),
/// on a clone whose change conflicts with the remote's, resolved with keys, then pushed.
@Suite("Sync screen (tmux)", .serialized)
struct SyncTerminalTests {
    @Test func aConflictIsResolvedOnTheSyncScreenAndPushed() throws {
        let w = try SyncWorld.shared()
        try w.edit("a/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港调度（远程）")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.edit("b/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港调度（本地）")
        try w.edit("b/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")

        let term = try SyncTerminal(world: w, catalog: w.path("b"), width: 110, height: 30)
        defer { term.close() }
        try term.start()
        try term.waitFor("条 entries")
        try term.press("y")
        let plan = try term.waitFor("Conflicts expected (1):")
        #expect(plan.contains("~ scenario sz-port (深圳港调度（本地）)"))
        #expect(plan.contains("title: base \"深圳港智能调度\" · ours \"深圳港调度（本地）\" · theirs \"深圳港调度（远程）\""))
        #expect(plan.contains("⎇ main │ ↑0 ↓1"))
        try term.press("y")
        try term.waitFor("同步？ Sync now?")
        try term.press("y")
        let conflicts = try term.waitFor("同步 Sync · 冲突 conflicts (1)")
        let row = try #require(conflicts.components(separatedBy: "\n").first { $0.hasPrefix("  title") })
        #expect(row.contains("\"深圳港智能调度\"") && row.contains("\"深圳港调度（本地）\"") && row.contains("\"深圳港调度（远程）\""), "\(row)")
        // The other field merged by itself; only the title waits for a decision.
        #expect(!conflicts.contains("  stage "))
        try term.press("t")
        try term.waitFor("← theirs")
        try term.press("Enter")
        try term.waitFor("没有冲突了")
        try term.press("y")
        try term.waitFor("同步？ Sync now?")
        try term.press("y")
        let done = try term.waitFor("pushed to origin/main")
        #expect(done.contains("同步 Sync · 完成 done"))
        try term.waitFor("↑0 ↓0")
        try term.press("Escape")
        try term.press("q")
        try term.waitFor("EXIT=0")
        #expect(try w.read("b/scenarios/sz-port.yaml").contains("title: 深圳港调度（远程）\n"))
        #expect(try w.read("b/scenarios/sz-port.yaml").contains("stage: scaled\n"))
        #expect(try w.rev("main", in: "remote.git") == w.rev("HEAD", in: "b"))
    }
}

/// A shell in a tmux pane on a server of its own (socket `scencat-sync-tmux-…`), with the sync
/// world's git environment, running the built scencat on one catalogue.
final class SyncTerminal {
    let socket = "scencat-sync-tmux-\(UInt32.random(in: 0...UInt32.max))"
    let directory: String
    let width: Int
    let height: Int
    private let tmuxPath: String

    init(world: SyncWorld, catalog: String, width: Int, height: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: CLI.binary) else {
            Issue.record("scencat is not built at \(CLI.binary)")
            throw SessionError("no binary")
        }
        guard let tmuxBinary = TerminalSession.which("tmux") else {
            Issue.record("tmux is not installed: install it (scripts/test does) to run the terminal tests")
            throw SessionError("no tmux")
        }
        tmuxPath = tmuxBinary
        self.width = width
        self.height = height
        directory = world.path("tmux")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var exports = ""
        for (k, v) in world.env.sorted(by: { $0.key < $1.key }) { exports += "export \(k)='\(v)'\n" }
        let launcher = exports + """
            "\(CLI.binary)" --catalog "\(catalog)"
            echo "EXIT=$?"

            """
        try launcher.write(toFile: directory + "/run.sh", atomically: true, encoding: .utf8)
        try "set -g status off\n".write(toFile: directory + "/tmux.conf", atomically: true, encoding: .utf8)
        try tmux(["-f", directory + "/tmux.conf", "new-session", "-d", "-x", String(width), "-y", String(height),
                  "env", "PS1=$ ", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "sh"])
        _ = try waitFor { $0.contains("$") }
    }

    func start() throws {
        try tmux(["send-keys", "-t", "0", "-l", "clear; sh \(directory)/run.sh"])
        try press("Enter")
    }

    func close() { _ = try? tmux(["kill-server"]) }

    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "0"] + keys) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "0"]) }

    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        do {
            return try waitFor(timeout: timeout) { $0.contains(text) }
        } catch {
            Issue.record("timed out waiting for \(text.debugDescription); the pane shows:\n\((try? screen()) ?? "")", sourceLocation: sourceLocation)
            throw error
        }
    }

    func waitFor(timeout: Duration = .seconds(20), _ predicate: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let last = try screen()
            if predicate(last) { return last }
            if ContinuousClock.now >= deadline { throw SessionError("timed out; last screen:\n\(last)") }
            usleep(30_000)
        }
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let outPath = directory + "/tmux-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        let status = try TerminalSession.spawnAndWait(tmuxPath, ["-L", socket] + args, environment: TerminalSession.environment, output: outPath)
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw SessionError("tmux \(args.joined(separator: " ")) failed (\(status)): \(text)") }
        return text
    }
}
