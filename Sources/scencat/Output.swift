import CatalogCore
import CatalogFiles
import Spreadsheet
import TerminalKit

/// Rows of data printed in the chosen format: an aligned table (display widths, so Chinese lines
/// up), CSV (RFC 4180), JSON (an array of objects) or YAML.
struct OutputTable {
    struct Column {
        var key: String
        var header: String
        var alignment: Alignment = .left
        /// Widest a table cell may be before it is truncated with …
        var maxWidth: Int = 40
    }

    var columns: [Column]
    /// One value per column. Table and CSV show `display`; JSON and YAML use `value`.
    var rows: [[(display: String, value: JSONValue)]] = []

    mutating func add(_ cells: [(String, JSONValue)]) { rows.append(cells.map { (display: $0.0, value: $0.1) }) }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: return table()
        case .csv: return csv()
        case .json: return JSONValue.array(rows.map(object)).text() + "\n"
        case .yaml: return rows.isEmpty ? "[]\n" : CanonicalWriter.yaml(node: jsonToNode(.array(rows.map(object))))
        }
    }

    func object(_ row: [(display: String, value: JSONValue)]) -> JSONValue {
        .object(zip(columns, row).map { ($0.key, $1.value) })
    }

    func table() -> String {
        var widths = columns.map { $0.header.displayWidth }
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], min(columns[i].maxWidth, cell.display.displayWidth)) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let last = i == cells.count - 1
                let text = c.displayWidth > widths[i] ? c.truncated(toWidth: widths[i]) : c
                parts.append(last && columns[i].alignment == .left ? text : text.padded(toWidth: widths[i], alignment: columns[i].alignment))
            }
            return parts.joined(separator: "  ")
        }
        var out = line(columns.map(\.header)) + "\n"
        for row in rows { out += line(row.map(\.display)) + "\n" }
        return out
    }

    /// UTF-8 with a BOM (Excel and WPS on Chinese systems read it right only so), CRLF, and
    /// formula-looking cells neutralised (see `CSV.neutralised`).
    func csv() -> String {
        String(decoding: CSV.bytes(header: columns.map(\.key), rows: rows.map { $0.map(\.display) }), as: UTF8.self)
    }
}

/// JSON values as catalogue value trees, to print YAML through the canonical writer.
func jsonToNode(_ v: JSONValue) -> CatalogCore.Node { v.yamlNode }

extension String {
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
