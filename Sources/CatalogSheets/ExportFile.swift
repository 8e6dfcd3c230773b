import CatalogFiles
import CatalogIndex
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

    /// Writes what `query` lists to `path` in `format` and returns how many rows it has: what
    /// `scencat export` and the terminal UI's `x` write. An xlsx is streamed from the index
    /// (`writeXLSX`), the text formats are made whole; both are written atomically.
    public static func write(_ query: ListQuery, store: IndexStore, headers: ExportHeaders = .zh, includeInternal: Bool = false,
                             to path: String, format: ExportFormat, modified: Date) throws -> Int {
        if format == .xlsx {
            return try writeXLSX(query, store: store, headers: headers, includeInternal: includeInternal, to: path, modified: modified)
        }
        let table = try load(query, store: store, headers: headers, includeInternal: includeInternal)
        try table.write(to: path, format: format, modified: modified)
        return table.rows.count
    }
}
