import CatalogCore

extension CatalogReader {
    /// The entity `bytes` hold, read as the file `relative` (without positions: for its values),
    /// or nil when they hold none. For a caller that kept what a file held before changing it and
    /// needs what the index made of those bytes (`Indexer.run(only:previous:)`).
    public static func entity(decoding bytes: [UInt8], as relative: String) -> Entity? {
        guard let root = YAMLReader.read(bytes, file: relative, positions: false).root else { return nil }
        return EntityDecoder.decode(root, file: relative).entity
    }
}
