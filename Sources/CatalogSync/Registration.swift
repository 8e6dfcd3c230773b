import CatalogFiles
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// The merge driver's registration in a clone: git configuration is not cloned, so every sync
/// checks it, and routes entity files to it when the repository's attributes do not.
///
/// git runs a small wrapper kept in the git folder (`scencat-merge-driver`), never a build
/// folder's binary directly: the wrapper runs the scencat recorded when it was written, else
/// scencat on PATH, and when neither exists it leaves git's conflict markers in the file (`git
/// merge-file`) and fails, so git reports a real conflict with both sides in it and nothing is lost.
public enum Registration {
    public static let driverName = "scencat entity merge (field by field)"
    public static let wrapperName = "scencat-merge-driver"
    /// The configured driver: found through git at merge time, so a moved repository keeps it.
    public static let driverConfig = "sh \"$(git rev-parse --git-common-dir)/\(wrapperName)\" %O %A %B %P"

    /// The `.gitattributes` lines of a catalogue (patterns relative to the catalogue folder).
    public static let attributes = """
        # scencat: entity files merge field by field (scencat merge-driver, registered by scencat init/sync)
        scenarios/*.yaml merge=scencat
        models/*.yaml merge=scencat
        centers/*.yaml merge=scencat

        """

    static func quoted(_ s: String) -> String {
        "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// The wrapper script; `program` is the scencat it tries first.
    public static func wrapper(program: String) -> String {
        """
        #!/bin/sh
        # scencat merge driver, written by scencat init and sync (scencat sync writes it again).
        # git runs it as: sh scencat-merge-driver BASE OURS THEIRS PATH
        recorded=\(quoted(program))
        for s in "$recorded" "$(command -v scencat 2>/dev/null)"; do
            if [ -n "$s" ] && [ -x "$s" ]; then exec "$s" merge-driver "$@"; fi
        done
        echo "scencat merge driver: scencat is not at $recorded nor on PATH; $4 keeps git's conflict markers." >&2
        echo "  Repair: run scencat sync (or scencat init --here) with an installed scencat, then resolve $4." >&2
        git merge-file -L ours -L base -L theirs "$2" "$1" "$3"
        exit 1

        """
    }

    /// The wrapper's path in the repository's (common) git folder.
    public static func wrapperPath(_ repo: CatalogRepository) -> String? {
        guard let out = try? repo.git.output(["rev-parse", "--git-common-dir"]), out.succeeded else { return nil }
        let dir = out.stdoutText.trimmingNewline()
        return (dir.hasPrefix("/") ? dir : repo.top + "/" + dir) + "/" + wrapperName
    }

    /// What is wrong with the registration, when something is: for `validate` and the UI to say
    /// how to repair it. nil when git runs the wrapper and the wrapper finds a scencat.
    public static func problem(_ repo: CatalogRepository, config: [String: String]? = nil) -> String? {
        let config = config ?? repo.configuration()
        guard let driver = config["merge.scencat.driver"] else {
            // Only a catalogue whose entity files are routed to the driver needs it.
            let routed = (try? repo.run(["check-attr", "merge", "--", repo.topPath("scenarios/probe.yaml")]))?.hasSuffix(": merge: scencat\n") ?? false
            return routed ? Text.syncDriverNotRegistered.text : nil
        }
        guard driver == driverConfig else { return Text.syncDriverRegisteredAs(driver) }
        guard let path = wrapperPath(repo), let bytes = try? AtomicFile.read(path, limit: 1 << 16) else {
            return Text.syncDriverWrapperMissing(wrapperName)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let recorded = text.split(separator: "\n").first { $0.hasPrefix("recorded=") }.map { String($0.dropFirst("recorded=".count)) }
        let program = recorded.map { $0.count >= 2 ? String($0.dropFirst().dropLast()).replacing("'\\''", with: "'") : $0 } ?? ""
        if access(program, X_OK) != 0 && !onPath("scencat") {
            return Text.syncDriverNoScencat(program)
        }
        return nil
    }

    static func onPath(_ name: String) -> Bool {
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return false }
        return path.split(separator: ":").contains { access("\($0)/\(name)", X_OK) == 0 }
    }

    public static func ensure(_ repo: CatalogRepository, driverCommand program: String?, config: [String: String]? = nil) throws {
        guard let program else { return }
        do {
            let config = config ?? repo.configuration()
            guard let wrapperFile = wrapperPath(repo) else { throw SyncError(.environment, Text.syncDriverNoGitFolder.text) }
            let script = Self.wrapper(program: program)
            if (try? AtomicFile.read(wrapperFile, limit: 1 << 16)).map({ String(decoding: $0, as: UTF8.self) }) != script {
                try AtomicFile.write(script, to: wrapperFile, mode: 0o755)
            }
            if config["merge.scencat.driver"] != driverConfig {
                try repo.git.run(["config", "merge.scencat.driver", driverConfig])
                try repo.git.run(["config", "merge.scencat.name", driverName])
            }
            // Entity files routed to the driver? (.gitattributes of the catalogue, or of the repository.)
            let probe = repo.topPath("scenarios/probe.yaml")
            let attr = try repo.run(["check-attr", "merge", "--", probe])
            if !attr.hasSuffix(": merge: scencat\n"), let info = repo.gitPath("info/attributes") {
                let existing = (try? AtomicFile.read(info)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                var text = existing
                if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
                text += "# scencat: entity files of the catalogue in \(repo.prefix.isEmpty ? "the top folder" : repo.prefix)\n"
                for dir in ["scenarios", "models", "centers"] { text += "/\(repo.prefix)\(dir)/*.yaml merge=scencat\n" }
                try AtomicFile.makeDirectories(AtomicFile.directory(of: info))
                try AtomicFile.write(text, to: info)
            }
        } catch let e as GitError {
            throw SyncError.git(e, Text.syncGitWhatRegisterDriver.text)
        } catch let e as FileError {
            throw SyncError(.environment, Text.syncDriverCannotWrite(ErrorWording.shown(e)))
        }
    }
}
