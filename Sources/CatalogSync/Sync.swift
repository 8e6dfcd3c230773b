import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

/// A step of a sync, reported as it starts.
public enum SyncStep: String, Sendable, CaseIterable {
    case checking, committing, fetching, merging, indexing, pushing
}

public struct SyncProgress: Sendable {
    public var step: SyncStep
    public var message: String
}

/// What a sync did.
public struct SyncOutcome: Sendable {
    /// The commit of local changes, and its subject.
    public var localCommit: String?
    public var localSubject: String?
    /// A merge left open earlier (resolved conflicts, or an interrupted sync) that this run committed.
    public var completedMerge = false
    /// Incoming commits merged, and whether it was a fast-forward.
    public var mergedCommits = 0
    public var fastForward = false
    public var mergeSubject: String?
    /// Catalogue files the merge changed, and how many the index re-read.
    public var filesChangedByMerge = 0
    public var filesReindexed = 0
    /// Whether a push ran (and where to), and whether it needed a second attempt.
    public var pushed = false
    public var pushRetried = false
    public var remote: String?
    /// Warnings found while checking (the sync still ran).
    public var warnings: [Diagnostic] = []
    public var notes: [String] = []

    /// A few lines saying what happened.
    public var lines: [String] {
        var out: [String] = []
        let remote = remote ?? Text.syncTheRemote.text
        func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
        if completedMerge { out.append(Text.syncDoneCompletedMerge.text) }
        if let s = localSubject, let c = localCommit { out.append(Text.syncDoneCommitted(c.prefix(8), s)) }
        if mergedCommits > 0 {
            out.append(fastForward
                ? Text.syncDoneFastForward(remote, mergedCommits, plural(mergedCommits))
                : Text.syncDoneMerged(mergedCommits, plural(mergedCommits), remote, mergeSubject.map { ": \($0)" } ?? ""))
            out.append(Text.syncDoneReindexed(filesReindexed, filesChangedByMerge, plural(filesChangedByMerge)))
        }
        if pushed { out.append(Text.syncDonePushed(remote, pushRetried ? Text.syncDonePushRetried.text : "")) }
        out += notes
        if out.isEmpty { out.append(Text.syncDoneUpToDate.text) }
        return out
    }
}

/// `scencat sync`: check, commit local changes, fetch, merge (with the entity merge driver),
/// re-index what changed, validate, push. Each failure leaves nothing lost: local changes are
/// committed before anything is fetched, a merge with conflicts or errors stays open (uncommitted)
/// until it is resolved, and a rerun picks up where the last run stopped.
public struct Syncer {
    public let repo: CatalogRepository
    /// The scencat program the merge-driver wrapper records (see `Registration`); nil leaves the
    /// repository's configuration alone.
    public let driverCommand: String?
    /// The index to keep up to date (opened on the catalogue when nil).
    public let store: IndexStore?

    /// Whether sync may start on a catalogue with `errors`: when every file with an error is one
    /// the remote has changed since HEAD and the user has not changed, the merge may fix them
    /// (then the merged result is checked as a whole). Returns those files, or nil.
    public static func healedByMerge(errors: [Diagnostic], localChanges: Set<String>, remoteChanged: Set<String>) -> [String]? {
        let files = Set(errors.map(\.file))
        guard !files.isEmpty, files.allSatisfy({ remoteChanged.contains($0) && !localChanges.contains($0) }) else { return nil }
        return files.sorted()
    }

    /// Set when sync starts on errors a merge should fix: the merged catalogue is then checked whole.
    private final class RunFlags { var fullCheckAfterMerge = false }
    private let flags = RunFlags()

    public init(repo: CatalogRepository, driverCommand: String?, store: IndexStore? = nil) {
        self.repo = repo
        self.driverCommand = driverCommand
        self.store = store
    }

    /// What registration records for a scencat binary at `program`: its path, which the wrapper
    /// under `.git/` tries first (then scencat on PATH).
    public static func driverCommand(program: String) -> String { program }

    public func run(progress: (SyncProgress) -> Void = { _ in }) throws -> SyncOutcome {
        var outcome = SyncOutcome()
        progress(SyncProgress(step: .checking, message: Text.syncRunCheckingRepository.text))
        // No save from another scencat lands between the check, the commit and the merge.
        let lock = try WriteLock(catalogRoot: repo.catalogRoot)
        defer { lock.release() }
        let config = repo.configuration()
        if driverCommand != nil, let problem = Registration.problem(repo, config: config) {
            outcome.notes.append(Text.syncNoteDriverRegistered(problem.split(whereSeparator: { $0 == ";" || $0 == "；" }).first ?? ""))
        }
        try Registration.ensure(repo, driverCommand: driverCommand, config: config)
        guard let branch = repo.branch() else { throw SyncError(.environment, Blocker.detachedHead) }
        if let lock = repo.lockFile() { throw SyncError(.environment, Blocker.locked(lock)) }
        if let other = repo.otherOperationInProgress() { throw SyncError(.environment, Blocker.otherOperation(other)) }
        guard repo.identity(config) != nil else { throw SyncError(.environment, Blocker.noIdentity) }
        let store = try self.store ?? openStore()
        var dirtyOutside: [String] = []

        if repo.mergeInProgress() {
            let open = try repo.openConflicts()
            if !open.isEmpty { throw conflictError(open) }
            progress(SyncProgress(step: .indexing, message: Text.syncRunCheckingMerged.text))
            let report = try index(store, only: nil)
            outcome.warnings = report.diagnostics.filter { $0.severity == .warning }
            guard report.committed else { throw invalidMerge(report.diagnostics) }
            dirtyOutside = try repo.status().filter { repo.catalogPath($0.path) == nil && !$0.isUnmerged }.map(\.path)
            progress(SyncProgress(step: .committing, message: Text.syncRunCommittingMerge.text))
            try commitMerge(subject: nil)
            outcome.completedMerge = true
        } else {
            progress(SyncProgress(step: .checking, message: Text.syncRunCheckingCatalogue.text))
            let report = try index(store, only: nil)
            outcome.warnings = report.diagnostics.filter { $0.severity == .warning }
            // One look at the work tree: the catalogue's changes to commit, and the files outside it
            // that must not be in the way of the merge.
            let status = try repo.status()
            dirtyOutside = status.filter { repo.catalogPath($0.path) == nil }.map(\.path)
            let local = try repo.localChanges(status: status.filter { repo.catalogPath($0.path) != nil })
            if !report.committed {
                // Errors only in files the remote has changed since (a broken commit taken earlier,
                // fixed there meanwhile): merge first and check the result.
                let errors = report.diagnostics.filter { $0.severity == .error }
                guard let upstream = repo.upstream(branch: branch, config: config), repo.fetch(upstream) == nil,
                      let head = repo.git.commit("HEAD"), let theirs = repo.git.commit(upstream.trackingRef),
                      let files = Self.healedByMerge(errors: errors, localChanges: Set(local.map(\.path)),
                                                     remoteChanged: try repo.changedCatalogPaths(from: head, to: theirs)) else {
                    throw SyncError(.invalid, Text.syncErrCatalogueErrors(report.diagnostics.errorCount),
                                    diagnostics: errors)
                }
                flags.fullCheckAfterMerge = true
                outcome.notes.append(Text.syncNoteErrorsMergedFirst(upstream.name, files.joined(separator: ", ")))
            }
            if !local.isEmpty {
                progress(SyncProgress(step: .committing, message: Text.syncRunCommitting(local.count, local.count == 1 ? "" : "s")))
                let message = Changes.commitMessage(local)
                outcome.localCommit = try commitLocal(message: message)
                outcome.localSubject = Changes.summary(local)
            }
        }

        guard let upstream = repo.upstream(branch: branch, config: config) else {
            outcome.notes.append(Text.syncNoteNoRemote.text)
            return outcome
        }
        outcome.remote = upstream.name
        do {
            try exchange(upstream, branch: branch, store: store, dirtyOutside: dirtyOutside, outcome: &outcome, attempt: 1, progress: progress)
        } catch var e as SyncError {
            // Say what was done before the stop (a local commit is safe whatever happens next).
            let done = outcome.lines.filter { $0 != Text.syncDoneUpToDate.text }
            if !done.isEmpty { e.message = done.joined(separator: "; ") + "\n" + e.message }
            throw e
        }
        return outcome
    }

    /// Fetch, merge, push; once more when the push is rejected because the remote moved on.
    private func exchange(_ upstream: CatalogRepository.Upstream, branch: String, store: IndexStore, dirtyOutside: [String],
                          outcome: inout SyncOutcome, attempt: Int, progress: (SyncProgress) -> Void) throws {
        progress(SyncProgress(step: .fetching, message: Text.syncRunFetching(upstream.remote)))
        if let error = repo.fetch(upstream) {
            throw SyncError(.environment, Text.syncErrCannotFetch(upstream.remote, error,
                outcome.localCommit != nil ? Text.syncErrCommittedLocally.text : Text.syncErrNothingLost.text))
        }
        let theirs = repo.git.commit(upstream.trackingRef)
        if let theirs { try merge(theirs, upstream: upstream, store: store, dirtyOutside: dirtyOutside, outcome: &outcome, progress: progress) }

        let needsPush: Bool
        if let theirs = repo.git.commit(upstream.trackingRef) ?? theirs {
            needsPush = (repo.aheadBehind(theirs)?.ahead ?? 0) > 0
        } else {
            needsPush = repo.git.commit("HEAD") != nil
        }
        guard needsPush else { return }
        progress(SyncProgress(step: .pushing, message: Text.syncRunPushing(upstream.name)))
        var args = ["push", "--quiet"]
        if !upstream.tracked { args.append("--set-upstream") }
        args += [upstream.remote, "refs/heads/\(branch):refs/heads/\(upstream.branch)"]
        let out = try repo.output(args)
        if out.succeeded {
            outcome.pushed = true
            return
        }
        if Remote.isRejectedBehind(out.stderrText) {
            if attempt == 1 {
                outcome.pushRetried = true
                try exchange(upstream, branch: branch, store: store, dirtyOutside: dirtyOutside, outcome: &outcome, attempt: 2, progress: progress)
                return
            }
            throw SyncError(.environment, Text.syncErrPushRejectedTwice(upstream.name))
        }
        throw SyncError(.environment, Text.syncErrCannotPush(upstream.name, Remote.explain(out.stderrText)))
    }

    /// Merges the remote-tracking commit `theirs` into HEAD: fast-forward when HEAD has nothing of
    /// its own, else a merge that stops before committing, so that the result is validated first.
    private func merge(_ theirs: String, upstream: CatalogRepository.Upstream, store: IndexStore, dirtyOutside: [String],
                       outcome: inout SyncOutcome, progress: (SyncProgress) -> Void) throws {
        guard let head = repo.git.commit("HEAD") else {
            // A branch with no commit yet takes the remote's history as it is.
            try checkInTheWay(dirtyOutside, base: nil, theirs: theirs)
            progress(SyncProgress(step: .merging, message: Text.syncRunCheckingOut(upstream.name)))
            do { try repo.run(["merge", "--ff-only", "--quiet", theirs]) } catch let e as GitError { throw SyncError.git(e, Text.syncGitWhatTake(upstream.name)) }
            outcome.mergedCommits += Int((try? repo.run(["rev-list", "--count", theirs]).trimmingNewline()) ?? "") ?? 0
            outcome.fastForward = true
            try reindexAfterMerge(from: CatalogRepository.emptyTree, fastForward: true, store: store, outcome: &outcome, progress: progress)
            return
        }
        if repo.git.succeeds(["merge-base", "--is-ancestor", theirs, head]) { return } // nothing incoming
        let count = Int((try? repo.run(["rev-list", "--count", "\(head)..\(theirs)"]).trimmingNewline()) ?? "") ?? 0
        let base = (try? repo.run(["merge-base", head, theirs]).trimmingNewline()) ?? ""
        try checkInTheWay(dirtyOutside, base: base.isEmpty ? nil : base, theirs: theirs)
        let fastForward = repo.git.succeeds(["merge-base", "--is-ancestor", head, theirs])
        progress(SyncProgress(step: .merging, message: Text.syncRunMerging(count, count == 1 ? "" : "s", upstream.name)))
        let subject = "Merge \(upstream.name): " + Changes.summary(try shallowChanges(from: base.isEmpty ? CatalogRepository.emptyTree : base, to: theirs), verbPrefix: "")
        if fastForward {
            do { try repo.run(["merge", "--ff-only", "--quiet", theirs]) } catch let e as GitError { throw SyncError.git(e, Text.syncGitWhatUpdate(upstream.name)) }
        } else {
            let out = try repo.output(["merge", "--no-commit", "--no-ff", "-X", "no-renames", "-m", subject, theirs])
            if !out.succeeded {
                let open = try repo.openConflicts()
                if !open.isEmpty { throw conflictError(open) }
                if repo.mergeInProgress() {
                    throw SyncError(.environment, Text.syncErrMergeStopped(upstream.name, Remote.explain(out.stderrText + out.stdoutText)))
                }
                throw SyncError(.environment, Text.syncErrCannotMerge(upstream.name, Remote.explain(out.stderrText + out.stdoutText)))
            }
        }
        try reindexAfterMerge(from: head, fastForward: fastForward, store: store, outcome: &outcome, progress: progress)
        outcome.mergedCommits += count
        outcome.fastForward = fastForward
        outcome.mergeSubject = fastForward ? nil : subject
        if !fastForward {
            progress(SyncProgress(step: .committing, message: Text.syncRunCommittingMerge.text))
            try commitMerge(subject: subject)
        }
    }

    /// Re-indexes the catalogue files that differ from `from` (HEAD before the merge) and checks the
    /// result; errors leave the merge uncommitted.
    private func reindexAfterMerge(from: String, fastForward: Bool, store: IndexStore, outcome: inout SyncOutcome, progress: (SyncProgress) -> Void) throws {
        // What the merge changed: the index against HEAD for a merge that is not committed yet (no
        // look at the work tree: git just wrote it), the two commits for a fast-forward.
        let args = fastForward ? ["diff", "--name-only", "-z", "--no-renames", from, "HEAD", "--", repo.pathspec]
                               : ["diff", "--cached", "--name-only", "-z", "--no-renames", from, "--", repo.pathspec]
        let paths = try repo.run(args).split(separator: "\0").compactMap { p in repo.catalogPath(String(p)).map { (repo: String(p), catalog: $0) } }
        let changed = paths.map(\.catalog)
        outcome.filesChangedByMerge += changed.count
        progress(SyncProgress(step: .indexing, message: "re-indexing \(changed.count) changed file\(changed.count == 1 ? "" : "s")"))
        let taxonomyChanged = changed.contains { !$0.contains("/") || $0.hasPrefix("taxonomy/") }
        let report: IndexReport
        if taxonomyChanged || flags.fullCheckAfterMerge {
            report = try index(store, only: nil)
        } else {
            // What each entity file held at `from`, which the index recorded if the work tree was
            // indexed there: its text-index rows are then removed exactly (docs/0034).
            let entities = paths.filter { CatalogRepository.entityKind(of: $0.catalog) != nil }
            let blobs = (try? repo.git.objects(entities.map { "\(from):\($0.repo)" })) ?? []
            var previous: [String: [UInt8]] = [:]
            for (path, blob) in zip(entities, blobs) { if let blob { previous[path.catalog] = blob } }
            report = try index(store, only: entities.map(\.catalog), previous: previous)
        }
        outcome.filesReindexed += report.filesParsed
        outcome.warnings += report.diagnostics.filter { $0.severity == .warning }
        guard report.committed else {
            if fastForward {
                throw SyncError(.invalid, Text.syncErrRemoteHasErrors(report.diagnostics.errorCount),
                                diagnostics: report.diagnostics.filter { $0.severity == .error })
            }
            throw invalidMerge(report.diagnostics)
        }
    }

    /// Entity changes between two commits from paths alone (no file read): for commit subjects.
    private func shallowChanges(from a: String, to b: String) throws -> [EntityChange] {
        try repo.changedPaths(from: a, to: b, pathspec: repo.pathspec).compactMap { entry in
            guard let rel = repo.catalogPath(entry.path) else { return nil }
            let e = CatalogRepository.entityKind(of: rel)
            let action: EntityChange.Action = entry.status == "A" ? .added : (entry.status == "D" ? .removed : .changed)
            return EntityChange(path: rel, kind: e?.kind, id: e?.id, name: e?.id, action: action, fields: [], unreadable: nil)
        }
    }

    /// Refuses when files outside the catalogue have uncommitted changes that the incoming commits change too.
    private func checkInTheWay(_ dirty: [String], base: String?, theirs: String) throws {
        guard !dirty.isEmpty else { return }
        let incoming = Set(try repo.changedPaths(from: base ?? CatalogRepository.emptyTree, to: theirs).map(\.path))
        let inTheWay = dirty.filter { incoming.contains($0) }.sorted()
        if !inTheWay.isEmpty { throw SyncError(.environment, Blocker.dirtyOutside(inTheWay)) }
    }

    private func commitLocal(message: String) throws -> String {
        do {
            try repo.run(["add", "--all", "--", repo.pathspec])
            if repo.git.commit("HEAD") != nil, repo.git.succeeds(["diff", "--cached", "--quiet", "HEAD", "--", repo.pathspec]) {
                return repo.git.commit("HEAD") ?? "" // only changes git does not see (mode, ignored)
            }
            try repo.run(["commit", "--quiet", "-m", message, "--", repo.pathspec])
        } catch let e as GitError {
            throw SyncError.git(e, Text.syncGitWhatCommitLocal.text)
        }
        return repo.git.commit("HEAD") ?? ""
    }

    private func commitMerge(subject: String?) throws {
        do {
            var args = ["commit", "--quiet", "--no-edit"]
            if let subject { args += ["-m", subject] }
            try repo.run(args)
        } catch let e as GitError {
            throw SyncError.git(e, Text.syncGitWhatCommitMerge.text)
        }
    }

    private func openStore() throws -> IndexStore {
        do { return try IndexStore(catalogRoot: repo.catalogRoot) } catch {
            throw SyncError(.environment, Text.syncErrCannotOpenIndex(repo.catalogRoot, ErrorWording.shown(error)))
        }
    }

    private func index(_ store: IndexStore, only: [String]?, previous: [String: [UInt8]] = [:]) throws -> IndexReport {
        do { return try Indexer(root: repo.catalogRoot, store: store).run(only: only, previous: previous) } catch {
            throw SyncError(.environment, Text.syncErrIndexingFailed(ErrorWording.shown(error)))
        }
    }

    private func conflictError(_ open: [MergeConflict]) -> SyncError {
        SyncError(.conflict, Text.syncErrConflictsOpen(open.count, open.count == 1 ? "" : "s"), conflicts: open)
    }

    private func invalidMerge(_ diags: [Diagnostic]) -> SyncError {
        SyncError(.invalid, Text.syncErrMergedHasErrors(diags.errorCount),
                  diagnostics: diags.filter { $0.severity == .error })
    }
}
