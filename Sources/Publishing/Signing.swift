import CatalogCore
import Crypto
import Foundation
import Wording

/// Ed25519 keys for signing publications, and the small text files that hold them.
///
/// Public key (`Catalog/keys/NAME.pub`, committed with the catalogue):
/// ```
/// # scencat public key (Ed25519): verifies published lists
/// name: office
/// key-id: 1a2b3c4d5e6f7a8b
/// ed25519: <base64 of the 32-byte public key>
/// ```
/// Private key (mode 0600, outside the catalogue): the same with `ed25519-private: <base64 of the
/// 32-byte seed>`. The key id is the first 16 hex digits of the SHA-256 of the raw public key.
public enum Signing {
    public static func keyId(of publicKey: Curve25519.Signing.PublicKey) -> String {
        hex(SHA256.hash(data: publicKey.rawRepresentation)).prefix(16).description
    }

    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// A key name: what the file is called, `^[a-z0-9][a-z0-9-]{1,62}$` like an id.
    public static func isValidName(_ name: String) -> Bool {
        let u = Array(name.utf8)
        guard (2...63).contains(u.count) else { return false }
        func ok(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        return ok(u[0]) && u.dropFirst().allSatisfy { ok($0) || $0 == 0x2D }
    }
}

public struct KeyFileError: Error, CustomStringConvertible, Sendable, CodedError {
    public var path: String
    /// The English message (without the path).
    public var message: String
    /// The message's code (a `Text` key) and arguments.
    public var codedMessage: CodedMessage?
    public init(_ path: String, _ message: String) { self.path = path; self.message = message }
    public init(_ path: String, _ coded: CodedMessage) { self.init(path, coded.message); codedMessage = coded }
    public var description: String { "\(path): \(message)" }
    /// The message in the language in effect.
    public var shownMessage: String { codedMessage?.shown ?? message }
    /// `PATH: MESSAGE`, the message worded.
    public var coded: CodedMessage? { CodedMessage(description, "pathMessage", [path, shownMessage]) }
}

/// A public key from `keys/NAME.pub`.
public struct PublicKeyFile: Sendable {
    public var name: String
    public var keyId: String
    public var key: Curve25519.Signing.PublicKey

    public init(name: String, key: Curve25519.Signing.PublicKey) {
        self.name = name
        self.key = key
        keyId = Signing.keyId(of: key)
    }

    public var text: String {
        """
        # scencat public key (Ed25519): verifies published lists
        name: \(name)
        key-id: \(keyId)
        ed25519: \(key.rawRepresentation.base64EncodedString())

        """
    }

    public static func parse(_ text: String, path: String) throws -> PublicKeyFile {
        try KeyText.keyFile(text, path: path, kind: "public", keyField: "ed25519", keyId: \.keyId) {
            PublicKeyFile(name: $0, key: try Curve25519.Signing.PublicKey(rawRepresentation: $1))
        }
    }
}

/// A private key, read from its file outside the catalogue.
public struct PrivateKeyFile: Sendable {
    public var name: String
    public var key: Curve25519.Signing.PrivateKey

    public init(name: String, key: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.key = key
    }

    public var keyId: String { Signing.keyId(of: key.publicKey) }
    public var publicFile: PublicKeyFile { PublicKeyFile(name: name, key: key.publicKey) }

    public var text: String {
        """
        # scencat private key (Ed25519): signs published lists. Keep it secret; never commit it.
        name: \(name)
        key-id: \(keyId)
        ed25519-private: \(key.rawRepresentation.base64EncodedString())

        """
    }

    public static func parse(_ text: String, path: String) throws -> PrivateKeyFile {
        try KeyText.keyFile(text, path: path, kind: "private", keyField: "ed25519-private", keyId: \.keyId) {
            PrivateKeyFile(name: $0, key: try Curve25519.Signing.PrivateKey(rawRepresentation: $1))
        }
    }

    public func sign(_ bytes: [UInt8]) throws -> Data { try key.signature(for: bytes) }
}

/// `manifest.sig`: the signature over the exact bytes of manifest.json.
/// ```
/// # scencat signature (Ed25519) over manifest.json
/// key-id: 1a2b3c4d5e6f7a8b
/// ed25519-signature: <base64 of 64 bytes>
/// ```
public struct SignatureFile: Sendable, Equatable {
    public var keyId: String
    public var signature: Data

    public init(keyId: String, signature: Data) {
        self.keyId = keyId
        self.signature = signature
    }

    public var text: String {
        """
        # scencat signature (Ed25519) over manifest.json
        key-id: \(keyId)
        ed25519-signature: \(signature.base64EncodedString())

        """
    }

    public static func parse(_ text: String, path: String) throws -> SignatureFile {
        let fields = try KeyText.fields(text, path: path)
        guard let id = fields["key-id"], let b64 = fields["ed25519-signature"],
              let sig = Data(base64Encoded: b64), sig.count == 64 else {
            throw KeyFileError(path, CodedMessage("not a scencat signature (needs 'key-id:' and a 64-byte 'ed25519-signature:')", "keyNotSignature", []))
        }
        return SignatureFile(keyId: id, signature: sig)
    }
}

/// `key: value` lines, `#` comments and blank lines ignored.
enum KeyText {
    static func fields(_ text: String, path: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            guard let colon = t.firstIndex(of: ":") else { throw KeyFileError(path, CodedMessage("line \(i + 1): expected 'key: value'", "keyLineNoColon", [String(i + 1)])) }
            let k = t[..<colon].trimmingCharacters(in: .whitespaces)
            let v = t[t.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if out[k] != nil { throw KeyFileError(path, CodedMessage("line \(i + 1): '\(k)' given twice", "keyLineTwice", [String(i + 1), k])) }
            out[k] = v
        }
        return out
    }

    /// A key file, public or private (`kind`): `name:`, the key as base64 of 32 bytes under
    /// `keyField`, made into the file by `make`, and an optional `key-id:` that must be the key's own.
    static func keyFile<File>(_ text: String, path: String, kind: String, keyField: String, keyId: (File) -> String,
                              make: (_ name: String, _ raw: Data) throws -> File) throws -> File {
        let fields = try KeyText.fields(text, path: path)
        guard let name = fields["name"], let b64 = fields[keyField] else {
            throw KeyFileError(path, CodedMessage("not a scencat \(kind) key (needs 'name:' and '\(keyField):')", kind == "public" ? "keyNotKeyPublic" : "keyNotKeyPrivate", [keyField]))
        }
        guard let raw = Data(base64Encoded: b64), raw.count == 32, let file = try? make(name, raw) else {
            throw KeyFileError(path, CodedMessage("'\(keyField):' is not a base64 Ed25519 \(kind) key (32 bytes)", kind == "public" ? "keyNotBase64Public" : "keyNotBase64Private", [keyField, kind]))
        }
        if let id = fields["key-id"], id != keyId(file) {
            throw KeyFileError(path, CodedMessage("key-id \(id) does not match the key (its id is \(keyId(file)))", "keyIdMismatch", [id, keyId(file)]))
        }
        return file
    }
}
