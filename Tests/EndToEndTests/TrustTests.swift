import Foundation
import Testing

/// Trust anchored outside the repository: `verify` accepts a signature only by a key the reader
/// trusts (trust files, `--trusted-key`), never because a key sits in the catalogue's `keys/`.
@Suite("Trusted keys", .serialized)
struct TrustTests {
    typealias Repo = PublishTests.Repo

    /// A reader with their own (empty) configuration folder.
    struct Reader {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-reader-\(UUID().uuidString)").path

        func scencat(_ args: [String], stdin: String? = nil) throws -> CLI.Result {
            try CLI.run(args, env: ["SCENCAT_CONFIG_DIR": config], stdin: stdin)
        }
    }

    /// keygen's output line `fingerprint: HEX`.
    static func fingerprint(_ keygen: CLI.Result) throws -> String {
        let line = try #require(keygen.stdout.split(separator: "\n").first { $0.contains("fingerprint: ") }, "\(keygen.stdout)")
        return String(line.split(separator: " ").last!)
    }

    /// An office repository, its key made and committed.
    static func office() throws -> (repo: Repo, fingerprint: String) {
        let a = try Repo()
        let k = try a.scencat("keygen", "--name", "office")
        #expect(k.code == 0, "\(k.stderr)")
        #expect(k.stdout.contains("trusted: \(a.config)/scencat/trusted/"), "keygen trusts its own key: \(k.stdout)")
        try a.commit("Signing key")
        return (a, try fingerprint(k))
    }

    @Test func aForgedKeyCommittedByASecondCloneIsUntrusted() throws {
        let (a, officeFingerprint) = try Self.office()
        let key = "\(a.config)/scencat/keys/office.key"
        #expect(try a.scencat("publish", "2026-Q2", "--key", key).code == 0)
        try a.commit("Publish 2026-Q2")
        #expect(try a.scencat("publish", "2026-Q3", "--key", key).code == 0)
        try a.commit("Publish 2026-Q3")

        // Someone with push access: their own key, named like the office's, a changed list re-signed with it.
        let b = try Repo(cloneOf: a)
        let forged = try b.scencat("keygen", "--name", "office-backup")
        #expect(forged.code == 0, "\(forged.stderr)")
        let forgedFingerprint = try Self.fingerprint(forged)
        // (publish checks the previous quarter against the publisher's trust: the forger trusts the office.)
        #expect(try b.scencat("trust", "add", officeFingerprint).code == 0)
        try b.edit("keys/office-backup.pub", "name: office-backup", "name: office")
        try b.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: scaled")
        try b.commit("A correction")
        let p = try b.scencat("publish", "2026-Q3", "--supersede", "--reason", "correction", "--key", "\(b.config)/scencat/keys/office-backup.key")
        #expect(p.code == 0, "\(p.stderr)")
        try b.commit("Republish 2026-Q3")

        try a.git("pull", "--quiet", "--ff-only", b.top, "HEAD")
        let v = try a.scencat("verify", "2026-Q3", "--require-signature")
        #expect(v.code == 1, "\(v.stdout)")
        #expect(v.stderr.contains("publications/2026-Q3/manifest.sig: error: untrusted key: the signature is valid, but made by office (fingerprint \(forgedFingerprint))"), "\(v.stderr)")
        #expect(!v.stdout.contains("verified"))
        // The quarter the office signed still verifies, naming its full fingerprint.
        let q2 = try a.scencat("verify", "2026-Q2", "--require-signature")
        #expect(q2.code == 0, "\(q2.stderr)")
        #expect(q2.stdout.contains("signed by office (key \(officeFingerprint.prefix(16)))\n  fingerprint \(officeFingerprint)"), "\(q2.stdout)")

        // A new reader trusts nothing until they add the fingerprint the office gave them.
        let reader = Reader()
        let fresh = try reader.scencat(["verify", "2026-Q2", "--catalog", a.cat])
        #expect(fresh.code == 1 && fresh.stderr.contains("untrusted key"), "\(fresh.stderr)")
        let add = try reader.scencat(["trust", "add", officeFingerprint, "--catalog", a.cat])
        #expect(add.code == 0, "\(add.stderr)")
        #expect(try reader.scencat(["verify", "2026-Q2", "--catalog", a.cat]).code == 0)
        #expect(try reader.scencat(["verify", "2026-Q3", "--catalog", a.cat]).code == 1)
        // A fingerprint that is not a published key is refused, as is a shortened one.
        #expect(try reader.scencat(["trust", "add", String(repeating: "ab", count: 32), "--catalog", a.cat]).code == 1)
        #expect(try reader.scencat(["trust", "add", String(officeFingerprint.prefix(16)), "--catalog", a.cat]).code == 1)
    }

    @Test func aRotatedKeyIsTrustedThroughTheOldOneAndTheChangeIsSaid() throws {
        let (a, officeFingerprint) = try Self.office()
        let keys = "\(a.config)/scencat/keys"
        #expect(try a.scencat("publish", "2026-Q2", "--key", "\(keys)/office.key").code == 0)
        let k2 = try a.scencat("keygen", "--name", "office-2027")
        #expect(k2.code == 0)
        let newFingerprint = try Self.fingerprint(k2)
        let rot = try a.scencat("key", "rotate", "--old", "\(keys)/office.key", "--new", "office-2027")
        #expect(rot.code == 0, "\(rot.stderr)")
        #expect(rot.stdout.contains("new fingerprint: \(newFingerprint)"))
        try a.commit("Rotate to office-2027")
        #expect(try a.scencat("publish", "2026-Q3", "--key", "\(keys)/office-2027.key").code == 0)
        try a.commit("Publish")

        let reader = Reader()
        #expect(try reader.scencat(["trust", "add", officeFingerprint, "--catalog", a.cat]).code == 0)
        let v = try reader.scencat(["verify", "--require-signature", "--catalog", a.cat])
        #expect(v.code == 0, "\(v.stderr)")
        #expect(v.stdout.contains("signed by office-2027 (key \(newFingerprint.prefix(16)))\n  fingerprint \(newFingerprint), trusted: rotated from office (\(officeFingerprint))"), "\(v.stdout)")
        #expect(v.stderr.contains("publications/2026-Q3: warning: signed by a different key than the previous quarter 2026-Q2"), "\(v.stderr)")

        // A statement not signed by the old key hands over nothing.
        let rotation = try #require(try FileManager.default.contentsOfDirectory(atPath: a.file("keys")).first { $0.hasSuffix(".rotation") })
        let path = a.file("keys/\(rotation)")
        let text = try CLI.read(path)
        try CLI.write(text.replacingOccurrences(of: "date: ", with: "date: 1"), to: path)
        let broken = try reader.scencat(["verify", "2026-Q3", "--catalog", a.cat])
        #expect(broken.code == 1 && broken.stderr.contains("untrusted key: the signature is valid, but made by office-2027"), "\(broken.stderr)")
        try FileManager.default.removeItem(atPath: path)
        #expect(try reader.scencat(["verify", "2026-Q3", "--catalog", a.cat]).code == 1)
        // Removing the trust in the old key leaves nothing trusted.
        try CLI.write(text, to: path)
        #expect(try reader.scencat(["trust", "remove", "office"]).code == 0)
        #expect(try reader.scencat(["verify", "2026-Q3", "--catalog", a.cat]).code == 1)
    }

    @Test func aPublicationFolderVerifiesOutsideAnyClone() throws {
        let (a, fingerprint) = try Self.office()
        #expect(try a.scencat("publish", "2026-Q3", "--key", "\(a.config)/scencat/keys/office.key").code == 0)
        let download = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-download-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: download, withIntermediateDirectories: true)
        let folder = "\(download)/清单-2026-Q3"
        try FileManager.default.copyItem(atPath: a.file("publications/2026-Q3"), toPath: folder)
        let pub = "\(download)/office.pub"
        try FileManager.default.copyItem(atPath: a.file("keys/office.pub"), toPath: pub)

        let reader = Reader()
        let v = try CLI.run(["verify", "--dir", folder, "--trusted-key", pub, "--require-signature"], cwd: download, env: ["SCENCAT_CONFIG_DIR": reader.config])
        #expect(v.code == 0, "\(v.stderr)")
        #expect(v.stdout.contains("\(folder): verified: 6 files"), "\(v.stdout)")
        #expect(v.stdout.contains("fingerprint \(fingerprint), trusted: --trusted-key \(pub)"), "\(v.stdout)")
        let untrusted = try reader.scencat(["verify", "--dir", folder])
        #expect(untrusted.code == 1 && untrusted.stderr.contains("untrusted key: key \(fingerprint.prefix(16)) (office) is not a key you trust"), "\(untrusted.stderr)")
        try CLI.write("x", to: "\(folder)/list.md")
        let bad = try reader.scencat(["verify", "--dir", folder, "--trusted-key", pub])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("\(folder)/list.md: error: SHA-256 mismatch"), "\(bad.stderr)")
        #expect(try reader.scencat(["verify", "--dir", folder, "2026-Q3"]).code == 2)
    }

    @Test func trustAddShowsTheFingerprintAndAsks() throws {
        let a = try Repo()
        let k = try a.scencat("keygen", "--name", "office")
        let fingerprint = try Self.fingerprint(k)
        let reader = Reader()
        let pub = a.file("keys/office.pub")
        let no = try reader.scencat(["trust", "add", pub], stdin: "n\n")
        #expect(no.code == 1)
        #expect(no.stdout.contains("fingerprint: \(fingerprint)"))
        #expect(!FileManager.default.fileExists(atPath: "\(reader.config)/trusted"))
        let wrong = try reader.scencat(["trust", "add", pub, "--fingerprint", String(repeating: "0", count: 64)])
        #expect(wrong.code == 1 && wrong.stderr.contains("not trusted"))
        let yes = try reader.scencat(["trust", "add", pub], stdin: "yes\n")
        #expect(yes.code == 0, "\(yes.stderr)")
        #expect(yes.stdout.contains("trusted: \(reader.config)/trusted/office-\(fingerprint.prefix(16)).pub"))
        let again = try reader.scencat(["trust", "add", pub, "--fingerprint", fingerprint.uppercased()])
        #expect(again.code == 0 && again.stdout.contains("already trusted"))
        let list = try reader.scencat(["trust", "list", "--format", "csv"])
        #expect(list.stdout.contains("office,\(fingerprint.prefix(16)),\(fingerprint),"), "\(list.stdout)")
        #expect(try reader.scencat(["trust", "remove", "nobody"]).code == 1)
        let removed = try reader.scencat(["trust", "remove", fingerprint])
        #expect(removed.code == 0 && removed.stdout.contains("no longer trusted: office \(fingerprint)"))
        #expect(try reader.scencat(["trust", "list", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
