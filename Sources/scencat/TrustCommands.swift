import ArgumentParser
import CatalogFiles
import CatalogIndex
import Foundation
import Publishing
#if canImport(Glibc)
import Glibc
import Wording
#endif

/// The keys the reader trusts: their trust files, and the public key files given on the command line.
func readerTrust(files: [String]) throws -> TrustedKeys {
    var trust = ScencatConfig.current?.trustStore.trustedKeys ?? TrustedKeys()
    for path in files { trust.add(TrustedKey(try readPublicKey(path), source: "--trusted-key \(path)")) }
    return trust
}

/// A public key file (exit 1 when it is not one).
func readPublicKey(_ path: String) throws -> PublicKeyFile {
    do {
        return try PublicKeyFile.parse(String(decoding: try AtomicFile.read(path, limit: 1 << 16), as: UTF8.self), path: path)
    } catch let e as FileError {
        throw CommandFailure(.invalid, Text.cliCannotReadPublicKey(path, e.diagnostic(path).shownMessage))
    } catch {
        throw CommandFailure(.invalid, "scencat: \(ErrorWording.shown(error))")
    }
}

func trustStore() throws -> TrustStore {
    guard let config = ScencatConfig.current else {
        throw CommandFailure(.environment, Text.cliHomeNotSetConfig.text)
    }
    return config.trustStore
}

struct TrustCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "trust",
        abstract: Text.cliHelpTrustAbstract.text,
        discussion: Text.cliHelpTrustDiscussion.text,
        subcommands: [TrustAddCommand.self, TrustListCommand.self, TrustRemoveCommand.self]) }
}

struct TrustAddCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "add",
        abstract: Text.cliHelpTrustAddAbstract.text,
        discussion: Text.cliHelpTrustAddDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpTrustAddKey, "FILE|FINGERPRINT")) var key: String
    @Option(help: usage(.cliHelpTrustAddFingerprint, "FP")) var fingerprint: String?

    func validate() throws {
        if let fingerprint, Fingerprint.normalized(fingerprint) == nil {
            throw ValidationError(Text.cliFingerprintRule.text)
        }
    }

    func run() throws {
        let store = try trustStore()
        var st = stat()
        let file: PublicKeyFile
        if stat(key, &st) != 0, let wanted = Fingerprint.normalized(key) {
            file = try publishedKey(fingerprint: wanted)
            Terminal.out(Text.cliTrustFromCatalogue(file.name, Fingerprint.of(file.key)))
        } else {
            file = try readPublicKey(key)
            let fp = Fingerprint.of(file.key)
            Terminal.out(Text.cliTrustKeyFile(file.name, file.keyId, fp))
            if let fingerprint {
                guard Fingerprint.normalized(fingerprint) == fp else {
                    throw CommandFailure(.invalid, Text.cliTrustFingerprintDiffers(key, fp, fingerprint))
                }
            } else {
                Terminal.write(Text.cliTrustAsk.text)
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" || answer == "是" else { throw CommandFailure(.invalid, Text.cliTrustNotTrusted.text) }
            }
        }
        do {
            let added = try store.add(file)
            Terminal.out(added.existed ? Text.cliTrustAlready(added.path) : Text.cliTrustTrusted(added.path))
        } catch {
            throw CommandFailure(.environment, Text.cliTrustCannotWrite(error))
        }
    }

    /// The key with this fingerprint in the catalogue's keys/ (a `.pub` file or a rotation statement's new key).
    func publishedKey(fingerprint: String) throws -> PublicKeyFile {
        let layout = try catalog.layout()
        let dir = layout.path(PublicKeys.directoryName)
        let candidates = Array(PublicKeys.load(catalogRoot: layout.root).byId.values)
            + KeyRotation.load(directory: dir, relativeTo: PublicKeys.directoryName).rotations.map(\.newKey)
        guard let found = candidates.first(where: { Fingerprint.of($0.key) == fingerprint }) else {
            throw CommandFailure(.invalid, Text.cliTrustNoFingerprint(fingerprint, dir))
        }
        return found
    }
}

struct TrustListCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "list", abstract: Text.cliHelpTrustListAbstract.text) }

    @OptionGroup var language: LanguageOption
    @OptionGroup var output: FormatOptions

    func run() throws {
        let store = try trustStore()
        let (keys, problems) = store.load()
        for p in problems { Terminal.err(Text.cliKeyWarning(p)) }
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "name", header: Text.headName.text), C(key: "key_id", header: Text.headKeyId.text),
                                      C(key: "fingerprint", header: Text.headFingerprint.text, maxWidth: 64), C(key: "file", header: Text.headFile.text, maxWidth: 200)])
        for k in keys {
            let fp = Fingerprint.of(k.key.key)
            t.add([(k.key.name, .string(k.key.name)), (k.key.keyId, .string(k.key.keyId)), (fp, .string(fp)), (k.path, .string(k.path))])
        }
        if t.rows.isEmpty && output.resolved == .table {
            Terminal.err(Text.cliTrustNone(store.directory))
            return
        }
        Terminal.write(t.render(output.resolved))
    }
}

struct TrustRemoveCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "remove",
        abstract: Text.cliHelpTrustRemoveAbstract.text,
        discussion: Text.cliHelpTrustRemoveDiscussion.text) }

    @OptionGroup var language: LanguageOption
    @Argument(help: usage(.cliHelpTrustRemoveKey, "KEY")) var key: String

    func run() throws {
        let store = try trustStore()
        let fp = Fingerprint.normalized(key)
        let id = key.lowercased()
        func matches(_ k: PublicKeyFile) -> Bool { fp.map { Fingerprint.of(k.key) == $0 } ?? (k.keyId == id || k.name == key) }
        let chosen = store.load().keys.filter { matches($0.key) }
        if chosen.isEmpty { throw CommandFailure(.invalid, Text.cliTrustNoMatch(key)) }
        if chosen.count > 1 {
            let list = chosen.map { "  \($0.key.name) \(Fingerprint.of($0.key.key)) \($0.path)" }.joined(separator: "\n")
            throw CommandFailure(.invalid, Text.cliTrustManyMatch(key, chosen.count, list))
        }
        do {
            for k in try store.remove(where: matches) { Terminal.out(Text.cliTrustRemoved(k.key.name, Fingerprint.of(k.key.key), k.path)) }
        } catch {
            throw CommandFailure(.environment, Text.cliScencatProblem(error))
        }
    }
}

struct KeyCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "key",
        abstract: Text.cliHelpKeyAbstract.text,
        subcommands: [KeyRotateCommand.self]) }
}

struct KeyRotateCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "rotate",
        abstract: Text.cliHelpKeyRotateAbstract.text,
        discussion: Text.cliHelpKeyRotateDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Option(help: usage(.cliHelpKeyRotateOld, "PATH")) var old: String
    @Option(help: usage(.cliHelpKeyRotateNew, "FILE|NAME")) var new: String

    func run() throws {
        let layout = try catalog.layout()
        if let problem = layout.folderProblem(PublicKeys.directoryName) { throw CommandFailure(.invalid, Text.cliScencatProblem(problem)) }
        let oldKey = try loadPrivateKey(old, catalogRoot: layout.root)
        var st = stat()
        let newPath = stat(new, &st) == 0 || !Signing.isValidName(new) ? new : layout.path("\(PublicKeys.directoryName)/\(new).pub")
        let newKey = try readPublicKey(newPath)
        if newKey.keyId == oldKey.keyId { throw CommandFailure(.invalid, Text.cliKeySame.text) }
        let rotation: KeyRotation
        do {
            rotation = try KeyRotation.make(old: oldKey, new: newKey, date: Journal.today())
        } catch {
            throw CommandFailure(.environment, Text.cliCannotSign(error))
        }
        let path = layout.path(rotation.path)
        if lstat(path, &st) == 0 { throw CommandFailure(.conflict, Text.cliAlreadyExists(path)) }
        do {
            try AtomicFile.makeDirectories(layout.path(PublicKeys.directoryName))
            try AtomicFile.write(rotation.text, to: path)
        } catch {
            throw CommandFailure(.environment, Text.cliCannotWrite(path, error))
        }
        Terminal.out(Text.cliRotated(oldKey.name, newKey.name, rotation.oldFingerprint, rotation.newFingerprint, path))
    }
}
