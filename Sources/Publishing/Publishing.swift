/// Quarterly publication of the scenario list.
///
/// - `Selection`: which scenarios a quarter lists (approved, listable from the quarter), read from
///   the index, with models, centers and compute resolved.
/// - `ListDocument`, `CSVRenderer`, `XLSXRenderer`, `MarkdownRenderer`, `HTMLRenderer`, `ChangesRenderer`: the files.
/// - `ListText`, `ListDiff`: published lists taken apart and compared, record by record.
/// - `Manifest`, `Signing`, `Verifier`: hashes, Ed25519 signatures and their checks.
/// - `Publisher`: the checks before publishing and the all-or-nothing write of the folder.
/// - `Publications`: what `publications/` holds.
///
/// The module never runs git: the caller passes the commit, its date and the uncommitted paths.
public enum Publishing {
    /// The files of a publication besides the list files: the manifest and its signature.
    public static let manifestFiles = [Manifest.fileName, Manifest.signatureFileName]
}
