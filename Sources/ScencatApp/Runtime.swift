import CatalogCore
import CatalogFiles
import CatalogIndex
import Dispatch
import Foundation
import Synchronization
import TerminalKit
import Wording

/// Actions posted from background work (indexing) to the UI loop.
final class Inbox: Sendable {
    private let queue = Mutex<[Action]>([])
    func post(_ action: Action) { queue.withLock { $0.append(action) } }
    func drain() -> [Action] { queue.withLock { q in defer { q.removeAll() }; return q } }
}

/// A flag shared with a background job.
final class SharedFlag: Sendable {
    private let value = Mutex(false)
    func withLock<R>(_ body: (inout Bool) -> R) -> R { value.withLock { body(&$0) } }
}

/// The loop that ties it together: reads keys from the backend, runs `Update.update`, performs
/// the effects, and draws `Render.frame` — the only code that talks to a `Backend`.
public final class Runtime {
    public private(set) var state: AppState
    let backend: Backend
    let runner: EffectRunner
    let indexer: Indexer
    let inbox = Inbox()
    /// How long each key took from arrival to its frame being drawn (for `bench-ui`).
    public private(set) var keyFrameTimes: [Duration] = []
    /// Time from `init` to the first frame drawn.
    public private(set) var firstFrameTime: Duration?
    private let started = ContinuousClock.now

    public init(backend: Backend, store: IndexStore, layout: CatalogLayout) {
        self.backend = backend
        runner = EffectRunner(store: store, layout: layout)
        indexer = Indexer(root: layout.root, store: store)
        state = AppState(size: backend.size)
        state.header.branch = GitInfo.branch(near: layout.root)
        // A damaged journal was set aside when the store opened: the lost undo history is said.
        if let note = runner.entities?.journalNoteCoded { state.message = note.shown }
    }

    /// Today's date (YYYY-MM-DD, local time); tests set a fixed one.
    public var today: @Sendable () -> String = { Journal.today() }

    /// The folder scencat was started in (exports and imports are relative to it); tests set one.
    public var startDirectory = FileManager.default.currentDirectoryPath

    /// One action through `update`, with the date read here rather than inside `update`.
    private func step(_ action: Action) -> [Effect] {
        state.today = today()
        state.startDirectory = startDirectory
        return Update.update(&state, action)
    }

    /// The external editor's command (`$VISUAL`, `$EDITOR`, else `vi`), split like a shell would.
    public var editorCommand: [String] = ExternalEditor.command(environment: ProcessEnvironment.current())

    var isIndexing: Bool { indexing.withLock { $0 } }
    private let indexing = SharedFlag()
    /// Sync work running in the background (SyncEffects.swift).
    let syncJobs = SyncJobs()
    /// Background work of any kind: scripted runs wait for it.
    var isBusy: Bool { isIndexing || syncJobs.isBusy }

    /// Runs until the user quits. With `untilIdle`, returns as soon as no key is waiting and no
    /// background work is running (scripted runs: tests and `bench-ui`).
    public func run(refreshIndex: Bool = true, untilIdle: Bool = false) {
        perform(Update.start(&state))
        draw()
        if firstFrameTime == nil { firstFrameTime = ContinuousClock.now - started }
        if refreshIndex { startIndexing() }
        _ = startSyncJob(.status)
        while !state.quit {
            let posted = inbox.drain()
            if !posted.isEmpty {
                for a in posted { perform(step(a)) }
                draw()
            }
            // Short waits: results posted by background work are drawn within a fifth of a second.
            let key = backend.readKey(timeoutMs: isBusy ? 50 : (untilIdle ? 0 : 200))
            guard let key else {
                if untilIdle && !isBusy && inboxIsEmpty() { break }
                if !untilIdle { checkForChangesWhenIdle() }
                // A backend that doesn't wait (TestBackend) must not spin while indexing runs.
                if isBusy { usleep(2_000) }
                continue
            }
            let t0 = ContinuousClock.now
            let shown = (tab: state.tab, layers: state.layers.count)
            send(.key(key))
            draw()
            keyFrameTimes.append(ContinuousClock.now - t0)
            if state.tab != shown.tab || state.layers.count < shown.layers { screenClosed() }
        }
    }

    /// A tab was left or a layer closed: what its queries held is given back, after its
    /// successor was drawn (docs/0025). Not while background work reads the index.
    func screenClosed() {
        guard !isBusy else { return }
        runner.store.releaseMemory()
        MemoryRelease.heap()
    }

    private func inboxIsEmpty() -> Bool {
        let pending = inbox.drain()
        for a in pending { perform(step(a)) }
        if !pending.isEmpty { draw() }
        return pending.isEmpty
    }

    /// Feeds one action through update and its effects (tests drive the app with this too).
    public func send(_ action: Action) {
        perform(step(action))
    }

    func perform(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            if case .refreshIndex = effect {
                startIndexing()
                continue
            }
            if case .sync(let job) = effect, startSyncJob(job) { continue }
            if case .publications(let job) = effect, startPublicationsJob(job) { continue }
            if case .sheets(let job) = effect, startSheetsJob(job) { continue }
            if case .edit(.runEditor(let document, let text)) = effect {
                queue += step(runEditor(document, text: text))
                continue
            }
            for action in runner.run(effect) {
                queue += step(action)
            }
        }
    }

    func draw() {
        let frame = Render.frame(state)
        backend.draw(frame)
    }

    /// Re-indexes changed files on a background thread, reporting progress to the UI loop.
    func startIndexing() {
        guard !isIndexing else { return }
        indexing.withLock { $0 = true }
        let indexer = self.indexer
        let inbox = self.inbox
        let indexing = self.indexing
        inbox.post(.indexProgress(done: 0, total: 0))
        let language = Wording.language
        DispatchQueue.global().async { Wording.$taskLanguage.withValue(language) {
            var diagnostics: [Diagnostic] = []
            var committed = false
            var pending = 0
            do {
                let report = try indexer.run(progress: { d, t in inbox.post(.indexProgress(done: d, total: t)) })
                diagnostics = report.diagnostics
                committed = report.committed
                if !committed { pending = (try? indexer.pendingChanges().changed.count) ?? 0 }
            } catch {
                diagnostics = [.error(".scencat", .start, Text.indexingFailed(error))]
            }
            inbox.post(.indexFinished(diagnostics: diagnostics, committed: committed, pendingFiles: pending))
            indexing.withLock { $0 = false }
            // The scan's lists were freed in this thread's malloc arena, which keeps them otherwise.
            MemoryRelease.heap()
        } }
    }

    private var lastChangeCheck = ContinuousClock.now
    private let checking = SharedFlag()

    /// While the user reads, looks every few seconds (in the background) for files changed on disk
    /// since indexing — by a text editor, a git pull — so the header can say so (r re-indexes).
    func checkForChangesWhenIdle() {
        guard !isIndexing, !checking.withLock({ $0 }), ContinuousClock.now - lastChangeCheck > .seconds(5) else { return }
        lastChangeCheck = ContinuousClock.now
        checking.withLock { $0 = true }
        let indexer = self.indexer
        let inbox = self.inbox
        let checking = self.checking
        DispatchQueue.global().async {
            if let pending = try? indexer.pendingChanges() {
                inbox.post(.pendingChecked(pending.changed.count + pending.removed.count))
            }
            checking.withLock { $0 = false }
            MemoryRelease.heap()
        }
    }

    /// Waits for background indexing to finish and applies what it reported (tests).
    public func settle() {
        while isBusy { usleep(5_000) }
        for a in inbox.drain() { perform(step(a)) }
        draw()
    }
}

#if canImport(Glibc)
import Glibc
#endif
