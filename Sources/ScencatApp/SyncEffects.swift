import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSync
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
import Wording
#endif

/// The merge-driver command for this process, when it is the scencat binary (a test runner
/// hosting the UI must not register itself as git's merge driver).
enum SyncDriver {
    static func command() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return AtomicFile.basename(of: path) == "scencat" ? Syncer.driverCommand(program: path) : nil
    }
}

extension EffectRunner {
    /// Runs sync work here and now (the runtime moves the long parts off the UI loop first).
    func performSync(_ effect: SyncEffect, progress: @escaping (String) -> Void = { _ in }) -> [Action] {
        do {
            let repo = try CatalogRepository.open(catalogRoot: layout.root)
            switch effect {
            case .plan(let fetch):
                return [.sync(.planned(try repo.plan(fetch: fetch)))]
            case .run:
                let syncer = Syncer(repo: repo, driverCommand: SyncDriver.command(), store: store)
                let outcome = try syncer.run { progress($0.message) }
                return [.sync(.finished(outcome))]
            case .status:
                let counts = repo.aheadBehind()
                return [.sync(.status(ahead: counts?.ahead, behind: counts?.behind))]
            case .loadConflicts:
                return [.sync(.conflictsLoaded(try repo.openConflicts()))]
            case .resolve(let path, let choice):
                guard let conflict = try repo.openConflict(path) else {
                    return [.sync(.conflictsLoaded(try repo.openConflicts())), .sync(.failed(Text.syncNoOpenConflict(path)))]
                }
                let diagnostics = try repo.resolve(conflict, choice)
                return [.sync(.resolved(path: path, left: try repo.openConflicts(), diagnostics: diagnostics))]
            }
        } catch let e as SyncError {
            switch effect {
            case .run:
                return [.sync(.stopped(message: e.message, diagnostics: e.diagnostics, conflicts: e.conflicts, code: e.code.rawValue))]
            case .status:
                return [.sync(.status(ahead: nil, behind: nil))]
            default:
                return [.sync(.failed(e.message))]
            }
        } catch {
            if case .status = effect { return [.sync(.status(ahead: nil, behind: nil))] }
            return [.sync(.failed("\(error)"))]
        }
    }
}

extension Runtime {
    /// Starts sync work that may take long (fetching, planning, the sync itself, the header's
    /// counts) in the background, one job after the other, posting progress and results to the UI
    /// loop. Returns false for quick work, which the effect runner does in place.
    func startSyncJob(_ effect: SyncEffect) -> Bool {
        switch effect {
        case .plan, .run, .status: break
        case .loadConflicts, .resolve: return false
        }
        let inbox = self.inbox
        let runner = self.runner
        let indexer = self.indexer
        syncJobs.submit {
            let actions = runner.performSync(effect) { message in inbox.post(.sync(.progress(message))) }
            if case .run = effect {
                // What sync merged is in the index already; this refresh reloads what the screens show.
                var diagnostics: [Diagnostic] = []
                var committed = false
                if let report = try? indexer.run() {
                    diagnostics = report.diagnostics
                    committed = report.committed
                }
                inbox.post(.indexFinished(diagnostics: diagnostics, committed: committed, pendingFiles: 0))
                // The header's counts after the sync.
                for a in runner.performSync(.status) { inbox.post(a) }
            }
            for a in actions { inbox.post(a) }
        }
        return true
    }
}

/// Sync work in the background, one job at a time in the order asked (a plan asked for while the
/// header's counts are being read waits for them), with a count the UI loop can wait on.
final class SyncJobs: Sendable {
    private let pending = Mutex(0)
    private let queue = DispatchQueue(label: "scencat.sync")

    var isBusy: Bool { pending.withLock { $0 > 0 } }

    /// Runs `work` after the jobs before it; the count drops only after `work` posted its results.
    func submit(_ work: @escaping @Sendable () -> Void) {
        pending.withLock { $0 += 1 }
        // The work's texts (the plan, progress) in the language of the screen that asked for it.
        let language = Wording.language
        queue.async {
            Wording.$taskLanguage.withValue(language) { work() }
            self.pending.withLock { $0 -= 1 }
        }
    }
}
