import ArgumentParser
import Wording
import CatalogCore
import CatalogFiles
import CatalogIndex
import CursesBackend
import ScencatApp
import TerminalKit
#if canImport(Glibc)
import Glibc
#endif

/// `scencat` with no subcommand: the full-screen terminal UI.
struct UICommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "ui",
        abstract: Text.cliHelpUIAbstract.text) }

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        let layout = try catalog.layout()
        guard Terminal.stdoutIsTTY, isatty(0) == 1 else {
            throw CommandFailure(.usage, Text.cliUINeedsTerminal.text)
        }
        // A terminal that cannot move the cursor would show a blank screen.
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if term.isEmpty || term == "dumb" || term == "unknown" {
            throw CommandFailure(.usage, Text.cliUINeedsTerm(term))
        }
        // A session stays open: SQLite keeps little of the index resident (docs/0025).
        let store = try openStore(layout, memory: .session)
        // `/`, `:` and the pickers search by pinyin: its tables load while the first screen is drawn.
        store.preparePinyinSearch()
        let backend: CursesBackend
        do {
            backend = try CursesBackend()
        } catch {
            throw CommandFailure(.environment, Text.cliUICannotStart(error))
        }
        defer { backend.shutdown() }
        let runtime = Runtime(backend: backend, store: store, layout: layout)
        runtime.run()
    }
}

/// `scencat bench-ui`: replays keys against the real app with an in-memory terminal and reports
/// time to first frame, key→frame times and peak memory.
struct BenchUICommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "bench-ui",
        abstract: Text.cliHelpBenchAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @Option(help: usage(.cliHelpBenchSize)) var size: String = "120x40"
    @Option(help: usage(.cliHelpBenchScript))
    var keys: String?
    @Option(help: usage(.cliHelpBenchRepeats)) var repeats: Int = 3

    static let defaultScript = String(repeating: "j", count: 60) + String(repeating: "<PageDown>", count: 30)
        + String(repeating: "k", count: 30) + "G" + String(repeating: "<PageUp>", count: 10) + "g"
        + "/医疗影像<Esc>/port<Esc>/质检<Enter><Enter><BS><BS>" + "2" + String(repeating: "j", count: 40) + "<Enter><Enter><BS><BS>"
        + "3jjj<Enter><BS>4" + "1s" + String(repeating: "j", count: 20) + "S" + "ll"

    func run() throws {
        let layout = try catalog.layout()
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { throw CommandFailure(.usage, Text.cliBenchSize.text) }
        let store = try openStore(layout)
        let report = try Indexer(root: layout.root, store: store).run()
        guard report.committed else {
            printDiagnostics(report.diagnostics, root: layout.root, limit: 10)
            throw CommandFailure(.invalid, Text.cliBenchErrors.text)
        }
        let script = keys ?? Self.defaultScript
        let keyList = Array(repeating: Key.script(script), count: max(1, repeats)).flatMap { $0 }
        let backend = TestBackend(width: parts[0], height: parts[1], keys: keyList + [.char("q")])
        let t0 = ContinuousClock.now
        let session = try openStore(layout, memory: .session)
        session.preparePinyinSearch()
        let runtime = Runtime(backend: backend, store: session, layout: layout)
        runtime.run(refreshIndex: false, untilIdle: true)
        let total = ContinuousClock.now - t0
        let times = runtime.keyFrameTimes.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
        func pct(_ p: Double) -> Double { times.isEmpty ? 0 : times[min(times.count - 1, Int((Double(times.count) * p).rounded(.up)) - 1)] }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let first = runtime.firstFrameTime.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 } ?? 0
        let json = JSONValue.object([
            ("keys", .int(times.count)), ("first_frame_ms", .number((first * 100).rounded() / 100)),
            ("key_frame_p50_ms", .number((pct(0.5) * 100).rounded() / 100)), ("key_frame_p99_ms", .number((pct(0.99) * 100).rounded() / 100)),
            ("key_frame_max_ms", .number(((times.last ?? 0) * 100).rounded() / 100)),
            ("total_s", .number(Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18)),
            ("peak_rss_mb", .number(Double(usage.ru_maxrss) / 1024)),
            ("size", .string(size)),
        ])
        Terminal.out(json.text())
    }
}
