import CatalogCore
import CatalogFiles
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// A catalogue folder inside a git work tree. The catalogue may sit at any depth (the project's own
/// `Catalog/` is inside the project's repository): every operation on the catalogue is limited to
/// its folder with a pathspec, and git always runs at the top of the work tree so that paths in its
/// output are relative to the top.
public struct CatalogRepository: Sendable {
    /// The catalogue folder as the user named it (for messages).
    public let catalogRoot: String
    /// The top of the work tree (absolute).
    public let top: String
    /// This work tree's git directory (absolute): HEAD, MERGE_HEAD, the index and its lock live here.
    public let gitDir: String
    /// The catalogue folder relative to the top, with a trailing slash, or "" when it is the top.
    public let prefix: String
    /// git, run at the top, with literal pathspecs (a folder named `a*b` means itself).
    public let git: Git

    /// Opens the repository holding `catalogRoot`; environment errors when git is missing or the
    /// folder is not inside a work tree.
    public static func open(catalogRoot: String, program: String = "git", environment: [String: String?] = [:]) throws -> CatalogRepository {
        var st = stat()
        guard stat(catalogRoot, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw SyncError(.environment, Text.syncErrNoFolder(catalogRoot))
        }
        let probe = Git(directory: catalogRoot, program: program, environment: environment)
        let out: ProcessOutput
        do {
            out = try probe.output(["rev-parse", "--show-toplevel", "--show-prefix", "--absolute-git-dir"])
        } catch let e as ProcessLaunchError {
            throw SyncError(.environment, Text.syncGitNeededToSync(e.reason))
        }
        guard out.succeeded else {
            if out.stderrText.contains("not a git repository") {
                throw SyncError(.environment, Text.syncErrNotInGit(catalogRoot))
            }
            throw SyncError(.environment, "cannot read the git repository at \(catalogRoot): \(out.stderrText.trimmingNewline())")
        }
        let lines = out.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, !lines[0].isEmpty else {
            throw SyncError(.environment, Text.syncErrInGitDir(catalogRoot))
        }
        return CatalogRepository(catalogRoot: catalogRoot, top: lines[0], prefix: lines[1], gitDir: lines[2], git: probe)
    }

    init(catalogRoot: String, top: String, prefix: String, gitDir: String, git probe: Git) {
        self.catalogRoot = catalogRoot
        self.top = top
        self.prefix = prefix
        self.gitDir = gitDir
        var git = probe
        git.directory = top
        self.git = git
    }

    /// The pathspec that limits a git command to the catalogue.
    public var pathspec: String { prefix.isEmpty ? "." : prefix }

    /// The extra environment every catalogue command gets.
    static let literal: [String: String?] = ["GIT_LITERAL_PATHSPECS": "1"]

    @discardableResult
    public func run(_ arguments: [String], input: [UInt8]? = nil) throws -> String {
        try git.run(arguments, input: input, environment: Self.literal)
    }

    public func output(_ arguments: [String], input: [UInt8]? = nil) throws -> ProcessOutput {
        try git.output(arguments, input: input, environment: Self.literal)
    }

    /// A catalogue-relative path as git names it (relative to the top).
    public func topPath(_ relative: String) -> String { prefix + relative }

    /// The catalogue-relative form of a top-relative path, or nil outside the catalogue.
    public func catalogPath(_ topPath: String) -> String? {
        if prefix.isEmpty { return topPath }
        return topPath.hasPrefix(prefix) ? String(topPath.dropFirst(prefix.count)) : nil
    }

    /// A file of the catalogue on disk (for reading and writing).
    public func diskPath(_ relative: String) -> String { CatalogLayout(root: catalogRoot).path(relative) }

    // MARK: State

    /// The git directory (absolute), where MERGE_HEAD and the local configuration live.
    public func gitPath(_ name: String) -> String? {
        guard let out = try? git.output(["rev-parse", "--git-path", name]), out.succeeded else { return nil }
        let p = out.stdoutText.trimmingNewline()
        return p.hasPrefix("/") ? p : top + "/" + p
    }

    /// A file of the git directory exists (read without running git: cheap enough for every check).
    func gitFileExists(_ name: String) -> Bool { access(gitDir + "/" + name, F_OK) == 0 }

    /// The branch HEAD is on, or nil when HEAD is detached.
    public func branch() -> String? {
        if let bytes = try? AtomicFile.read(gitDir + "/HEAD", limit: 4096) {
            let head = String(decoding: bytes, as: UTF8.self).trimmingNewline()
            if head.hasPrefix("ref: refs/heads/") { return String(head.dropFirst(16)) }
            if head.hasPrefix("ref: ") { return nil }
            return nil // a commit id: detached
        }
        guard let out = try? git.output(["symbolic-ref", "--quiet", "--short", "HEAD"]), out.succeeded else { return nil }
        return out.stdoutText.trimmingNewline()
    }

    /// Whether a merge is in progress (MERGE_HEAD exists).
    public func mergeInProgress() -> Bool { gitFileExists("MERGE_HEAD") }

    /// git's configuration as it applies here (every scope), read in one run.
    public func configuration() -> [String: String] {
        guard let out = try? git.output(["config", "--list", "-z"]), out.succeeded else { return [:] }
        var values: [String: String] = [:]
        for entry in out.stdoutText.split(separator: "\0", omittingEmptySubsequences: true) {
            if let nl = entry.firstIndex(of: "\n") {
                values[String(entry[..<nl])] = String(entry[entry.index(after: nl)...])
            } else {
                values[String(entry)] = "true" // a key without a value is a true boolean
            }
        }
        return values
    }

    /// Another operation git has in progress that sync must not run into (rebase, cherry-pick…).
    public func otherOperationInProgress() -> String? {
        let checks: [(String, String)] = [("rebase-merge", "a rebase"), ("rebase-apply", "a rebase or git am"),
                                          ("CHERRY_PICK_HEAD", "a cherry-pick"), ("REVERT_HEAD", "a revert"), ("BISECT_LOG", "a bisect")]
        for (name, what) in checks where gitFileExists(name) { return what }
        return nil
    }

    /// A lock file a killed git left behind (or a git process running now).
    public func lockFile() -> String? {
        gitFileExists("index.lock") ? gitDir + "/index.lock" : nil
    }

    /// The identity commits are made with, or nil when git has none configured.
    public func identity(_ config: [String: String]? = nil) -> (name: String, email: String)? {
        var env = ProcessEnvironment.current()
        for (k, v) in git.extraEnvironment { env[k] = v }
        let config = config ?? configuration()
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        let name = nonEmpty(env["GIT_AUTHOR_NAME"]) ?? config["user.name"]
        let email = nonEmpty(env["GIT_AUTHOR_EMAIL"]) ?? config["user.email"] ?? nonEmpty(env["EMAIL"])
        guard let name, !name.isEmpty, let email, !email.isEmpty else { return nil }
        // Committer falls back to the same configuration.
        return (name, email)
    }

    // MARK: Remote

    /// Where the current branch syncs with.
    public struct Upstream: Sendable, Equatable {
        /// The remote's name (`origin`).
        public var remote: String
        /// The branch on the remote (`main`).
        public var branch: String
        /// Whether the branch is configured to track it (otherwise the first push sets it).
        public var tracked: Bool
        /// The remote-tracking ref (`refs/remotes/origin/main`).
        public var trackingRef: String { "refs/remotes/\(remote)/\(branch)" }
        /// How people write it (`origin/main`).
        public var name: String { "\(remote)/\(branch)" }
    }

    /// The remote branch for `branch`: its configured upstream, else the same name on `origin` (or
    /// the only remote). Nil when the repository has no remote at all.
    public func upstream(branch: String, config: [String: String]? = nil) -> Upstream? {
        let config = config ?? configuration()
        if let remote = config["branch.\(branch).remote"], remote != ".",
           let merge = config["branch.\(branch).merge"] {
            let name = merge.hasPrefix("refs/heads/") ? String(merge.dropFirst(11)) : merge
            return Upstream(remote: remote, branch: name, tracked: true)
        }
        // Remotes are the `remote.NAME.url` keys.
        let remotes = config.keys.filter { $0.hasPrefix("remote.") && $0.hasSuffix(".url") }
            .map { String($0.dropFirst(7).dropLast(4)) }.sorted()
        guard let remote = remotes.contains("origin") ? "origin" : (remotes.count == 1 ? remotes[0] : nil) else { return nil }
        return Upstream(remote: remote, branch: branch, tracked: false)
    }

    /// Commits on HEAD not on `ref`, and on `ref` not on HEAD (`rev-list --left-right --count`):
    /// cheap enough for a header.
    public func aheadBehind(_ ref: String) -> (ahead: Int, behind: Int)? {
        guard let out = try? git.output(["rev-list", "--left-right", "--count", "HEAD...\(ref)", "--"]), out.succeeded else { return nil }
        let parts = out.stdoutText.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\n" })
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        return (a, b)
    }

    /// Ahead/behind of the current branch against its remote branch, as last fetched; nil without one.
    public func aheadBehind() -> (ahead: Int, behind: Int)? {
        guard let b = branch(), let up = upstream(branch: b), git.commit(up.trackingRef) != nil else { return nil }
        return aheadBehind(up.trackingRef)
    }

    // MARK: Files

    /// One entry of `git status`.
    public struct StatusEntry: Sendable, Equatable {
        /// Index and work-tree status letters (`M`, `A`, `D`, `?`, `U`…).
        public var x: Character
        public var y: Character
        /// Relative to the top of the work tree.
        public var path: String
        public var isUnmerged: Bool {
            x == "U" || y == "U" || (x == "A" && y == "A") || (x == "D" && y == "D")
        }
    }

    /// `git status` of `pathspec` (untracked files one by one, ignored files left out, no rename pairing).
    public func status(_ pathspec: String? = nil) throws -> [StatusEntry] {
        var args = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]
        if let pathspec { args += ["--", pathspec] }
        let text = try run(args)
        return text.split(separator: "\0", omittingEmptySubsequences: true).compactMap { entry in
            let chars = Array(entry)
            guard chars.count > 3 else { return nil }
            return StatusEntry(x: chars[0], y: chars[1], path: String(entry.dropFirst(3)))
        }
    }

    /// Paths changed between two commits (top-relative), with their status letter, limited to `pathspec`.
    public func changedPaths(from a: String, to b: String, pathspec: String? = nil) throws -> [(status: Character, path: String)] {
        var args = ["diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", a, b]
        if let pathspec { args += ["--", pathspec] }
        let text = try run(args)
        let parts = text.split(separator: "\0", omittingEmptySubsequences: true)
        var out: [(Character, String)] = []
        var i = 0
        while i + 1 < parts.count {
            out.append((parts[i].first ?? "M", String(parts[i + 1])))
            i += 2
        }
        return out
    }

    /// Unmerged paths (top-relative) with the stages present: 1 base, 2 ours, 3 theirs.
    public func unmergedPaths() throws -> [(path: String, stages: Set<Int>)] {
        let text = try run(["ls-files", "--unmerged", "-z", "--", pathspec])
        var stages: [String: Set<Int>] = [:]
        var order: [String] = []
        for entry in text.split(separator: "\0", omittingEmptySubsequences: true) {
            // "<mode> <object> <stage>\t<path>"
            guard let tab = entry.firstIndex(of: "\t") else { continue }
            let meta = entry[..<tab].split(separator: " ")
            let path = String(entry[entry.index(after: tab)...])
            guard meta.count == 3, let stage = Int(meta[2]) else { continue }
            if stages[path] == nil { order.append(path) }
            stages[path, default: []].insert(stage)
        }
        return order.map { ($0, stages[$0]!) }
    }

    /// Whether `path` (catalogue-relative) is an entity file: `scenarios/<id>.yaml` and the like.
    public static func entityKind(of relative: String) -> (kind: EntityKind, id: String)? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasSuffix(".yaml"), let kind = EntityKind(directory: String(parts[0])) else { return nil }
        return (kind, String(parts[1].dropLast(5)))
    }
}
