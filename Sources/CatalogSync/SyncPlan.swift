import CatalogCore
import CatalogFiles
import Wording

/// A commit on the remote that a sync would merge.
public struct IncomingCommit: Sendable {
    public var hash: String
    public var author: String
    public var date: String
    public var subject: String
    /// What it changes in the catalogue (compared with its first parent).
    public var changes: [EntityChange]
    /// Changes not read (a commit touching thousands of files is summarised).
    public var moreChanges: Int
}

/// What `scencat sync` would do, computed without changing the work tree, the index or any branch
/// (it may fetch: that only updates the remote-tracking branch).
public struct SyncPlan: Sendable {
    public var catalogRoot: String
    public var branch: String?
    public var upstream: CatalogRepository.Upstream?
    /// Whether a fetch ran and succeeded; the error when it failed (the plan then uses the last fetched state).
    public var fetched: Bool = false
    public var fetchError: String?
    /// Uncommitted changes in the catalogue.
    public var localChanges: [EntityChange] = []
    /// Commits on the branch not yet on the remote.
    public var outgoing: Int = 0
    /// Commits on the remote not yet on the branch, total (all paths), and those shown (touching the catalogue).
    public var behind: Int = 0
    public var incoming: [IncomingCommit] = []
    /// Conflicts a merge would meet (field-level three-way of the merge base, the work tree and the remote).
    public var predictedConflicts: [MergeConflict] = []
    /// A merge stopped earlier (conflicts to resolve, or ready to commit).
    public var mergeInProgress = false
    public var openConflicts: [MergeConflict] = []
    /// Per-file errors in the changed files: sync would refuse to start.
    public var problems: [Diagnostic] = []
    /// Files with errors that the remote has changed since: sync merges first and checks the result.
    public var healedByMerge: [String] = []
    /// Reasons sync cannot run now (detached HEAD, no identity, files in the way…).
    public var blockers: [String] = []
    /// The remote-tracking commit the plan compared with.
    public var theirs: String?

    public var hasWork: Bool {
        !localChanges.isEmpty || outgoing > 0 || behind > 0 || mergeInProgress
    }

    /// The plan as text, terraform style.
    public func lines(fieldLimit: Int = 40) -> [String] {
        var out: [String] = []
        let remote = upstream.map { $0.name } ?? Text.planNoRemote.text
        out.append(Text.planHeading(catalogRoot, branch ?? Text.syncPlanDetached.text, remote))
        if let fetchError { out.append(Text.planCouldNotFetch(fetchError)) }
        else if upstream != nil && !fetched { out.append(Text.planNotFetched.text) }
        out.append("")
        if mergeInProgress {
            out.append(openConflicts.isEmpty ? Text.planMergeNoConflict.text
                                             : Text.planMergeConflicts(openConflicts.count, openConflicts.count == 1 ? "" : "s"))
            for c in openConflicts { out += c.describe(limit: fieldLimit).enumerated().map { ($0.offset == 0 ? "  ! " : "  ") + $0.element } }
            out.append("")
        }
        if localChanges.isEmpty {
            out.append(Text.planLocalNone.text)
        } else {
            out.append(Text.planLocalChanges(localChanges.count))
            for c in localChanges { out += Self.describe(c, indent: "  ", fieldLimit: fieldLimit) }
        }
        out.append("")
        if upstream == nil {
            out.append(Text.planNoUpstream.text)
        } else if theirs == nil {
            out.append(Text.planRemoteMissing(remote))
        } else {
            if behind == 0 {
                out.append(Text.planIncomingNone(remote))
            } else {
                let outside = behind - incoming.count
                let outsideNote = outside > 0 ? Text.planOutsideCatalogue(outside) : ""
                out.append(Text.planIncoming(remote, behind, behind == 1 ? "" : "s", outsideNote))
                for commit in incoming {
                    out.append("  \(commit.hash.prefix(8)) \(commit.date) \(commit.author): \(commit.subject)")
                    for c in commit.changes { out += Self.describe(c, indent: "      ", fieldLimit: fieldLimit, brief: true) }
                    if commit.moreChanges > 0 { out.append(Text.planMoreFiles(commit.moreChanges)) }
                }
            }
            let outgoingNote = outgoing == 0 ? Text.planOutgoingNothing.text : Text.planOutgoingCommits(outgoing, outgoing == 1 ? "" : "s")
            out.append(Text.planOutgoing(outgoingNote))
        }
        if !predictedConflicts.isEmpty {
            out.append("")
            out.append(Text.planConflictsExpected(predictedConflicts.count))
            for c in predictedConflicts { out += c.describe(limit: fieldLimit).enumerated().map { ($0.offset == 0 ? "  ! " : "  ") + $0.element } }
        }
        if !healedByMerge.isEmpty {
            out.append("")
            out.append(Text.planHealedByMerge(remote, healedByMerge.map(Changes.visible).joined(separator: ", ")))
        }
        if !problems.isEmpty {
            out.append("")
            out.append(Text.planErrors.text)
            out += problems.filter { $0.severity == .error }.prefix(20).map { "  " + $0.formatted(prefix: catalogRoot) }
        }
        if !blockers.isEmpty {
            out.append("")
            out += blockers.map { "! \($0)" }
        }
        out.append("")
        out.append(summary)
        return out
    }

    /// The last line: what sync will do.
    public var summary: String {
        if !blockers.isEmpty || !problems.filter({ $0.severity == .error }).isEmpty { return Text.planCannotRun.text }
        if !openConflicts.isEmpty { return Text.planResolveFirst.text }
        var steps: [String] = []
        if mergeInProgress { steps.append(Text.planStepCommitMerge.text) }
        if !localChanges.isEmpty { steps.append(Text.planStepCommit(localChanges.count, localChanges.count == 1 ? "" : "s")) }
        if behind > 0 { steps.append(Text.planStepMerge(behind, behind == 1 ? "" : "s")) }
        if upstream != nil && (outgoing > 0 || !localChanges.isEmpty || mergeInProgress || (theirs == nil && branch != nil)) { steps.append(Text.planStepPush.text) }
        if steps.isEmpty { return Text.planNothing.text }
        var text = Text.planSteps(steps.joined(separator: Text.planStepSeparator.text))
        if !predictedConflicts.isEmpty { text += Text.planWillStop(predictedConflicts.count, predictedConflicts.count == 1 ? "" : "s") }
        return text
    }

    /// `~ scenario sz-port (深圳港…)` and a line per field `title: "旧" → "新"`.
    public static func describe(_ c: EntityChange, indent: String, fieldLimit: Int, brief: Bool = false) -> [String] {
        let mark = c.action == .added ? "+" : (c.action == .removed ? "-" : "~")
        var head = "\(indent)\(mark) \(c.label)"
        if let name = c.name, c.kind != nil { head += " (\(name))" }
        switch c.action {
        case .added: head += Text.planAdded.text
        case .removed: head += Text.planRemoved.text
        case .changed:
            if let u = c.unreadable { head += Text.planCannotRead(u) }
            else if c.fields.isEmpty { head += Text.planFormattingOnly.text }
            else if brief { head += ": " + c.fields.map { Names.fieldOrPath($0.key) }.joined(separator: ", ") }
        }
        var lines = [head]
        if !brief && c.action == .changed {
            for f in c.fields {
                lines.append("\(indent)    \(Names.fieldOrPath(f.key)): \(FieldDiff.text(f.old, limit: fieldLimit)) → \(FieldDiff.text(f.new, limit: fieldLimit))")
            }
        }
        return lines
    }
}

extension CatalogRepository {
    /// The empty tree's id: the "parent" of a root commit.
    static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    /// Uncommitted changes in the catalogue (work tree against HEAD), per file.
    public func localChanges(status entries: [StatusEntry]? = nil) throws -> [EntityChange] {
        let entries = try entries ?? status(pathspec)
        var paths: [String] = []
        for e in entries where !e.isUnmerged {
            guard let rel = catalogPath(e.path), !rel.hasPrefix(".scencat/") else { continue }
            paths.append(rel)
        }
        paths = Array(Set(paths)).sorted()
        if paths.isEmpty { return [] }
        let hasHead = git.commit("HEAD") != nil
        let old = hasHead ? try git.objects(paths.map { "HEAD:" + topPath($0) }) : Array(repeating: nil, count: paths.count)
        var out: [EntityChange] = []
        for (i, rel) in paths.enumerated() {
            let new = try? AtomicFile.read(diskPath(rel), limit: YAMLReader.maxFileSize * 2)
            if let c = Changes.change(path: rel, old: old[i], new: new) { out.append(c) }
        }
        return out
    }

    /// Changes in the catalogue between two commits, per file; at most `limit` read, the rest counted.
    public func changes(from a: String, to b: String, limit: Int = Int.max) throws -> (changes: [EntityChange], more: Int) {
        let paths = try changedPaths(from: a, to: b, pathspec: pathspec).compactMap { entry in catalogPath(entry.path) }
        let read = Array(paths.prefix(limit))
        if read.isEmpty { return ([], paths.count) }
        var specs: [String] = []
        for p in read { specs.append("\(a):\(topPath(p))"); specs.append("\(b):\(topPath(p))") }
        let blobs = try git.objects(specs)
        var out: [EntityChange] = []
        for (i, p) in read.enumerated() {
            if let c = Changes.change(path: p, old: blobs[2 * i], new: blobs[2 * i + 1]) { out.append(c) }
        }
        return (out, paths.count - read.count)
    }

    /// Fetches the remote; the error text when it fails.
    public func fetch(_ upstream: Upstream) -> String? {
        do {
            try run(["fetch", "--quiet", "--no-recurse-submodules", upstream.remote])
            return nil
        } catch let e as GitError {
            return Remote.explain(e.message)
        } catch {
            return "\(error)"
        }
    }

    /// The plan of a sync; `fetch` first fetches the remote (the only thing it changes: the
    /// remote-tracking branch).
    /// `catalogueErrors`: the whole catalogue's check (the index run sync itself starts with), so the
    /// plan says what sync will do about errors in files that are not local changes; nil looks at
    /// the local changes' errors only.
    public func plan(fetch: Bool, catalogueErrors: [Diagnostic]? = nil) throws -> SyncPlan {
        var plan = SyncPlan(catalogRoot: catalogRoot)
        let config = configuration()
        plan.branch = branch()
        if plan.branch == nil { plan.blockers.append(Blocker.detachedHead) }
        if let lock = lockFile() { plan.blockers.append(Blocker.locked(lock)) }
        if let other = otherOperationInProgress() { plan.blockers.append(Blocker.otherOperation(other)) }
        if identity(config) == nil { plan.blockers.append(Blocker.noIdentity) }
        if let b = plan.branch { plan.upstream = upstream(branch: b, config: config) }
        if fetch, let up = plan.upstream {
            plan.fetchError = self.fetch(up)
            plan.fetched = plan.fetchError == nil
        }
        let head = git.commit("HEAD")
        let allStatus = try status()
        let catalogueStatus = allStatus.filter { catalogPath($0.path) != nil }
        plan.mergeInProgress = mergeInProgress()
        if plan.mergeInProgress { plan.openConflicts = try openConflicts() }
        plan.localChanges = try localChanges(status: catalogueStatus)
        plan.problems = plan.localChanges.flatMap(\.errors)
        if let up = plan.upstream, let theirs = git.commit(up.trackingRef) {
            plan.theirs = theirs
            if let head {
                let (ahead, behind) = aheadBehind(theirs) ?? (0, 0)
                plan.outgoing = ahead
                plan.behind = behind
                if behind > 0 {
                    plan.incoming = try incomingCommits(head: head, theirs: theirs)
                    let dirtyOutside = allStatus.filter { catalogPath($0.path) == nil }.map(\.path)
                    let (conflicts, inTheWay) = try predictConflicts(head: head, theirs: theirs, local: plan.localChanges, dirtyOutside: dirtyOutside)
                    plan.predictedConflicts = conflicts
                    if !inTheWay.isEmpty { plan.blockers.append(Blocker.dirtyOutside(inTheWay)) }
                }
            } else {
                plan.behind = Int((try? run(["rev-list", "--count", theirs]))?.trimmingNewline() ?? "") ?? 0
            }
        } else if head != nil, plan.upstream != nil {
            plan.outgoing = Int((try? run(["rev-list", "--count", "HEAD"]))?.trimmingNewline() ?? "") ?? 0
        }
        if let errors = catalogueErrors?.filter({ $0.severity == .error }), !errors.isEmpty {
            let remoteChanged = try head.flatMap { h in try plan.theirs.map { try changedCatalogPaths(from: h, to: $0) } } ?? []
            let local = Set(plan.localChanges.map(\.path))
            if let files = Syncer.healedByMerge(errors: errors, localChanges: local, remoteChanged: remoteChanged) {
                plan.healedByMerge = files
            } else {
                plan.problems = errors
            }
        }
        return plan
    }

    /// Catalogue files (relative to it) that differ between two commits.
    func changedCatalogPaths(from a: String, to b: String) throws -> Set<String> {
        Set(try changedPaths(from: a, to: b, pathspec: pathspec).compactMap { catalogPath($0.path) })
    }

    /// Incoming commits that touch the catalogue, newest first, with what each changes (the first
    /// 50 commits and 200 files each in detail).
    func incomingCommits(head: String, theirs: String) throws -> [IncomingCommit] {
        let log = try run(["log", "--no-merges", "--format=%H%x1f%an%x1f%ad%x1f%s%x1e", "--date=short", "\(head)..\(theirs)", "--", pathspec])
        var out: [IncomingCommit] = []
        for record in log.split(separator: "\u{1E}") {
            let f = record.trimmingCharacters(in: "\n").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else { continue }
            var commit = IncomingCommit(hash: f[0], author: f[1], date: f[2], subject: f[3], changes: [], moreChanges: 0)
            if out.count < 50 {
                let parent = git.commit(f[0] + "^") ?? Self.emptyTree
                (commit.changes, commit.moreChanges) = try changes(from: parent, to: f[0], limit: 200)
            }
            out.append(commit)
        }
        return out
    }

    /// Field-level three-way of the merge base, the work tree and the remote for every catalogue file
    /// changed on both sides, without touching the work tree; and the dirty files outside the
    /// catalogue that the merge would touch.
    func predictConflicts(head: String, theirs: String, local: [EntityChange], dirtyOutside: [String]) throws -> ([MergeConflict], [String]) {
        guard let base = try? run(["merge-base", head, theirs]).trimmingNewline(), !base.isEmpty else {
            return ([], [])
        }
        let theirsPaths = try changedPaths(from: base, to: theirs).map(\.path)
        let theirsSet = Set(theirsPaths)
        let inTheWay = dirtyOutside.filter { theirsSet.contains($0) }.sorted()
        var ours = Set(try changedPaths(from: base, to: head, pathspec: pathspec).map(\.path))
        for c in local { ours.insert(topPath(c.path)) }
        let both = theirsPaths.filter { ours.contains($0) }.compactMap { catalogPath($0) }.sorted()
        if both.isEmpty { return ([], inTheWay) }
        var specs: [String] = []
        for p in both { specs.append("\(base):\(topPath(p))"); specs.append("\(theirs):\(topPath(p))") }
        let blobs = try git.objects(specs)
        var out: [MergeConflict] = []
        for (i, p) in both.enumerated() {
            let mine = try? AtomicFile.read(diskPath(p), limit: YAMLReader.maxFileSize * 2)
            let baseBytes = blobs[2 * i], theirBytes = blobs[2 * i + 1]
            if mine == theirBytes { continue }
            let conflict = MergeConflict(path: p, base: EntityVersion.read(baseBytes, path: p),
                                         ours: EntityVersion.read(mine, path: p), theirs: EntityVersion.read(theirBytes, path: p))
            if let m = conflict.merge, m.isClean { continue }
            if conflict.merge == nil, conflict.kind == nil, mine == baseBytes || theirBytes == baseBytes { continue }
            out.append(conflict)
        }
        return (out, inTheWay)
    }
}

/// Messages for states that stop a sync before it starts, in the language in effect.
enum Blocker {
    static var detachedHead: String { Text.syncBlockDetached.text }
    static var noIdentity: String { Text.syncBlockNoIdentity.text }
    static func locked(_ path: String) -> String { Text.syncBlockLocked(path) }
    static func otherOperation(_ what: String) -> String { Text.syncBlockOtherOperation(what) }
    static func dirtyOutside(_ paths: [String]) -> String {
        Text.syncBlockDirtyOutside(paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? ", …" : ""))
    }
}

/// Classifies what git says when talking to a remote fails.
enum Remote {
    static func explain(_ stderr: String) -> String {
        let text = stderr.lowercased()
        let first = stderr.split(separator: "\n").map { String($0.trimmingCharacters(in: " ")) }
            .first { !$0.isEmpty && !$0.hasPrefix("hint:") } ?? "git failed"
        if text.contains("authentication failed") || text.contains("permission denied") || text.contains("could not read username")
            || httpStatus(403, in: text) || httpStatus(401, in: text) || text.contains("access denied") || text.contains("terminal prompts disabled") {
            return Text.syncRemoteRefused(first)
        }
        if text.contains("could not resolve host") || text.contains("connection refused") || text.contains("timed out")
            || text.contains("does not appear to be a git repository") || text.contains("could not read from remote repository")
            || text.contains("unable to access") || text.contains("network is unreachable") || text.contains("no such file or directory") {
            return Text.syncRemoteUnreachable(first)
        }
        return first
    }

    /// Whether `code` stands alone in `text` (`error: 403`), not inside a path or an id: a temporary
    /// folder named `…-4013-…` is no refused credential.
    static func httpStatus(_ code: Int, in text: String) -> Bool {
        let digits = Array(String(code).utf8), bytes = Array(text.utf8)
        func isWordByte(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 45 || b == 95 || b == 47 }
        guard bytes.count >= digits.count else { return false }
        for i in 0...(bytes.count - digits.count) where bytes[i..<(i + digits.count)].elementsEqual(digits) {
            let before = i == 0 ? nil : bytes[i - 1], after = i + digits.count < bytes.count ? bytes[i + digits.count] : nil
            if !(before.map(isWordByte) ?? false) && !(after.map(isWordByte) ?? false) { return true }
        }
        return false
    }

    /// Whether a push failed because the remote has commits this branch does not (someone pushed first).
    static func isRejectedBehind(_ stderr: String) -> Bool {
        let t = stderr.lowercased()
        if t.contains("[rejected]") && (t.contains("non-fast-forward") || t.contains("fetch first") || t.contains("stale info")) { return true }
        if t.contains("[remote rejected]") && (t.contains("cannot lock ref") || t.contains("failed to update ref") || t.contains("but expected")) { return true }
        return false
    }
}
