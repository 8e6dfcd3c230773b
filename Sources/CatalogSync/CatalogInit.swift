import CatalogCore
import CatalogFiles
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// `scencat init`: a new catalogue in a git repository, or the sync set-up added to a clone.
public enum CatalogInit {
    public struct Report: Sendable {
        /// Catalogue-relative paths written.
        public var created: [String] = []
        /// The repository's top folder, and whether this run created it.
        public var top: String = ""
        public var createdRepository = false
        /// The first commit, when an identity was there to make it.
        public var commit: String?
        public var notes: [String] = []
    }

    /// Folders of a catalogue that start empty (kept in git by a `.gitkeep`).
    static let folders = ["scenarios", "models", "centers", "keys", "publications"]

    /// Creates a catalogue in `directory` (which must not exist or be empty) and a git repository for
    /// it — unless the folder is already inside one, which then holds the catalogue.
    public static func create(at directory: String, name: String, owner: String, driverCommand: String?,
                              uiLanguage: InterfaceLanguage? = nil, environment: [String: String?] = [:]) throws -> Report {
        var st = stat()
        if stat(directory, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw SyncError(.environment, Text.syncInitNotFolder(directory)) }
            guard isEmptyDirectory(directory) else {
                throw SyncError(.environment, Text.syncInitNotEmpty(directory))
            }
        }
        do { try AtomicFile.makeDirectories(directory) } catch {
            throw SyncError(.environment, Text.syncInitCannotCreate(directory, ErrorWording.shown(error)))
        }
        var report = Report()
        let git = Git(directory: directory, environment: environment)
        let inside: Bool
        do {
            let out = try git.output(["rev-parse", "--show-toplevel"])
            inside = out.succeeded
        } catch let e as ProcessLaunchError {
            throw SyncError(.environment, Text.syncGitNeeded(e.reason))
        }
        if !inside {
            try initRepository(git)
            report.createdRepository = true
        }
        report.created = try writeSkeleton(directory, name: name, owner: owner, uiLanguage: uiLanguage, full: true)
        let repo = try CatalogRepository.open(catalogRoot: directory, environment: environment)
        report.top = repo.top
        try Registration.ensure(repo, driverCommand: driverCommand)
        if repo.identity() != nil {
            do {
                try repo.run(["add", "--all", "--", repo.pathspec])
                try repo.run(["commit", "--quiet", "-m", "Create catalogue \(name)", "--", repo.pathspec])
                report.commit = repo.git.commit("HEAD")
            } catch let e as GitError {
                report.notes.append(Text.syncInitNotCommitted(SyncError.git(e, Text.syncGitWhatCommit.text).message))
            }
        } else {
            report.notes.append(Text.syncInitNoIdentity.text)
        }
        if !inside { report.notes.append(Text.syncInitAddRemote(directory)) }
        return report
    }

    /// Adds the sync set-up to a catalogue folder inside an existing clone: `.gitattributes` routing
    /// entity files to the merge driver, `.gitignore` for `.scencat/`, the driver in the clone's
    /// configuration; and the catalogue's files when the folder has none yet. Commits nothing: the
    /// next `scencat sync` commits what was added.
    ///
    /// With `initGit`, a folder that is not inside a repository gets one (`git init`) first.
    public static func here(_ directory: String, name: String, owner: String, driverCommand: String?,
                            initGit: Bool = false, uiLanguage: InterfaceLanguage? = nil, environment: [String: String?] = [:]) throws -> Report {
        var st = stat()
        let existed = stat(directory, &st) == 0
        if !existed {
            do { try AtomicFile.makeDirectories(directory) } catch { throw SyncError(.environment, Text.syncInitCannotCreate(directory, ErrorWording.shown(error))) }
        }
        var madeRepository = false
        if initGit, !(try isInsideRepository(directory, environment: environment)) {
            try initRepository(Git(directory: directory, environment: environment))
            madeRepository = true
        }
        let repo: CatalogRepository
        do { repo = try CatalogRepository.open(catalogRoot: directory, environment: environment) } catch {
            if !existed { rmdir(directory) }
            throw error
        }
        var report = Report()
        report.top = repo.top
        report.createdRepository = madeRepository
        let layout = CatalogLayout(root: directory)
        report.created = try writeSkeleton(directory, name: name, owner: owner, uiLanguage: uiLanguage, full: !layout.exists)
        try Registration.ensure(repo, driverCommand: driverCommand)
        if report.created.isEmpty { report.notes.append(Text.syncInitAlreadySetUp.text) }
        else { report.notes.append(Text.syncInitSyncCommits.text) }
        return report
    }

    /// Whether `directory` is inside a git work tree.
    public static func isInsideRepository(_ directory: String, environment: [String: String?] = [:]) throws -> Bool {
        do {
            return try Git(directory: directory, environment: environment).output(["rev-parse", "--show-toplevel"]).succeeded
        } catch let e as ProcessLaunchError {
            throw SyncError(.environment, Text.syncGitNeeded(e.reason))
        }
    }

    /// `git init` in the folder, on branch main unless git is configured otherwise.
    static func initRepository(_ git: Git) throws {
        var args = ["init", "--quiet"]
        if git.config("init.defaultBranch") == nil { args += ["--initial-branch", "main"] }
        do { try git.run(args) } catch let e as GitError { throw SyncError.git(e, Text.syncGitWhatCreateRepository.text) }
    }

    /// Writes what is missing; `full` also writes catalog.yaml (with `ui_language` when given) and the taxonomies.
    static func writeSkeleton(_ directory: String, name: String, owner: String, uiLanguage: InterfaceLanguage? = nil, full: Bool) throws -> [String] {
        let layout = CatalogLayout(root: directory)
        var created: [String] = []
        func write(_ relative: String, _ text: String) throws {
            let path = layout.path(relative)
            try AtomicFile.makeDirectories(AtomicFile.directory(of: path))
            try AtomicFile.write(text, to: path)
            created.append(relative)
        }
        func exists(_ relative: String) -> Bool { access(layout.path(relative), F_OK) == 0 }
        do {
            if full {
                let info = CatalogInfo(name: name, owner: owner, format: 1, uiLanguage: uiLanguage)
                try write(CatalogLayout.catalogFile, CanonicalWriter.yaml(EntityEncoder.fields(info)))
                for (path, text) in DefaultTaxonomy.files where !exists(path) { try write(path, text) }
                for folder in folders where !exists(folder) { try write(folder + "/.gitkeep", "") }
            }
            // .gitignore: the derived index never goes into git.
            let ignore = (try? AtomicFile.read(layout.path(".gitignore"))).map { String(decoding: $0, as: UTF8.self) }
            if ignore == nil || !(ignore!.split(separator: "\n").contains { $0 == ".scencat/" || $0 == ".scencat" || $0 == "/.scencat/" }) {
                var text = ignore ?? ""
                if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
                try write(".gitignore", text + ".scencat/\n")
            }
            let attributes = (try? AtomicFile.read(layout.path(".gitattributes"))).map { String(decoding: $0, as: UTF8.self) }
            if attributes == nil || !(attributes!.contains("merge=scencat")) {
                var text = attributes ?? ""
                if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
                try write(".gitattributes", text + Registration.attributes)
            }
        } catch let e as FileError {
            throw SyncError(.environment, Text.syncInitCannotWrite(ErrorWording.shown(e)))
        }
        return created
    }

    static func isEmptyDirectory(_ path: String) -> Bool {
        guard let dir = opendir(path) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { return false }
        }
        return true
    }
}
