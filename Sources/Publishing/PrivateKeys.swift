import CatalogCore
import CatalogFiles
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// A private signing key read from its file, with what the user should know about the file.
public struct LoadedPrivateKey: Sendable {
    public var key: PrivateKeyFile
    public var path: String
    /// Warnings (a key file other users can read).
    public var warnings: [String]
}

/// The one way scencat reads a private key, for `scencat publish --key` and the Publications
/// screen alike: a key inside the catalogue is refused (it would be committed and published),
/// and a key file that others can read is warned about.
public enum PrivateKeys {
    public static func load(_ path: String, catalogRoot: String) throws -> LoadedPrivateKey {
        if CatalogLayout.isInside(path, root: catalogRoot) {
            throw KeyFileError(path, CodedMessage("the private key is inside the catalogue folder; keep it outside (it must never be committed)",
                                                 "keyPrivateInside", []))
        }
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, limit: 1 << 16)
        } catch let e as FileError {
            throw KeyFileError(path, CodedMessage("cannot read the private key: \(e.reason)", "keyPrivateUnreadable", [e.diagnostic(path).shownMessage]))
        }
        var warnings: [String] = []
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & 0o077 != 0 {
            warnings.append(Text.keyPrivateLoose(path))
        }
        let key = try PrivateKeyFile.parse(String(decoding: bytes, as: UTF8.self), path: path)
        return LoadedPrivateKey(key: key, path: path, warnings: warnings)
    }
}
