import CatalogCore
import CatalogFiles
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One finding of `verify`, about one file of a publication.
public struct VerifyProblem: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    /// Relative to the catalogue folder: `publications/2026-Q4/list.csv`.
    public var path: String
    public var message: String

    public init(_ severity: Severity, _ path: String, _ message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    /// `PATH: error: MESSAGE`, with `prefix` (the catalogue folder as the user named it) before the path.
    public func formatted(prefix: String = "") -> String {
        let p = prefix.isEmpty || prefix == "." ? path : (prefix.hasSuffix("/") ? prefix + path : prefix + "/" + path)
        return "\(p): \(severity.rawValue): \(message)"
    }

    public var description: String { formatted() }
}

/// What `verify` found for one published quarter.
public struct VerifyReport: Sendable {
    public var quarter: String
    /// The folder, relative to the catalogue.
    public var path: String
    public var manifest: Manifest?
    /// The catalogue key that verified the signature.
    public var signer: (name: String, keyId: String)?
    public var problems: [VerifyProblem]

    public var ok: Bool { !problems.contains { $0.severity == .error } }
    public var isSigned: Bool { signer != nil }
}

/// Checks a publication against its manifest: every listed file present with its size and
/// SHA-256, nothing else in the folder, the signature made by a key in the catalogue's `keys/`,
/// and each superseded list kept beside it intact.
public enum Verifier {
    public static func verify(catalogRoot: String, quarter: String, requireSignature: Bool = false) -> VerifyReport {
        let layout = CatalogLayout(root: catalogRoot)
        let rel = "\(Publications.directoryName)/\(quarter)"
        var report = verifyFolder(layout: layout, relative: rel, expectedQuarter: quarter, keys: PublicKeys.load(catalogRoot: catalogRoot))
        if report.manifest != nil, report.signer == nil, !report.problems.contains(where: { $0.path.hasSuffix(Manifest.signatureFileName) }) {
            report.problems.append(VerifyProblem(requireSignature ? .error : .warning, rel,
                                                 "unsigned: the list has no signature (publish it with --key to sign it)"))
        }
        return report
    }

    /// `nested`: a superseded list inside the quarter's folder. The lists it had superseded in turn
    /// sit beside it (superseded/ is flat), checked by the top-level manifest, not under it.
    static func verifyFolder(layout: CatalogLayout, relative rel: String, expectedQuarter: String, keys: PublicKeys,
                             nested: Bool = false) -> VerifyReport {
        var report = VerifyReport(quarter: expectedQuarter, path: rel, manifest: nil, signer: nil, problems: [])
        func problem(_ file: String?, _ message: String) {
            report.problems.append(VerifyProblem(.error, file.map { "\(rel)/\($0)" } ?? rel, message))
        }
        let dir = layout.path(rel)
        guard Publications.isDirectory(dir) else {
            problem(nil, "no such publication")
            return report
        }
        let manifestBytes: [UInt8]
        do {
            manifestBytes = try AtomicFile.read(layout.path("\(rel)/\(Manifest.fileName)"), limit: 64 << 20)
        } catch let e as FileError {
            problem(Manifest.fileName, e.reason == "missing" ? "missing: a publication needs its manifest" : e.reason)
            return report
        } catch {
            problem(Manifest.fileName, "\(error)")
            return report
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.parse(manifestBytes)
        } catch {
            problem(Manifest.fileName, "\(error)")
            return report
        }
        report.manifest = manifest
        if manifest.quarter != expectedQuarter {
            problem(Manifest.fileName, "the manifest is for \(manifest.quarter), not \(expectedQuarter)")
        }
        // Files: present, same size, same hash — hashed on every core.
        var listed = Set<String>()
        var safe: [Manifest.FileEntry] = []
        for f in manifest.files {
            if !Publications.isPlainFileName(f.path) || f.path == Manifest.fileName || f.path == Manifest.signatureFileName {
                problem(nil, "the manifest lists '\(f.path)', which is not a file name a publication may hold")
                continue
            }
            if !listed.insert(f.path).inserted { problem(Manifest.fileName, "'\(f.path)' is listed twice"); continue }
            safe.append(f)
        }
        let results = ParallelMap.map(safe) { f -> String? in
            let bytes: [UInt8]
            do {
                bytes = try AtomicFile.read(layout.path("\(rel)/\(f.path)"))
            } catch let e as FileError {
                return e.reason == "missing" ? "missing (listed in the manifest)" : e.reason
            } catch {
                return "\(error)"
            }
            if bytes.count != f.bytes || Signing.sha256Hex(bytes) != f.sha256.lowercased() {
                return "SHA-256 mismatch (changed after publishing)"
            }
            return nil
        }
        for (f, r) in zip(safe, results) { if let r { problem(f.path, r) } }
        // Nothing else in the folder.
        let supersededNumbers = nested ? [] : Set(manifest.superseded.map { String($0.number) })
        for name in Publications.entries(of: dir) {
            if listed.contains(name) || name == Manifest.fileName || name == Manifest.signatureFileName { continue }
            if name == Manifest.supersededDirectory && Publications.isDirectory("\(dir)/\(name)") {
                for n in Publications.entries(of: "\(dir)/\(name)") where !supersededNumbers.contains(n) {
                    problem("\(name)/\(n)", "not listed in the manifest's superseded lists")
                }
                continue
            }
            problem(name, "not listed in the manifest")
        }
        // Signature.
        let sigRel = "\(rel)/\(Manifest.signatureFileName)"
        let sigText = try? AtomicFile.read(layout.path(sigRel), limit: 1 << 16)
        if let signer = manifest.signer {
            if let sigText {
                do {
                    let sig = try SignatureFile.parse(String(decoding: sigText, as: UTF8.self), path: sigRel)
                    if sig.keyId != signer.keyId {
                        problem(Manifest.signatureFileName, "signed with key \(sig.keyId), but the manifest names key \(signer.keyId)")
                    } else if let key = keys.byId[signer.keyId] {
                        if key.key.isValidSignature(sig.signature, for: manifestBytes) {
                            report.signer = (key.name, key.keyId)
                        } else {
                            problem(Manifest.signatureFileName, "signature does not match manifest.json (wrong signature, or the manifest was changed)")
                        }
                    } else {
                        problem(Manifest.signatureFileName, "key \(signer.keyId) (\(signer.name)) is not in \(PublicKeys.directoryName)/: no public key of the catalogue verifies this list")
                    }
                } catch {
                    problem(Manifest.signatureFileName, (error as? KeyFileError)?.message ?? "\(error)")
                }
            } else {
                problem(Manifest.signatureFileName, "missing: the manifest names signer \(signer.name) (key \(signer.keyId))")
            }
        } else if sigText != nil {
            problem(Manifest.signatureFileName, "a signature, but the manifest names no signer")
        }
        // Superseded lists, each checked like a publication of its own.
        for s in nested ? [] : manifest.superseded {
            let subRel = "\(rel)/\(Manifest.supersededDirectory)/\(s.number)"
            guard Publications.isDirectory(layout.path(subRel)) else {
                problem("\(Manifest.supersededDirectory)/\(s.number)", "missing: the manifest records superseded list \(s.number)")
                continue
            }
            let subManifest = try? AtomicFile.read(layout.path("\(subRel)/\(Manifest.fileName)"), limit: 64 << 20)
            if let subManifest, Signing.sha256Hex(subManifest) != s.manifestSha256.lowercased() {
                problem("\(Manifest.supersededDirectory)/\(s.number)/\(Manifest.fileName)", "SHA-256 mismatch (changed after it was superseded)")
            }
            let sub = verifyFolder(layout: layout, relative: subRel, expectedQuarter: expectedQuarter, keys: keys, nested: true)
            report.problems += sub.problems
        }
        return report
    }
}

/// The catalogue's public keys (`keys/*.pub`), by key id.
public struct PublicKeys: Sendable {
    public static let directoryName = "keys"
    public var byId: [String: PublicKeyFile] = [:]
    /// Key files that could not be read, with why.
    public var problems: [VerifyProblem] = []

    public static func load(catalogRoot: String) -> PublicKeys {
        let layout = CatalogLayout(root: catalogRoot)
        var keys = PublicKeys()
        for name in Publications.entries(of: layout.path(directoryName)) where name.hasSuffix(".pub") {
            let rel = "\(directoryName)/\(name)"
            do {
                let text = String(decoding: try AtomicFile.read(layout.path(rel), limit: 1 << 16), as: UTF8.self)
                let key = try PublicKeyFile.parse(text, path: rel)
                keys.byId[key.keyId] = key
            } catch {
                keys.problems.append(VerifyProblem(.warning, rel, (error as? KeyFileError)?.message ?? "\(error)"))
            }
        }
        return keys
    }
}
