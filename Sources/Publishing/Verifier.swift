import CatalogCore
import CatalogFiles
import Crypto
import Foundation
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// One finding of `verify`, about one file of a publication.
public struct VerifyProblem: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    /// Relative to the catalogue folder: `publications/2026-Q4/list.csv`.
    public var path: String
    /// The English message (what `--format json` and tests read).
    public var message: String
    /// The message's code (a `Text` key) and arguments, for the language in effect.
    public var coded: CodedMessage?

    public init(_ severity: Severity, _ path: String, _ message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    public init(_ severity: Severity, _ path: String, _ coded: CodedMessage) {
        self.init(severity, path, coded.message)
        self.coded = coded
    }

    /// A problem reported by an error: a key file's, a manifest's or a file's own words.
    public init(_ severity: Severity, _ path: String, error: any Error) {
        if let e = error as? KeyFileError { self.init(severity, path, e.message); coded = e.codedMessage }
        else if let e = error as? Manifest.ParseError { self.init(severity, path, e.message); coded = e.coded }
        else if let e = error as? FileError {
            self.init(severity, path, e.reason); coded = CodedMessage(e.reason, "verifyReason", [e.diagnostic(path).shownMessage])
        } else { self.init(severity, path, "\(error)") }
    }

    /// The message in the language in effect (the English one in `en` and `both`).
    public var shownMessage: String { coded?.shown ?? message }

    /// `PATH: error: MESSAGE`, with `prefix` (the catalogue folder as the user named it) before the
    /// path; the message in the language in effect.
    public func formatted(prefix: String = "") -> String {
        let p = prefix.isEmpty || prefix == "." ? path : (prefix.hasSuffix("/") ? prefix + path : prefix + "/" + path)
        return "\(p): \(severity.rawValue): \(shownMessage)"
    }

    public var description: String { formatted() }
}

/// What `verify` found for one published quarter.
public struct VerifyReport: Sendable {
    public var quarter: String
    /// The folder, relative to the catalogue.
    public var path: String
    public var manifest: Manifest?
    /// Who made the signature: a key the reader trusts.
    public struct Signer: Sendable, Equatable {
        public var name: String
        public var keyId: String
        /// The full fingerprint (64 hex digits).
        public var fingerprint: String
        /// A trust file, `--trusted-key` file, or the rotation statement that handed over to this key.
        public var trustedBecause: String
    }

    public var signer: Signer?
    public var problems: [VerifyProblem]

    public var ok: Bool { !problems.contains { $0.severity == .error } }
    public var isSigned: Bool { signer != nil }
}

/// Checks a publication against its manifest: every listed file present with its size and
/// SHA-256, nothing else in the folder, the signature made by a key in the catalogue's `keys/`,
/// and each superseded list kept beside it intact.
public enum Verifier {
    /// Verifies `publications/QUARTER` of a catalogue. Signatures count only when made by a key in
    /// `trust` (the reader's), or one handed over to from such a key by a rotation statement in
    /// the catalogue's `keys/`; a key merely published in `keys/` is named, never trusted.
    public static func verify(catalogRoot: String, quarter: String, trust: TrustedKeys, requireSignature: Bool = false) -> VerifyReport {
        let layout = CatalogLayout(root: catalogRoot)
        let rel = "\(Publications.directoryName)/\(quarter)"
        if let problem = layout.folderCodedProblem(Publications.directoryName) {
            return VerifyReport(quarter: quarter, path: rel, manifest: nil, signer: nil,
                                problems: [VerifyProblem(.error, Publications.directoryName, CodedMessage(problem.message, "diag" + problem.code, problem.arguments))])
        }
        // Rotation statements and published keys are not read through a link leading out.
        let keysDirectory = layout.folderProblem(PublicKeys.directoryName) == nil ? layout.path(PublicKeys.directoryName) : nil
        let keys = SignatureKeys(trust: trust, keysDirectory: keysDirectory, label: PublicKeys.directoryName)
        var report = verifyFolder(layout: layout, relative: rel, expectedQuarter: quarter, keys: keys)
        finish(&report, requireSignature: requireSignature)
        if let q = Quarter(quarter), let prev = Publications.previous(before: q, catalogRoot: catalogRoot) {
            report.problems += signerChange(report, previous: prev, layout: layout)
        }
        return report
    }

    /// Verifies a publication folder on its own — a download, not in a catalogue — with the
    /// reader's keys and, when given, a `keys/` folder for rotation statements. Paths in problems
    /// are relative to the folder's parent.
    public static func verify(folder: String, trust: TrustedKeys, keysDirectory: String? = nil, requireSignature: Bool = false) -> VerifyReport {
        let trimmed = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let layout = CatalogLayout(root: AtomicFile.directory(of: trimmed))
        let name = AtomicFile.basename(of: trimmed)
        let keys = SignatureKeys(trust: trust, keysDirectory: keysDirectory, label: keysDirectory ?? "")
        // The quarter is the manifest's own when the folder was renamed on download.
        let manifestQuarter = (try? AtomicFile.read(layout.path("\(name)/\(Manifest.fileName)"), limit: 64 << 20))
            .flatMap { try? Manifest.parse($0) }?.quarter
        var report = verifyFolder(layout: layout, relative: name, expectedQuarter: manifestQuarter ?? name, keys: keys)
        finish(&report, requireSignature: requireSignature)
        return report
    }

    static func finish(_ report: inout VerifyReport, requireSignature: Bool) {
        if report.manifest != nil, report.signer == nil, !report.problems.contains(where: { $0.path.hasSuffix(Manifest.signatureFileName) }) {
            report.problems.append(VerifyProblem(requireSignature ? .error : .warning, report.path,
                                                 CodedMessage("unsigned: the list has no signature (publish it with --key to sign it)", "verifyUnsigned", [])))
        }
    }

    /// A warning when the quarter is signed by another key than the published quarter before it:
    /// a reader should know the signer changed, even when a rotation statement hands over.
    static func signerChange(_ report: VerifyReport, previous: Quarter, layout: CatalogLayout) -> [VerifyProblem] {
        let prevRel = "\(Publications.directoryName)/\(previous)"
        guard let now = report.manifest?.signer,
              let bytes = try? AtomicFile.read(layout.path("\(prevRel)/\(Manifest.fileName)"), limit: 64 << 20),
              let then = (try? Manifest.parse(bytes))?.signer, then.keyId != now.keyId else { return [] }
        let message = "signed by a different key than the previous quarter \(previous): \(now.name) (key \(now.keyId)) now, \(then.name) (key \(then.keyId)) then"
        let arguments = ["\(previous)", now.name, now.keyId, then.name, then.keyId]
        if let s = report.signer, s.trustedBecause.hasPrefix("rotated from") {
            return [VerifyProblem(.warning, report.path, CodedMessage(message + "; trusted as \(s.trustedBecause)", "verifySignerChangedRotated",
                                                                      arguments + [s.trustedBecause]))]
        }
        return [VerifyProblem(.warning, report.path, CodedMessage(message, "verifySignerChanged", arguments))]
    }

    /// `nested`: a superseded list inside the quarter's folder. The lists it had superseded in turn
    /// sit beside it (superseded/ is flat), checked by the top-level manifest, not under it.
    static func verifyFolder(layout: CatalogLayout, relative rel: String, expectedQuarter: String, keys: SignatureKeys,
                             nested: Bool = false) -> VerifyReport {
        var report = VerifyReport(quarter: expectedQuarter, path: rel, manifest: nil, signer: nil, problems: [])
        func problem(_ file: String?, _ message: String, _ code: String, _ arguments: String...) {
            report.problems.append(VerifyProblem(.error, file.map { "\(rel)/\($0)" } ?? rel, CodedMessage(message, code, arguments)))
        }
        func problem(_ file: String?, error: any Error) {
            report.problems.append(VerifyProblem(.error, file.map { "\(rel)/\($0)" } ?? rel, error: error))
        }
        let dir = layout.path(rel)
        guard Publications.isDirectory(dir) else {
            problem(nil, "no such publication", "verifyNoSuchPublication")
            return report
        }
        let manifestBytes: [UInt8]
        do {
            manifestBytes = try AtomicFile.read(layout.path("\(rel)/\(Manifest.fileName)"), limit: 64 << 20)
        } catch let e as FileError where e.code == "fileMissing" {
            problem(Manifest.fileName, "missing: a publication needs its manifest", "verifyManifestMissing")
            return report
        } catch {
            problem(Manifest.fileName, error: error)
            return report
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.parse(manifestBytes)
        } catch {
            problem(Manifest.fileName, error: error)
            return report
        }
        report.manifest = manifest
        if manifest.quarter != expectedQuarter {
            problem(Manifest.fileName, "the manifest is for \(manifest.quarter), not \(expectedQuarter)", "verifyOtherQuarter", manifest.quarter, expectedQuarter)
        }
        // Files: present, same size, same hash — hashed on every core.
        var listed = Set<String>()
        var safe: [Manifest.FileEntry] = []
        for f in manifest.files {
            if !Publications.isPlainFileName(f.path) || f.path == Manifest.fileName || f.path == Manifest.signatureFileName {
                problem(nil, "the manifest lists '\(f.path)', which is not a file name a publication may hold", "verifyBadFileName", f.path)
                continue
            }
            if !listed.insert(f.path).inserted { problem(Manifest.fileName, "'\(f.path)' is listed twice", "verifyListedTwice", f.path); continue }
            safe.append(f)
        }
        let language = Wording.language
        let results = ParallelMap.map(safe) { f -> VerifyProblem? in
            let path = "\(rel)/\(f.path)"
            let bytes: [UInt8]
            do {
                bytes = try AtomicFile.read(layout.path(path))
            } catch let e as FileError where e.code == "fileMissing" {
                return VerifyProblem(.error, path, CodedMessage("missing (listed in the manifest)", "verifyFileMissing", []))
            } catch {
                return Wording.$taskLanguage.withValue(language) { VerifyProblem(.error, path, error: error) }
            }
            if bytes.count != f.bytes || Signing.sha256Hex(bytes) != f.sha256.lowercased() {
                return VerifyProblem(.error, path, CodedMessage("SHA-256 mismatch (changed after publishing)", "verifyHashMismatch", []))
            }
            return nil
        }
        report.problems += results.compactMap { $0 }
        // Nothing else in the folder.
        let supersededNumbers = nested ? [] : Set(manifest.superseded.map { String($0.number) })
        for name in Publications.entries(of: dir) {
            if listed.contains(name) || name == Manifest.fileName || name == Manifest.signatureFileName { continue }
            if name == Manifest.supersededDirectory && Publications.isDirectory("\(dir)/\(name)") {
                for n in Publications.entries(of: "\(dir)/\(name)") where !supersededNumbers.contains(n) {
                    problem("\(name)/\(n)", "not listed in the manifest's superseded lists", "verifyNotSuperseded")
                }
                continue
            }
            problem(name, "not listed in the manifest", "verifyNotListed")
        }
        // Signature.
        let sigRel = "\(rel)/\(Manifest.signatureFileName)"
        let sigText = try? AtomicFile.read(layout.path(sigRel), limit: 1 << 16)
        if let signer = manifest.signer {
            if let sigText {
                do {
                    let sig = try SignatureFile.parse(String(decoding: sigText, as: UTF8.self), path: sigRel)
                    if sig.keyId != signer.keyId {
                        problem(Manifest.signatureFileName, "signed with key \(sig.keyId), but the manifest names key \(signer.keyId)",
                                "verifyOtherKey", sig.keyId, signer.keyId)
                    } else {
                        switch keys.check(sig.signature, of: manifestBytes, keyId: signer.keyId) {
                        case .trusted(let key):
                            report.signer = VerifyReport.Signer(name: key.file.name, keyId: key.file.keyId, fingerprint: key.fingerprint, trustedBecause: key.source)
                        case .untrusted(let key):
                            let fp = Fingerprint.of(key.key)
                            problem(Manifest.signatureFileName, "untrusted key: the signature is valid, but made by \(key.name) (fingerprint \(fp)), a key you do not trust "
                                    + "(a key in the catalogue's \(PublicKeys.directoryName)/ is published there, not trusted); if its owner confirms this fingerprint "
                                    + "to you, run: scencat trust add \(fp)", "verifyUntrusted", key.name, fp, PublicKeys.directoryName)
                        case .invalid:
                            problem(Manifest.signatureFileName, "signature does not match manifest.json (wrong signature, or the manifest was changed)",
                                    "verifyBadSignature")
                        case .unknown:
                            problem(Manifest.signatureFileName, "untrusted key: key \(signer.keyId) (\(signer.name)) is not a key you trust, nor published in "
                                    + "\(PublicKeys.directoryName)/; get its public key and fingerprint from its owner (scencat trust add FILE, or --trusted-key FILE)",
                                    "verifyUnknownKey", signer.keyId, signer.name, PublicKeys.directoryName)
                        }
                    }
                } catch {
                    problem(Manifest.signatureFileName, error: error)
                }
            } else {
                problem(Manifest.signatureFileName, "missing: the manifest names signer \(signer.name) (key \(signer.keyId))",
                        "verifySignatureMissing", signer.name, signer.keyId)
            }
        } else if sigText != nil {
            problem(Manifest.signatureFileName, "a signature, but the manifest names no signer", "verifyNoSigner")
        }
        // Superseded lists, each checked like a publication of its own.
        for s in nested ? [] : manifest.superseded {
            let subRel = "\(rel)/\(Manifest.supersededDirectory)/\(s.number)"
            guard Publications.isDirectory(layout.path(subRel)) else {
                problem("\(Manifest.supersededDirectory)/\(s.number)", "missing: the manifest records superseded list \(s.number)",
                        "verifySupersededMissing", String(s.number))
                continue
            }
            let subManifest = try? AtomicFile.read(layout.path("\(subRel)/\(Manifest.fileName)"), limit: 64 << 20)
            if let subManifest, Signing.sha256Hex(subManifest) != s.manifestSha256.lowercased() {
                problem("\(Manifest.supersededDirectory)/\(s.number)/\(Manifest.fileName)", "SHA-256 mismatch (changed after it was superseded)",
                        "verifySupersededChanged")
            }
            let sub = verifyFolder(layout: layout, relative: subRel, expectedQuarter: expectedQuarter, keys: keys, nested: true)
            report.problems += sub.problems
        }
        return report
    }
}

/// Public keys published in a catalogue's `keys/*.pub`, by key id: where readers find a key, never why they trust it.
public struct PublicKeys: Sendable {
    public static let directoryName = CatalogLayout.keysDirectory
    public var byId: [String: PublicKeyFile] = [:]
    /// Key files that could not be read, with why.
    public var problems: [VerifyProblem] = []

    public init() {}

    public static func load(catalogRoot: String) -> PublicKeys {
        let layout = CatalogLayout(root: catalogRoot)
        if let problem = layout.folderCodedProblem(directoryName) {
            var keys = PublicKeys()
            keys.problems.append(VerifyProblem(.error, directoryName, CodedMessage(problem.message, "diag" + problem.code, problem.arguments)))
            return keys
        }
        return load(directory: layout.path(directoryName), label: directoryName)
    }

    /// The `*.pub` files of `directory`, named `label/FILE` in problems.
    public static func load(directory: String, label: String) -> PublicKeys {
        var keys = PublicKeys()
        for name in Publications.entries(of: directory) where name.hasSuffix(".pub") {
            let rel = "\(label)/\(name)"
            do {
                let text = String(decoding: try AtomicFile.read("\(directory)/\(name)", limit: 1 << 16), as: UTF8.self)
                let key = try PublicKeyFile.parse(text, path: rel)
                keys.byId[key.keyId] = key
            } catch {
                keys.problems.append(VerifyProblem(.warning, rel, error: error))
            }
        }
        return keys
    }
}

/// The keys a signature is checked against. The reader's trusted keys, with those rotation
/// statements hand over to, decide; keys published in the catalogue's `keys/` only let verify name
/// the signer of a valid signature it does not trust.
public struct SignatureKeys: Sendable {
    public var trusted: TrustedKeys
    public var published: PublicKeys

    public init(trust: TrustedKeys, keysDirectory: String?, label: String) {
        let rotations = keysDirectory.map { KeyRotation.load(directory: $0, relativeTo: label).rotations } ?? []
        trusted = trust.following(rotations)
        published = keysDirectory.map { PublicKeys.load(directory: $0, label: label) } ?? PublicKeys()
        // A rotation statement publishes its new key too.
        for r in rotations where published.byId[r.newKey.keyId] == nil { published.byId[r.newKey.keyId] = r.newKey }
    }

    public enum Outcome {
        case trusted(TrustedKey)
        /// A valid signature by a key no one trusts.
        case untrusted(PublicKeyFile)
        case invalid
        /// No key, trusted or published, has this id.
        case unknown
    }

    public func check(_ signature: Data, of bytes: [UInt8], keyId: String) -> Outcome {
        let candidates = trusted.withKeyId(keyId)
        if let key = candidates.first(where: { $0.file.key.isValidSignature(signature, for: bytes) }) { return .trusted(key) }
        if let key = published.byId[keyId], key.key.isValidSignature(signature, for: bytes) { return .untrusted(key) }
        return candidates.isEmpty && published.byId[keyId] == nil ? .unknown : .invalid
    }
}
