import CatalogFiles
import Foundation
import Spreadsheet

/// The formats an export is written in.
public enum ExportFormat: String, Sendable, CaseIterable {
    case xlsx, csv, json, yaml

    /// The format a file name's extension names (`.yml` is YAML); nil for any other extension.
    public init?(fileName: String) {
        let ext = (fileName as NSString).pathExtension.lowercased()
        self.init(rawValue: ext == "yml" ? "yaml" : ext)
    }
}

extension ExportTable {
    /// The table in a text format (CSV with a BOM and CRLF, JSON, YAML); nil for xlsx.
    public func bytes(_ format: ExportFormat) -> [UInt8]? {
        switch format {
        case .xlsx: return nil
        case .csv: return csv
        case .json: return Array((json.text(indent: 2) + "\n").utf8)
        case .yaml: return Array((rows.isEmpty ? "[]\n" : CanonicalWriter.yaml(node: json.yamlNode)).utf8)
        }
    }

    /// Writes the table to `path`, atomically (a temporary file renamed into place): what
    /// `scencat export` and the terminal UI's `x` write.
    public func write(to path: String, format: ExportFormat, modified: Date) throws {
        guard let bytes = bytes(format) else {
            try XLSXWriter.write(sheet(name: ExportTable.sheetName(kind, headers)), to: path, modified: modified)
            return
        }
        try AtomicFile.write(bytes, to: path)
    }
}
