import CatalogCore
import CatalogFiles
import CatalogIndex
import Crypto
import Foundation
import Testing
@testable import Publishing

@Suite("Publishing, verifying and tampering")
struct PublisherTests {
    /// A demo copy with a signing key whose public half is in keys/.
    struct Setup {
        var root: String
        var store: IndexStore
        var key: PrivateKeyFile
        var publisher: Publisher

        init() throws {
            root = try Fixture.demoCopy()
            store = try IndexStore(catalogRoot: root)
            key = PrivateKeyFile(name: "office", key: .init())
            try Fixture.write(key.publicFile.text, "\(root)/keys/office.pub")
            publisher = Publisher(catalogRoot: root, trust: TrustedKeys([TrustedKey(key.publicFile, source: "test")]))
        }

        func request(_ q: String, signed: Bool = true, supersede: String? = nil, uncommitted: [String] = []) -> PublishRequest {
            PublishRequest(quarter: Fixture.q(q), source: Fixture.source, uncommittedPaths: uncommitted, key: signed ? key : nil,
                           supersedeReason: supersede)
        }

        @discardableResult
        func publish(_ q: String, signed: Bool = true, supersede: String? = nil) throws -> PublishOutcome {
            try publisher.publish(request(q, signed: signed, supersede: supersede), store: store)
        }

        func path(_ rel: String) -> String { "\(root)/\(rel)" }

        /// The reader trusts the office's key (as keygen makes its owner do).
        var trust: TrustedKeys { TrustedKeys([TrustedKey(key.publicFile, source: "test")]) }

        func verify(_ q: String, requireSignature: Bool = false, trust: TrustedKeys? = nil) -> VerifyReport {
            Verifier.verify(catalogRoot: root, quarter: q, trust: trust ?? self.trust, requireSignature: requireSignature)
        }
    }

    static func errors(_ r: VerifyReport) -> [String] {
        r.problems.filter { $0.severity == .error }.map { "\($0.path): \($0.message)" }
    }

    @Test("a published quarter holds every file, verifies, and is signed by the catalogue's key")
    func publishAndVerify() throws {
        let s = try Setup()
        let outcome = try s.publish("2026-Q4")
        #expect(outcome.path == "publications/2026-Q4")
        let names = try FileManager.default.contentsOfDirectory(atPath: s.path(outcome.path)).sorted()
        #expect(names == ["changes.md", "list.csv", "list.html", "list.md", "list.xlsx", "list.yaml", "manifest.json", "manifest.sig"])
        let r = s.verify("2026-Q4", requireSignature: true)
        #expect(r.ok, "\(r.problems)")
        #expect(r.signer?.keyId == s.key.keyId)
        let m = r.manifest!
        #expect(m.quarter == "2026-Q4" && m.commit == Fixture.source.commit && m.published == "2026-11-29")
        #expect(m.files.map(\.path) == Publisher.listFiles)
        #expect(m.scenarios == outcome.prepared.selection.scenarios.count)
        #expect(m.signer == Manifest.Signer(name: "office", keyId: s.key.keyId))
        #expect(try Manifest.parse(Fixture.read(s.path("publications/2026-Q4/manifest.json"))) == m)
        // No temporary folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.path("publications")) == ["2026-Q4"])
    }

    @Test("one byte changed in any file is found and named")
    func oneByteChanged() throws {
        let s = try Setup()
        try s.publish("2026-Q3")
        for name in Publisher.listFiles + ["manifest.json"] {
            let path = s.path("publications/2026-Q3/\(name)")
            let original = try Fixture.read(path)
            var bytes = original
            bytes[bytes.count / 2] ^= 0x01
            try AtomicFile.write(bytes, to: path)
            let errors = Self.errors(s.verify("2026-Q3"))
            if name == "manifest.json" {
                // The manifest is covered by the signature, or it no longer parses.
                #expect(errors.contains { $0.hasPrefix("publications/2026-Q3/manifest.") }, "\(errors)")
            } else {
                #expect(errors == ["publications/2026-Q3/\(name): SHA-256 mismatch (changed after publishing)"])
            }
            try AtomicFile.write(original, to: path)
            #expect(s.verify("2026-Q3").ok)
        }
    }

    @Test("a deleted file, an extra file, a swapped signature and a key not in keys/ each fail verification")
    func tampering() throws {
        let s = try Setup()
        try s.publish("2026-Q2")
        try s.publish("2026-Q3")
        let dir = s.path("publications/2026-Q3")

        let csv = try Fixture.read("\(dir)/list.csv")
        try FileManager.default.removeItem(atPath: "\(dir)/list.csv")
        #expect(Self.errors(s.verify("2026-Q3")) == ["publications/2026-Q3/list.csv: missing (listed in the manifest)"])
        try AtomicFile.write(csv, to: "\(dir)/list.csv")

        try Fixture.write("extra\n", "\(dir)/notes.txt")
        #expect(Self.errors(s.verify("2026-Q3")) == ["publications/2026-Q3/notes.txt: not listed in the manifest"])
        try FileManager.default.removeItem(atPath: "\(dir)/notes.txt")

        let sig = try Fixture.read("\(dir)/manifest.sig")
        try AtomicFile.write(try Fixture.read(s.path("publications/2026-Q2/manifest.sig")), to: "\(dir)/manifest.sig")
        #expect(Self.errors(s.verify("2026-Q3")) == ["publications/2026-Q3/manifest.sig: signature does not match manifest.json (wrong signature, or the manifest was changed)"])
        try AtomicFile.write(sig, to: "\(dir)/manifest.sig")

        try FileManager.default.removeItem(atPath: "\(dir)/manifest.sig")
        #expect(Self.errors(s.verify("2026-Q3")).first?.hasPrefix("publications/2026-Q3/manifest.sig: missing") == true)
        try AtomicFile.write(sig, to: "\(dir)/manifest.sig")

        // Trust is the reader's: the catalogue's keys/ neither gives it nor takes it away.
        try FileManager.default.removeItem(atPath: s.path("keys/office.pub"))
        #expect(s.verify("2026-Q3").ok)
        let other = PrivateKeyFile(name: "office", key: .init())
        try Fixture.write(other.publicFile.text, s.path("keys/office.pub"))
        #expect(s.verify("2026-Q3").ok)
        let nobody = TrustedKeys([TrustedKey(other.publicFile, source: "test")])
        #expect(Self.errors(s.verify("2026-Q3", trust: nobody)).first?.hasPrefix("publications/2026-Q3/manifest.sig: untrusted key: key \(s.key.keyId) (office) is not a key you trust") == true)
        try Fixture.write(s.key.publicFile.text, s.path("keys/office.pub"))
        #expect(Self.errors(s.verify("2026-Q3", trust: nobody)).first?.hasPrefix("publications/2026-Q3/manifest.sig: untrusted key: the signature is valid, but made by office") == true)
    }

    @Test("an unsigned list verifies with a warning, and fails when a signature is required")
    func unsigned() throws {
        let s = try Setup()
        try s.publish("2026-Q1", signed: false)
        let r = s.verify("2026-Q1")
        #expect(r.ok && !r.isSigned)
        #expect(r.problems.map(\.message) == ["unsigned: the list has no signature (publish it with --key to sign it)"])
        #expect(!s.verify("2026-Q1", requireSignature: true).ok)
        #expect(Self.errors(s.verify("2030-Q1")) == ["publications/2030-Q1: no such publication"])
    }

    @Test("refusals: already published, uncommitted changes, key not in keys/, invalid catalogue")
    func refusals() throws {
        let s = try Setup()
        try s.publish("2026-Q4")
        #expect(throws: PublishingError.self) { try s.publish("2026-Q4") }
        if case .alreadyPublished? = s.publisher.blockers(s.request("2026-Q4")).first {} else { Issue.record("expected alreadyPublished") }

        // Changes in the index folder and in the quarter's own folder do not block; anything else does.
        let blocked = s.publisher.blockers(s.request("2027-Q1", uncommitted: [".scencat/index.sqlite", "publications/2027-Q1/list.csv",
                                                                              "publications/.publish-2027-Q1-99/x", "scenarios/a.yaml",
                                                                              "publications/2026-Q4/list.csv"]))
        guard case .uncommittedChanges(let paths)? = blocked.first else { Issue.record("expected uncommittedChanges"); return }
        #expect(paths == ["publications/2026-Q4/list.csv", "scenarios/a.yaml"])

        var r = s.request("2027-Q1")
        r.key = PrivateKeyFile(name: "stranger", key: .init())
        guard case .keyNotInCatalogue(let name, _)? = s.publisher.blockers(r).first else { Issue.record("expected keyNotInCatalogue"); return }
        #expect(name == "stranger")

        let bad = s.path("scenarios/chaozhou-ancient-city-guide.yaml")
        try Fixture.write(try Fixture.text(bad).replacingOccurrences(of: "stage: demonstration", with: "stage: flying"), bad)
        do {
            try s.publish("2027-Q1")
            Issue.record("published an invalid catalogue")
        } catch PublishingError.invalidCatalogue(let diags) {
            #expect(diags.contains { $0.severity == .error && $0.file == "scenarios/chaozhou-ancient-city-guide.yaml" })
        }
        #expect(!FileManager.default.fileExists(atPath: s.path("publications/2027-Q1")))
    }

    @Test("changes.md compares with the previous published quarter; a tampered previous list stops publishing")
    func changesAgainstPrevious() throws {
        let s = try Setup()
        try s.publish("2025-Q4")
        let outcome = try s.publish("2026-Q2")
        #expect(outcome.prepared.previous == Fixture.q("2025-Q4"))
        let d = outcome.prepared.diff!
        #expect(!d.added.isEmpty)
        let changes = try Fixture.text(s.path("publications/2026-Q2/changes.md"))
        #expect(changes.contains("相对 2025-Q4：新增 \(d.added.count)"))
        for e in d.added { #expect(changes.contains("`\(e.id)`")) }
        let m = s.verify("2026-Q2").manifest!
        #expect(m.previous == "2025-Q4" && m.added == d.added.count)

        let yaml = s.path("publications/2026-Q2/list.yaml")
        try Fixture.write(try Fixture.text(yaml) + "# edited\n", yaml)
        #expect(throws: PublishingError.self) { try s.publish("2026-Q3") }
    }

    @Test("--supersede keeps the old list in superseded/N with the reason; tampering with it is found")
    func supersede() throws {
        let s = try Setup()
        try s.publish("2026-Q4")
        let oldManifest = try Fixture.read(s.path("publications/2026-Q4/manifest.json"))
        let first = try s.publish("2026-Q4", supersede: "改正示例数据")
        #expect(first.supersededAs == 1)
        #expect(try Fixture.read(s.path("publications/2026-Q4/superseded/1/manifest.json")) == oldManifest)
        let second = try s.publish("2026-Q4", supersede: "second correction")
        #expect(second.supersededAs == 2)
        let r = s.verify("2026-Q4")
        #expect(r.ok, "\(r.problems)")
        #expect(r.manifest!.superseded.map(\.number) == [1, 2])
        #expect(r.manifest!.superseded.map(\.reason) == ["改正示例数据", "second correction"])
        #expect(FileManager.default.fileExists(atPath: s.path("publications/2026-Q4/superseded/2/superseded/1/manifest.json")) == false)
        #expect(FileManager.default.fileExists(atPath: s.path("publications/2026-Q4/superseded/1/list.yaml")))

        let kept = s.path("publications/2026-Q4/superseded/1/list.md")
        try Fixture.write(try Fixture.text(kept) + "x", kept)
        #expect(Self.errors(s.verify("2026-Q4")) == ["publications/2026-Q4/superseded/1/list.md: SHA-256 mismatch (changed after publishing)"])
    }

    @Test("a folder that appears while publishing is not overwritten, and no temporary folder is left")
    func raceLeavesNothing() throws {
        let s = try Setup()
        let selection = try s.publisher.selection(Fixture.q("2026-Q1"), store: s.store)
        let prepared = try s.publisher.prepare(s.request("2026-Q1"), selection: selection)
        try Fixture.write("someone else's\n", s.path("publications/2026-Q1/list.yaml"))
        #expect(throws: PublishingError.self) { try s.publisher.write(prepared, quarter: Fixture.q("2026-Q1"), superseding: false) }
        #expect(try Fixture.text(s.path("publications/2026-Q1/list.yaml")) == "someone else's\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.path("publications")) == ["2026-Q1"])
    }

    @Test("key files: the key id is the SHA-256 prefix of the public key; edited files are refused")
    func keys() throws {
        let k = PrivateKeyFile(name: "office", key: .init())
        let parsed = try PrivateKeyFile.parse(k.text, path: "k")
        #expect(parsed.key.rawRepresentation == k.key.rawRepresentation)
        #expect(k.keyId == String(Signing.hex(SHA256.hash(data: k.key.publicKey.rawRepresentation)).prefix(16)))
        let pub = try PublicKeyFile.parse(k.publicFile.text, path: "p")
        #expect(pub.keyId == k.keyId && pub.name == "office")
        #expect(throws: KeyFileError.self) { try PublicKeyFile.parse(k.publicFile.text.replacingOccurrences(of: k.keyId, with: "0000000000000000"), path: "p") }
        #expect(throws: KeyFileError.self) { try PrivateKeyFile.parse("name: x\n", path: "k") }
        #expect(Signing.isValidName("office-2") && !Signing.isValidName("Office") && !Signing.isValidName("../x"))
        let sig = SignatureFile(keyId: k.keyId, signature: try k.sign([1, 2, 3]))
        #expect(try SignatureFile.parse(sig.text, path: "s") == sig)
    }
}
