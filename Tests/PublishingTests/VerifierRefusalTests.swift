import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import Publishing

/// Every refusal of `Verifier`, one case per message: a signed publication is tampered with in
/// exactly one way — a forged manifest is signed again with the catalogue's own key, so only the
/// check under test can notice — and verifying it must give exactly that one error.
@Suite("Verifier refusals, one per message")
struct VerifierRefusalTests {
    typealias Setup = PublisherTests.Setup

    enum Refusal: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case noSuchPublication, manifestMissing, manifestNotJSON, quarterMismatch, unsafeFileNames, duplicateFileName,
             listedFileMissing, fileChanged, fileNotListed, supersededNotListed, supersededMissing, supersededManifestChanged,
             keyIdMismatch, signatureNotMatching, keyNotTrusted, keyUnknown, signatureUnreadable, signatureMissing,
             signatureWithoutSigner, unsignedWhenRequired
        var testDescription: String { rawValue }
    }

    static let dir = "publications/2026-Q4"

    /// Rewrites the quarter's manifest (`sub`: a superseded list's) and signs it again with `s.key`.
    static func forge(_ s: Setup, _ folder: String = dir, _ change: (inout Manifest) -> Void) throws {
        var m = try Manifest.parse(Fixture.read(s.path("\(folder)/manifest.json")))
        change(&m)
        try AtomicFile.write(m.bytes, to: s.path("\(folder)/manifest.json"))
        let sig = SignatureFile(keyId: s.key.keyId, signature: try s.key.sign(m.bytes))
        try Fixture.write(sig.text, s.path("\(folder)/manifest.sig"))
    }

    /// Makes the one change; returns the errors `verify 2026-Q4` must give (paths relative to the catalogue).
    static func tamper(_ refusal: Refusal, _ s: Setup) throws -> (errors: [String], requireSignature: Bool) {
        let d = dir
        switch refusal {
        case .noSuchPublication:
            try FileManager.default.removeItem(atPath: s.path(d))
            return (["\(d): no such publication"], false)
        case .manifestMissing:
            try FileManager.default.removeItem(atPath: s.path("\(d)/manifest.json"))
            return (["\(d)/manifest.json: missing: a publication needs its manifest"], false)
        case .manifestNotJSON:
            try Fixture.write("{\"quarter\": ", s.path("\(d)/manifest.json"))
            return (["\(d)/manifest.json: not valid JSON"], false)
        case .quarterMismatch:
            // A list published for one quarter, copied under another.
            try FileManager.default.removeItem(atPath: s.path(d))
            try FileManager.default.copyItem(atPath: s.path("publications/2026-Q3"), toPath: s.path(d))
            return (["\(d)/manifest.json: the manifest is for 2026-Q3, not 2026-Q4"], false)
        case .unsafeFileNames:
            let names = ["../keys/office.pub", ".hidden", "sub/list.csv", "manifest.json", "manifest.sig", ""]
            try forge(s) { m in
                for n in names { m.files.append(.init(path: n, bytes: 1, sha256: String(repeating: "0", count: 64))) }
            }
            return (names.map { "\(d): the manifest lists '\($0)', which is not a file name a publication may hold" }, false)
        case .duplicateFileName:
            try forge(s) { m in m.files.append(m.files.first { $0.path == "list.csv" }!) }
            return (["\(d)/manifest.json: 'list.csv' is listed twice"], false)
        case .listedFileMissing:
            try FileManager.default.removeItem(atPath: s.path("\(d)/list.md"))
            return (["\(d)/list.md: missing (listed in the manifest)"], false)
        case .fileChanged:
            // Same size, one byte different.
            var bytes = try Fixture.read(s.path("\(d)/list.csv"))
            bytes[bytes.count - 2] ^= 0x01
            try AtomicFile.write(bytes, to: s.path("\(d)/list.csv"))
            return (["\(d)/list.csv: SHA-256 mismatch (changed after publishing)"], false)
        case .fileNotListed:
            try Fixture.write("extra\n", s.path("\(d)/list.pdf"))
            return (["\(d)/list.pdf: not listed in the manifest"], false)
        case .supersededNotListed:
            try FileManager.default.createDirectory(atPath: s.path("\(d)/superseded/7"), withIntermediateDirectories: true)
            return (["\(d)/superseded/7: not listed in the manifest's superseded lists"], false)
        case .supersededMissing:
            try FileManager.default.removeItem(atPath: s.path("\(d)/superseded/1"))
            return (["\(d)/superseded/1: missing: the manifest records superseded list 1"], false)
        case .supersededManifestChanged:
            // The superseded list's manifest replaced by another one that verifies on its own
            // (signed by the catalogue's key): only the hash the current manifest keeps of it tells.
            try forge(s, "\(d)/superseded/1") { m in m.published = "2026-01-01" }
            return (["\(d)/superseded/1/manifest.json: SHA-256 mismatch (changed after it was superseded)"], false)
        case .keyIdMismatch:
            let other = PrivateKeyFile(name: "office", key: .init())
            try Fixture.write(other.publicFile.text, s.path("keys/other.pub"))
            let manifest = try Fixture.read(s.path("\(d)/manifest.json"))
            let sig = SignatureFile(keyId: other.keyId, signature: try other.sign(manifest))
            try Fixture.write(sig.text, s.path("\(d)/manifest.sig"))
            return (["\(d)/manifest.sig: signed with key \(other.keyId), but the manifest names key \(s.key.keyId)"], false)
        case .signatureNotMatching:
            try forge(s) { m in m.scenarios += 1 }
            try AtomicFile.write(try Fixture.read(s.path("publications/2026-Q3/manifest.sig")), to: s.path("\(d)/manifest.sig"))
            return (["\(d)/manifest.sig: signature does not match manifest.json (wrong signature, or the manifest was changed)"], false)
        case .keyNotTrusted:
            // A valid signature by a key the reader does not trust (verified below with no trusted key):
            // its place in keys/ is no reason to trust it. The superseded list, signed by it too, fails alike.
            let fp = Fingerprint.of(s.key.publicFile.key)
            return (["", "/superseded/1"].map {
                "\(d)\($0)/manifest.sig: untrusted key: the signature is valid, but made by office (fingerprint \(fp)), a key you do not trust "
                    + "(a key in the catalogue's keys/ is published there, not trusted); if its owner confirms this fingerprint to you, run: scencat trust add \(fp)"
            }, false)
        case .keyUnknown:
            // Neither trusted nor published: the reader is told where to get it.
            try FileManager.default.removeItem(atPath: s.path("keys/office.pub"))
            return (["", "/superseded/1"].map {
                "\(d)\($0)/manifest.sig: untrusted key: key \(s.key.keyId) (office) is not a key you trust, nor published in keys/; "
                    + "get its public key and fingerprint from its owner (scencat trust add FILE, or --trusted-key FILE)"
            }, false)
        case .signatureUnreadable:
            try Fixture.write("not a signature\n", s.path("\(d)/manifest.sig"))
            let message: String
            do {
                _ = try SignatureFile.parse("not a signature\n", path: "\(d)/manifest.sig")
                message = "parsed"
            } catch let e as KeyFileError {
                message = e.message
            }
            return (["\(d)/manifest.sig: \(message)"], false)
        case .signatureMissing:
            try FileManager.default.removeItem(atPath: s.path("\(d)/manifest.sig"))
            return (["\(d)/manifest.sig: missing: the manifest names signer office (key \(s.key.keyId))"], false)
        case .signatureWithoutSigner:
            // The signer dropped from the manifest, the signature kept (and made for the new bytes).
            try forge(s) { m in m.signer = nil }
            return (["\(d)/manifest.sig: a signature, but the manifest names no signer"], false)
        case .unsignedWhenRequired:
            try forge(s) { m in m.signer = nil }
            try FileManager.default.removeItem(atPath: s.path("\(d)/manifest.sig"))
            return (["\(d): unsigned: the list has no signature (publish it with --key to sign it)"], true)
        }
    }

    /// Two signed quarters, 2026-Q4 superseded once (so it holds superseded/1).
    static func published() throws -> Setup {
        let s = try Setup()
        try s.publish("2026-Q3")
        try s.publish("2026-Q4")
        try s.publish("2026-Q4", supersede: "改正示例数据")
        let r = s.verify("2026-Q4", requireSignature: true)
        #expect(r.ok && r.problems.isEmpty, "\(r.problems)")
        return s
    }

    @Test("each tampering gives exactly its one error", arguments: Refusal.allCases)
    func refusal(_ refusal: Refusal) throws {
        let s = try Self.published()
        let (expected, requireSignature) = try Self.tamper(refusal, s)
        let untrusting = refusal == .keyNotTrusted || refusal == .keyUnknown
        let report = s.verify("2026-Q4", requireSignature: requireSignature, trust: untrusting ? TrustedKeys([]) : nil)
        #expect(!report.ok)
        #expect(PublisherTests.errors(report) == expected, "\(refusal)")
    }
}
