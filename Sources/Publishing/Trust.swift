import CatalogFiles
import Crypto
import Foundation
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// A public key's full fingerprint: the SHA-256 of its raw 32 bytes, 64 hex digits. The key id of
/// manifests and key files is its first 16 digits; trust is decided on the whole.
public enum Fingerprint {
    public static func of(_ key: Curve25519.Signing.PublicKey) -> String { Signing.sha256Hex(Array(key.rawRepresentation)) }

    /// A fingerprint as a user types or pastes it — `SHA256:` prefix, spaces and colons allowed,
    /// either case — as 64 lower-case hex digits; nil when it is not a full fingerprint.
    public static func normalized(_ text: String) -> String? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if t.hasPrefix("sha256:") { t.removeFirst(7) }
        let hex = t.filter { $0 != " " && $0 != ":" }
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        return hex
    }
}

/// A key the reader trusts, and why.
public struct TrustedKey: Sendable {
    public var file: PublicKeyFile
    /// Where the trust comes from: a trust file, `--trusted-key FILE`, or a rotation statement.
    public var source: String
    public var fingerprint: String { Fingerprint.of(file.key) }

    public init(_ file: PublicKeyFile, source: String) {
        self.file = file
        self.source = source
    }
}

/// The keys whose signatures `verify` accepts. They come from the reader — trust files in the
/// user's configuration, `--trusted-key` files — never from the catalogue being verified; a
/// rotation statement in the catalogue adds a key only when a key already trusted signed it.
public struct TrustedKeys: Sendable {
    /// By full fingerprint.
    public private(set) var byFingerprint: [String: TrustedKey] = [:]

    public init(_ keys: [TrustedKey] = []) {
        for k in keys { add(k) }
    }

    public mutating func add(_ key: TrustedKey) {
        if byFingerprint[key.fingerprint] == nil { byFingerprint[key.fingerprint] = key }
    }

    public var isEmpty: Bool { byFingerprint.isEmpty }

    /// Trusted keys whose key id (the first 16 digits) is `keyId`.
    public func withKeyId(_ keyId: String) -> [TrustedKey] {
        byFingerprint.values.filter { $0.file.keyId == keyId.lowercased() }.sorted { $0.fingerprint < $1.fingerprint }
    }

    public func contains(fingerprint: String) -> Bool { byFingerprint[fingerprint] != nil }

    /// These keys and every key handed over to by a valid rotation statement signed by one of them,
    /// again and again (a chain of rotations).
    public func following(_ rotations: [KeyRotation]) -> TrustedKeys {
        var out = self
        var changed = true
        while changed {
            changed = false
            for r in rotations where out.contains(fingerprint: r.oldFingerprint) && !out.contains(fingerprint: r.newFingerprint) && r.isValid {
                let old = out.byFingerprint[r.oldFingerprint]!
                out.add(TrustedKey(r.newKey, source: "rotated from \(old.file.name) (\(old.fingerprint)) by \(r.path)"))
                changed = true
            }
        }
        return out
    }
}

/// scencat's folder in the user's configuration: `$SCENCAT_CONFIG_DIR`, else
/// `$XDG_CONFIG_HOME/scencat`, else `~/.config/scencat`. It holds `keys/` (private keys made by
/// keygen) and `trusted/` (the public keys the user trusts).
public struct ScencatConfig: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// nil when neither variable nor HOME is set.
    public static func from(environment env: [String: String]) -> ScencatConfig? {
        func value(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        if let dir = value("SCENCAT_CONFIG_DIR") { return ScencatConfig(directory: dir) }
        if let xdg = value("XDG_CONFIG_HOME") { return ScencatConfig(directory: "\(xdg)/scencat") }
        if let home = value("HOME") { return ScencatConfig(directory: "\(home)/.config/scencat") }
        return nil
    }

    public static var current: ScencatConfig? { from(environment: ProcessEnvironment.current()) }

    public var keysDirectory: String { "\(directory)/keys" }
    public var trustedDirectory: String { "\(directory)/trusted" }
    public var trustStore: TrustStore { TrustStore(directory: trustedDirectory) }
}

/// The folder of trust files: one public key file per trusted key, `NAME-KEYID.pub`.
public struct TrustStore: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// The trusted keys, and the files that could not be read (with why).
    public func load() -> (keys: [(path: String, key: PublicKeyFile)], problems: [String]) {
        var keys: [(String, PublicKeyFile)] = []
        var problems: [String] = []
        for name in Publications.entries(of: directory) where name.hasSuffix(".pub") {
            let path = "\(directory)/\(name)"
            do {
                let text = String(decoding: try AtomicFile.read(path, limit: 1 << 16), as: UTF8.self)
                keys.append((path, try PublicKeyFile.parse(text, path: path)))
            } catch {
                problems.append(ErrorWording.shown(error))
            }
        }
        return (keys, problems)
    }

    public var trustedKeys: TrustedKeys {
        TrustedKeys(load().keys.map { TrustedKey($0.key, source: $0.path) })
    }

    /// Trusts `key`: writes its trust file (mode 0644 in a 0700 folder). Returns the path and
    /// whether it was trusted already (then nothing is written).
    @discardableResult
    public func add(_ key: PublicKeyFile) throws -> (path: String, existed: Bool) {
        if let existing = load().keys.first(where: { Fingerprint.of($0.key.key) == Fingerprint.of(key.key) }) {
            return (existing.path, true)
        }
        try PrivateDirectories.make(directory)
        // The name comes from a file someone else wrote: only a valid key name goes into a path.
        let path = "\(directory)/\(Signing.isValidName(key.name) ? key.name : "key")-\(key.keyId).pub"
        try AtomicFile.write(key.text, to: path)
        return (path, false)
    }

    /// Stops trusting the keys `match` selects; returns the files removed.
    public func remove(where match: (PublicKeyFile) -> Bool) throws -> [(path: String, key: PublicKeyFile)] {
        let chosen = load().keys.filter { match($0.key) }
        for k in chosen where unlink(k.path) != 0 { throw FileError.posix(k.path, "cannot remove") }
        return chosen
    }
}

/// Folders readable by their owner only, for keys and trust files.
public enum PrivateDirectories {
    public static func make(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST { throw FileError.posix(current, "cannot create directory") }
        }
    }
}
