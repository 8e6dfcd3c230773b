import CatalogFiles
import CatalogIndex
import Crypto
import Foundation
import Testing
@testable import Publishing

/// Trust anchored outside the catalogue: what the Verifier accepts as a signer.
@Suite("Verifying against the reader's trusted keys")
struct TrustVerifierTests {
    struct Office {
        var root: String
        var store: IndexStore
        var key = PrivateKeyFile(name: "office", key: .init())
        var trust: TrustedKeys { TrustedKeys([TrustedKey(key.publicFile, source: "office's trust file")]) }

        init() throws {
            root = try Fixture.demoCopy()
            store = try IndexStore(catalogRoot: root)
            try Fixture.write(key.publicFile.text, "\(root)/keys/office.pub")
        }

        func publish(_ q: String, with signer: PrivateKeyFile? = nil) throws {
            let k = signer ?? key
            if !FileManager.default.fileExists(atPath: "\(root)/keys/\(k.name).pub") { try Fixture.write(k.publicFile.text, "\(root)/keys/\(k.name).pub") }
            let request = PublishRequest(quarter: Fixture.q(q), source: Fixture.source, uncommittedPaths: [], key: k)
            try Publisher(catalogRoot: root, trust: trust).publish(request, store: store)
        }

        func errors(_ q: String, trust: TrustedKeys? = nil) -> [String] {
            Verifier.verify(catalogRoot: root, quarter: q, trust: trust ?? self.trust).problems.filter { $0.severity == .error }.map { "\($0.path): \($0.message)" }
        }
    }

    @Test("a tampered quarter re-signed with a forged key published in keys/ (even named office) is an untrusted key")
    func forgedKeyInTheCatalogue() throws {
        let o = try Office()
        try o.publish("2026-Q3")
        let dir = "\(o.root)/publications/2026-Q3"
        // The forger changes a byte of list.csv, writes its new hash into the manifest, names their key
        // in it, signs it, and publishes their key in keys/ under the office's name.
        var csv = try Fixture.read("\(dir)/list.csv")
        let oldHash = Signing.sha256Hex(csv)
        csv[csv.count / 2] ^= 0x01
        try AtomicFile.write(csv, to: "\(dir)/list.csv")
        let forged = PrivateKeyFile(name: "office", key: .init())
        let manifest = try Fixture.text("\(dir)/manifest.json")
            .replacingOccurrences(of: oldHash, with: Signing.sha256Hex(csv))
            .replacingOccurrences(of: o.key.keyId, with: forged.keyId)
        try Fixture.write(manifest, "\(dir)/manifest.json")
        try Fixture.write(SignatureFile(keyId: forged.keyId, signature: try forged.sign(Array(manifest.utf8))).text, "\(dir)/manifest.sig")
        try Fixture.write(forged.publicFile.text, "\(o.root)/keys/office-backup.pub")

        let errors = o.errors("2026-Q3")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("publications/2026-Q3/manifest.sig: untrusted key: the signature is valid, but made by office (fingerprint \(Fingerprint.of(forged.key.publicKey)))") == true, "\(errors)")
        // Trusting the forged key (only) is what it would take.
        #expect(o.errors("2026-Q3", trust: TrustedKeys([TrustedKey(forged.publicFile, source: "t")])).isEmpty)
        // Nor does the publisher compare against the forged list.
        #expect(throws: PublishingError.self) { try o.publish("2026-Q4") }
    }

    @Test("a rotation statement signed by a trusted key hands over to the new key, chains follow, forged ones do not")
    func rotation() throws {
        let o = try Office()
        let k2 = PrivateKeyFile(name: "office-2027", key: .init())
        let k3 = PrivateKeyFile(name: "office-2028", key: .init())
        try o.publish("2026-Q2")
        try o.publish("2026-Q3", with: k3)
        #expect(o.errors("2026-Q3").first?.contains("untrusted key: the signature is valid, but made by office-2028") == true)

        let r12 = try KeyRotation.make(old: o.key, new: k2.publicFile, date: "2026-12-06")
        let r23 = try KeyRotation.make(old: k2, new: k3.publicFile, date: "2026-12-07")
        try Fixture.write(r12.text, "\(o.root)/\(r12.path)")
        try Fixture.write(r23.text, "\(o.root)/\(r23.path)")
        #expect(try KeyRotation.parse(r12.text, path: "x").isValid)
        let report = Verifier.verify(catalogRoot: o.root, quarter: "2026-Q3", trust: o.trust)
        #expect(report.ok, "\(report.problems)")
        #expect(report.signer?.fingerprint == Fingerprint.of(k3.key.publicKey))
        #expect(report.signer?.trustedBecause.hasPrefix("rotated from office-2027") == true)
        #expect(report.problems.contains { $0.severity == .warning && $0.message.hasPrefix("signed by a different key than the previous quarter 2026-Q2: office-2028") })

        // A statement signed by someone else (here: the new key itself) hands over nothing.
        let selfSigned = try KeyRotation.make(old: k3, new: k3.publicFile, date: "2026-12-07")
        var forged = r23
        forged.signature = selfSigned.signature
        try Fixture.write(forged.text, "\(o.root)/\(r23.path)")
        #expect(!Verifier.verify(catalogRoot: o.root, quarter: "2026-Q3", trust: o.trust).ok)
    }

    @Test("fingerprints: the full SHA-256 in any common spelling; a key id is not one")
    func fingerprints() {
        let k = PrivateKeyFile(name: "office", key: .init()).publicFile
        let fp = Fingerprint.of(k.key)
        #expect(fp.count == 64 && fp.hasPrefix(k.keyId))
        var grouped = ""
        for (i, c) in fp.uppercased().enumerated() { grouped += (i > 0 && i % 4 == 0 ? " " : "") + String(c) }
        #expect(Fingerprint.normalized("SHA256:" + grouped) == fp)
        #expect(Fingerprint.normalized(k.keyId) == nil)
        #expect(Fingerprint.normalized(String(fp.dropLast()) + "g") == nil)
    }

    @Test("the configuration folder: SCENCAT_CONFIG_DIR, then XDG_CONFIG_HOME, then HOME; trust files added once and removed")
    func trustStore() throws {
        #expect(ScencatConfig.from(environment: ["SCENCAT_CONFIG_DIR": "/a", "XDG_CONFIG_HOME": "/b", "HOME": "/c"])?.directory == "/a")
        #expect(ScencatConfig.from(environment: ["XDG_CONFIG_HOME": "/b", "HOME": "/c"])?.trustedDirectory == "/b/scencat/trusted")
        #expect(ScencatConfig.from(environment: ["HOME": "/c", "XDG_CONFIG_HOME": ""])?.keysDirectory == "/c/.config/scencat/keys")
        #expect(ScencatConfig.from(environment: [:]) == nil)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-trust-\(UUID().uuidString)/trusted").path
        let store = TrustStore(directory: dir)
        let k = PrivateKeyFile(name: "office", key: .init()).publicFile
        let first = try store.add(k)
        #expect(!first.existed && first.path == "\(dir)/office-\(k.keyId).pub")
        #expect(try store.add(k).existed)
        #expect(store.trustedKeys.contains(fingerprint: Fingerprint.of(k.key)))
        try Fixture.write("not a key\n", "\(dir)/junk.pub")
        #expect(store.load().problems.count == 1)
        #expect(try store.remove { $0.keyId == k.keyId }.count == 1)
        // A hostile name never becomes a path.
        let hostile = PublicKeyFile(name: "../../escape", key: PrivateKeyFile(name: "x", key: .init()).key.publicKey)
        #expect(try store.add(hostile).path == "\(dir)/key-\(hostile.keyId).pub")
        #expect(try store.remove { $0.keyId == hostile.keyId }.count == 1)
        #expect(store.trustedKeys.isEmpty)
    }
}
