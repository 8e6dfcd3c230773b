import CatalogFiles
#if canImport(Glibc)
import Glibc
import Wording
#endif

/// What publishing needs to know from git: the commit, its date, and the paths under the
/// catalogue that differ from it. Found with the git command line (`Git`); the Publishing module
/// itself never runs git. Used by `scencat publish` and the Publications screen.
public struct PublicationGitFacts: Sendable, Equatable {
    public var commit: String
    /// Committer date, ISO 8601.
    public var commitDate: String
    /// Paths relative to the catalogue that differ from HEAD: modified, staged, untracked, and
    /// ignored files that scencat would read.
    public var uncommitted: [String]
}

/// Why the git facts could not be found (always the environment class of exit codes).
public struct PublicationGitError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

public enum PublicationGit {
    public static func facts(catalogRoot root: String) throws -> PublicationGitFacts {
        let git = Git(directory: root)
        let top: String?
        do {
            _ = try git.output(["--version"])
            top = git.topLevel()
        } catch {
            throw PublicationGitError(message: Text.pubGitNotInstalled.text)
        }
        guard let top else {
            throw PublicationGitError(message: Text.pubNotInGit(root))
        }
        guard let head = git.commit("HEAD") else {
            throw PublicationGitError(message: Text.pubNoCommitYet(top))
        }
        let date: String
        let status: ProcessOutput
        do {
            date = try git.commitDate(head)
            // Ignored files count too when scencat would read them: the list must come from the commit alone.
            status = try git.output(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--", "."])
        } catch {
            throw PublicationGitError(message: Text.pubGitFailed(ErrorWording.shown(error)))
        }
        guard status.succeeded else { throw PublicationGitError(message: "git status failed: \(status.stderrText)") }
        let prefix = relativePrefix(top: top, root: root)
        var paths: [String] = []
        var entries = status.stdoutText.split(separator: "\0", omittingEmptySubsequences: true).makeIterator()
        while let entry = entries.next() {
            guard entry.count > 3 else { continue }
            let code = entry.prefix(2)
            var names = [String(entry.dropFirst(3))]
            // A rename or copy is followed by its source path.
            if code.contains("R") || code.contains("C"), let from = entries.next() { names.append(String(from)) }
            for name in names {
                guard name.hasPrefix(prefix) else { continue }
                let rel = String(name.dropFirst(prefix.count))
                if code == "!!" && !readByScencat(rel) { continue }
                paths.append(rel.hasSuffix("/") ? String(rel.dropLast()) : rel)
            }
        }
        return PublicationGitFacts(commit: head, commitDate: date, uncommitted: paths.sorted())
    }

    /// The catalogue folder's path inside the work tree, with a trailing slash ("" at the top).
    static func relativePrefix(top: String, root: String) -> String {
        let realTop = realPath(top), realRoot = realPath(root)
        if realRoot == realTop { return "" }
        guard realRoot.hasPrefix(realTop + "/") else { return "" }
        return String(realRoot.dropFirst(realTop.count + 1)) + "/"
    }

    /// Ignored files that still change what scencat reads (an ignored scenario file would be published).
    static func readByScencat(_ rel: String) -> Bool {
        let parts = rel.split(separator: "/")
        guard let first = parts.first, !parts.contains(where: { $0.hasPrefix(".") }) else { return false }
        if parts.count == 1 { return first == "catalog.yaml" }
        return ["taxonomy", "scenarios", "models", "centers", CatalogLayout.keysDirectory].contains(String(first))
    }

    public static func realPath(_ path: String) -> String { CatalogLayout.realPath(path) }
}
