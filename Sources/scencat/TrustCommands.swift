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
        throw CommandFailure(.invalid, "scencat: \(path): cannot read the public key: \(e.reason)")
    } catch {
        throw CommandFailure(.invalid, "scencat: \(error)")
    }
}

func trustStore() throws -> TrustStore {
    guard let config = ScencatConfig.current else {
        throw CommandFailure(.environment, "scencat: HOME is not set; set SCENCAT_CONFIG_DIR to scencat's configuration folder")
    }
    return config.trustStore
}

struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "The public keys you trust to sign published lists (your trust files, outside any catalogue).",
        discussion: """
        Trust files live in ~/.config/scencat/trusted/ ($SCENCAT_CONFIG_DIR/trusted, or $XDG_CONFIG_HOME/scencat/trusted).
        A key in a catalogue's keys/ is only published there: anyone who can push can add one. Trust a key once its
        owner has confirmed its full fingerprint to you by another way (in person, on paper, by phone).
        """,
        subcommands: [TrustAddCommand.self, TrustListCommand.self, TrustRemoveCommand.self])
}

struct TrustAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Trust a public key: a key file, or the full fingerprint of a key published in the catalogue's keys/.",
        discussion: """
        scencat trust add FILE                 shows the key's full fingerprint and asks to confirm it
        scencat trust add FILE --fingerprint FP   confirms it without asking (FP as its owner gave it to you)
        scencat trust add FINGERPRINT          trusts the key with this full fingerprint from the catalogue's keys/
        Exit 1 when the key cannot be read, the fingerprint differs, or the answer is not yes.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("A public key file, or a full fingerprint (64 hex digits).", valueName: "FILE|FINGERPRINT")) var key: String
    @Option(help: ArgumentHelp("The fingerprint the key must have (from its owner); no question asked.", valueName: "FP")) var fingerprint: String?

    func validate() throws {
        if let fingerprint, Fingerprint.normalized(fingerprint) == nil {
            throw ValidationError("--fingerprint must be a full fingerprint: 64 hex digits (spaces and colons allowed)")
        }
    }

    func run() throws {
        let store = try trustStore()
        var st = stat()
        let file: PublicKeyFile
        if stat(key, &st) != 0, let wanted = Fingerprint.normalized(key) {
            file = try publishedKey(fingerprint: wanted)
            Terminal.out("key \(file.name) from the catalogue\n  fingerprint: \(Fingerprint.of(file.key)) (as you gave it)")
        } else {
            file = try readPublicKey(key)
            let fp = Fingerprint.of(file.key)
            Terminal.out("key \(file.name), id \(file.keyId)\n  fingerprint: \(fp)")
            if let fingerprint {
                guard Fingerprint.normalized(fingerprint) == fp else {
                    throw CommandFailure(.invalid, "scencat: \(key): the key's fingerprint is \(fp), not the one given (\(fingerprint)); not trusted")
                }
            } else {
                Terminal.write("Compare it with the fingerprint its owner gave you (not through the repository). Trust this key? [y/N] ")
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else { throw CommandFailure(.invalid, "scencat: not trusted (nothing written)") }
            }
        }
        do {
            let added = try store.add(file)
            Terminal.out(added.existed ? "already trusted: \(added.path)" : "trusted: \(added.path)")
        } catch {
            throw CommandFailure(.environment, "scencat: cannot write the trust file: \(error)")
        }
    }

    /// The key with this fingerprint in the catalogue's keys/ (a `.pub` file or a rotation statement's new key).
    func publishedKey(fingerprint: String) throws -> PublicKeyFile {
        let layout = try catalog.layout()
        let dir = layout.path(PublicKeys.directoryName)
        let candidates = Array(PublicKeys.load(catalogRoot: layout.root).byId.values)
            + KeyRotation.load(directory: dir, relativeTo: PublicKeys.directoryName).rotations.map(\.newKey)
        guard let found = candidates.first(where: { Fingerprint.of($0.key) == fingerprint }) else {
            throw CommandFailure(.invalid, "scencat: no public key with fingerprint \(fingerprint) in \(dir)/; give the key's file instead")
        }
        return found
    }
}

struct TrustListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The keys you trust, with their full fingerprints.")

    @OptionGroup var output: FormatOptions

    func run() throws {
        let store = try trustStore()
        let (keys, problems) = store.load()
        for p in problems { Terminal.err("scencat: warning: \(p)") }
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "name", header: Text.headName.text), C(key: "key_id", header: Text.headKeyId.text),
                                      C(key: "fingerprint", header: Text.headFingerprint.text, maxWidth: 64), C(key: "file", header: Text.headFile.text, maxWidth: 200)])
        for k in keys {
            let fp = Fingerprint.of(k.key.key)
            t.add([(k.key.name, .string(k.key.name)), (k.key.keyId, .string(k.key.keyId)), (fp, .string(fp)), (k.path, .string(k.path))])
        }
        if t.rows.isEmpty && output.resolved == .table {
            Terminal.err("scencat: no trusted keys in \(store.directory) (scencat trust add FILE)")
            return
        }
        Terminal.write(t.render(output.resolved))
    }
}

struct TrustRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop trusting a key, named by its full fingerprint, its key id, or its name when only one trusted key has it.",
        discussion: "Keys that rotation statements handed over to from it are no longer trusted through it either.")

    @Argument(help: ArgumentHelp("FINGERPRINT, KEY-ID or NAME.", valueName: "KEY")) var key: String

    func run() throws {
        let store = try trustStore()
        let fp = Fingerprint.normalized(key)
        let id = key.lowercased()
        func matches(_ k: PublicKeyFile) -> Bool { fp.map { Fingerprint.of(k.key) == $0 } ?? (k.keyId == id || k.name == key) }
        let chosen = store.load().keys.filter { matches($0.key) }
        if chosen.isEmpty { throw CommandFailure(.invalid, "scencat: no trusted key matches '\(key)' (scencat trust list)") }
        if chosen.count > 1 {
            let list = chosen.map { "  \($0.key.name) \(Fingerprint.of($0.key.key)) \($0.path)" }.joined(separator: "\n")
            throw CommandFailure(.invalid, "scencat: '\(key)' matches \(chosen.count) trusted keys; name one by its fingerprint:\n\(list)")
        }
        do {
            for k in try store.remove(where: matches) { Terminal.out("no longer trusted: \(k.key.name) \(Fingerprint.of(k.key.key)) (removed \(k.path))") }
        } catch {
            throw CommandFailure(.environment, "scencat: \(error)")
        }
    }
}

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Signing keys: rotate to a new key, signed by the old one.",
        subcommands: [KeyRotateCommand.self])
}

struct KeyRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Hand over from the old signing key to a new one: a rotation statement signed by the old key, in keys/.",
        discussion: """
        scencat keygen --name office-2027
        scencat key rotate --old ~/.config/scencat/keys/office.key --new office-2027
        writes keys/OLDID-NEWID.rotation; commit it. A reader who trusts the old key then trusts lists signed by the
        new one (verify names the rotation, and warns that the quarter's signer changed). Keep the old public key in
        keys/: lists it signed still verify with it.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Option(help: ArgumentHelp("The old private key file (it signs the statement).", valueName: "PATH")) var old: String
    @Option(help: ArgumentHelp("The new key: a public key file, or the name of a key in keys/.", valueName: "FILE|NAME")) var new: String

    func run() throws {
        let layout = try catalog.layout()
        if let problem = layout.folderProblem(PublicKeys.directoryName) { throw CommandFailure(.invalid, "scencat: \(problem)") }
        let oldKey = try loadPrivateKey(old, catalogRoot: layout.root)
        var st = stat()
        let newPath = stat(new, &st) == 0 || !Signing.isValidName(new) ? new : layout.path("\(PublicKeys.directoryName)/\(new).pub")
        let newKey = try readPublicKey(newPath)
        if newKey.keyId == oldKey.keyId { throw CommandFailure(.invalid, "scencat: the old and the new key are the same key") }
        let rotation: KeyRotation
        do {
            rotation = try KeyRotation.make(old: oldKey, new: newKey, date: Journal.today())
        } catch {
            throw CommandFailure(.environment, "scencat: cannot sign: \(error)")
        }
        let path = layout.path(rotation.path)
        if lstat(path, &st) == 0 { throw CommandFailure(.conflict, "scencat: \(path) already exists") }
        do {
            try AtomicFile.makeDirectories(layout.path(PublicKeys.directoryName))
            try AtomicFile.write(rotation.text, to: path)
        } catch {
            throw CommandFailure(.environment, "scencat: cannot write \(path): \(error)")
        }
        Terminal.out("""
            rotation \(oldKey.name) → \(newKey.name), signed by \(oldKey.name)
              old fingerprint: \(rotation.oldFingerprint)
              new fingerprint: \(rotation.newFingerprint)
              written: \(path) (commit it)
            readers who trust \(oldKey.name) now trust lists signed by \(newKey.name)
            """)
    }
}
