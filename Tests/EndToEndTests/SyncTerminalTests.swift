import Foundation
import Testing

/// The Sync screen in a real terminal: the built scencat in a tmux pane (a tmux server of its own,
/// `TmuxSession`) with the sync world's git environment, on a clone whose change conflicts with
/// the remote's, resolved with keys, then pushed.
@Suite("Sync screen (tmux)", .serialized)
struct SyncTerminalTests {
    @Test func aConflictIsResolvedOnTheSyncScreenAndPushed() throws {
        let w = try SyncWorld.shared()
        try w.edit("a/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港调度（远程）")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.edit("b/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港调度（本地）")
        try w.edit("b/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")

        let term = try TmuxSession(width: 110, height: 30, catalog: w.path("b"), environment: w.env, timeout: .seconds(20))
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: ["条 entries", "索引最新 up to date"])
        try term.press("y")
        try term.waitFor(all: ["Conflicts expected (1):", "~ scenario sz-port (深圳港调度（本地）)",
                               "title: base \"深圳港智能调度\" · ours \"深圳港调度（本地）\" · theirs \"深圳港调度（远程）\"",
                               "⎇ main │ ↑0 ↓1"])
        try term.press("y")
        try term.waitFor("同步？ Sync now?")
        try term.press("y")
        // The conflict view with the title's row whole: base, ours and theirs. The other field
        // merged by itself; only the title waits for a decision.
        try term.waitForScreen { screen in
            guard screen.contains("同步 Sync · 冲突 conflicts (1)") else { return ["同步 Sync · 冲突 conflicts (1)"] }
            let rows = screen.components(separatedBy: "\n")
            guard let row = rows.first(where: { $0.hasPrefix("  title") }),
                  row.contains("\"深圳港智能调度\""), row.contains("\"深圳港调度（本地）\""), row.contains("\"深圳港调度（远程）\"") else {
                return ["a row \"  title\" with base, ours and theirs"]
            }
            return rows.contains { $0.hasPrefix("  stage ") } ? ["no row for stage"] : []
        }
        try term.press("t")
        try term.waitFor("← theirs")
        try term.press("Enter")
        try term.waitFor("没有冲突了")
        try term.press("y")
        try term.waitFor("同步？ Sync now?")
        try term.press("y")
        try term.waitFor(all: ["pushed to origin/main", "同步 Sync · 完成 done", "↑0 ↓0"])
        // Escape, then q only once the list is back: an escape followed at once by q reads as alt-q.
        try term.press("Escape")
        try term.waitFor(all: ["1 场景 Scenarios"], none: ["同步 Sync · 完成 done"])
        try term.press("q")
        try term.expectEnded(exit: 0)
        #expect(try w.read("b/scenarios/sz-port.yaml").contains("title: 深圳港调度（远程）\n"))
        #expect(try w.read("b/scenarios/sz-port.yaml").contains("stage: scaled\n"))
        #expect(try w.rev("main", in: "remote.git") == w.rev("HEAD", in: "b"))
    }
}
