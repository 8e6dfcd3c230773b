import CatalogCore
import CatalogFiles
import Crypto
import Foundation

/// A rotation statement, `keys/OLDID-NEWID.rotation`: the old key hands over to a new one, signed
/// by the old key. A reader who trusts the old key trusts the new one through it.
/// ```
/// # scencat key rotation (Ed25519): the old key hands over to the new one, signed by the old key
/// old-name: office
/// old-ed25519: <base64 public key>
/// new-name: office-2027
/// new-ed25519: <base64 public key>
/// date: 2026-12-06
/// ed25519-signature: <base64 of 64 bytes>
/// ```
/// The signature covers `message`, built from the fields (not the file's bytes, so comments and
/// spacing do not matter).
public struct KeyRotation: Sendable {
    public static let fileExtension = "rotation"
    public var oldKey: PublicKeyFile
    public var newKey: PublicKeyFile
    public var date: String
    public var signature: Data
    /// Relative to the catalogue, for messages.
    public var path: String

    public var oldFingerprint: String { Fingerprint.of(oldKey.key) }
    public var newFingerprint: String { Fingerprint.of(newKey.key) }

    /// The file name it is kept under in `keys/`.
    public static func fileName(old: PublicKeyFile, new: PublicKeyFile) -> String {
        "\(old.keyId)-\(new.keyId).\(fileExtension)"
    }

    /// A statement signed by `old`.
    public static func make(old: PrivateKeyFile, new: PublicKeyFile, date: String) throws -> KeyRotation {
        var r = KeyRotation(oldKey: old.publicFile, newKey: new, date: date, signature: Data(),
                            path: "\(PublicKeys.directoryName)/\(fileName(old: old.publicFile, new: new))")
        r.signature = try old.sign(r.message)
        return r
    }

    var message: [UInt8] {
        Array("""
        scencat-key-rotation-1
        old-ed25519: \(oldKey.key.rawRepresentation.base64EncodedString())
        new-name: \(newKey.name)
        new-ed25519: \(newKey.key.rawRepresentation.base64EncodedString())
        date: \(date)

        """.utf8)
    }

    public var isValid: Bool { oldKey.key.isValidSignature(signature, for: message) }

    public var text: String {
        """
        # scencat key rotation (Ed25519): the old key hands over to the new one, signed by the old key
        old-name: \(oldKey.name)
        old-ed25519: \(oldKey.key.rawRepresentation.base64EncodedString())
        new-name: \(newKey.name)
        new-ed25519: \(newKey.key.rawRepresentation.base64EncodedString())
        date: \(date)
        ed25519-signature: \(signature.base64EncodedString())

        """
    }

    public static func parse(_ text: String, path: String) throws -> KeyRotation {
        let f = try KeyText.fields(text, path: path)
        func key(_ prefix: String) throws -> PublicKeyFile {
            guard let name = f["\(prefix)-name"], let b64 = f["\(prefix)-ed25519"], let raw = Data(base64Encoded: b64), raw.count == 32,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw KeyFileError(path, CodedMessage("not a scencat key rotation (needs '\(prefix)-name:' and a 32-byte base64 '\(prefix)-ed25519:')",
                                                     "keyRotationKey", [prefix]))
            }
            return PublicKeyFile(name: name, key: key)
        }
        guard let date = f["date"], let b64 = f["ed25519-signature"], let sig = Data(base64Encoded: b64), sig.count == 64 else {
            throw KeyFileError(path, CodedMessage("not a scencat key rotation (needs 'date:' and a 64-byte 'ed25519-signature:')", "keyRotationSignature", []))
        }
        return KeyRotation(oldKey: try key("old"), newKey: try key("new"), date: date, signature: sig, path: path)
    }

    /// The statements in a keys folder (`keys/` of a catalogue), and the files that could not be read.
    public static func load(directory: String, relativeTo label: String) -> (rotations: [KeyRotation], problems: [VerifyProblem]) {
        var out: [KeyRotation] = []
        var problems: [VerifyProblem] = []
        for name in Publications.entries(of: directory) where name.hasSuffix(".\(fileExtension)") {
            let rel = "\(label)/\(name)"
            do {
                let text = String(decoding: try AtomicFile.read("\(directory)/\(name)", limit: 1 << 16), as: UTF8.self)
                out.append(try parse(text, path: rel))
            } catch {
                problems.append(VerifyProblem(.warning, rel, error: error))
            }
        }
        return (out, problems)
    }
}
