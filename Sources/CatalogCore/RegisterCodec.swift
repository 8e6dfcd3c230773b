/// A register snapshot as a catalogue file: `kind: Register`, `source`, `as_of`, where it was
/// imported from, then `rows:` sorted by filing number, one mapping each — canonical, so two
/// snapshots of a source diff line by line.
public enum RegisterCodec {
    /// The fields in file order.
    public static func fields(_ s: RegisterSnapshot) -> [Field] {
        var out = [Field("kind", Node(.string(RegisterSnapshot.kindName))),
                   Field("source", Node(.string(s.ref.source))),
                   Field("as_of", Node(.date(s.ref.asOf)))]
        if let f = s.importedFrom { out.append(Field("imported_from", Node(.string(f)))) }
        if let h = s.fingerprint { out.append(Field("fingerprint", Node(.string(h)))) }
        out.append(Field("rows", Node(.list(s.rows.map { r in
            var f = [Field("filing_no", Node(.string(r.filingNo))), Field("name", Node(.string(r.name))),
                     Field("organisation", Node(.string(r.organisation)))]
            if let p = r.place { f.append(Field("place", Node(.string(p)))) }
            if let d = r.date { f.append(Field("date", Node(CalendarDate.isValid(d) ? .date(d) : .string(d)))) }
            if let k = r.kind { f.append(Field("kind", Node(.string(k.rawValue)))) }
            return Node(.map(f))
        }))))
        return out
    }

    /// Reads a snapshot file found at `file` (`registers/SOURCE/YYYY-MM-DD.yaml`); its source and
    /// date must be the ones its path names.
    public static func decode(_ root: Node, file: String) -> (RegisterSnapshot?, [Diagnostic]) {
        var diags: [Diagnostic] = []
        guard case .map(let fields) = root.value else {
            return (nil, [.error(file, root.position, "expected a mapping for a register snapshot, found \(root.value.kindName)", code: "RegisterMapping", arguments: [root.value.kindName])])
        }
        func text(_ node: Node, _ key: String) -> String? {
            if let s = node.value.scalarText, !s.isEmpty { return s }
            diags.append(.error(file, node.position, "'\(key)' must be text, found \(node.value.kindName)", code: "TextKind", arguments: [key, node.value.kindName]))
            return nil
        }
        var byKey: [String: Field] = [:]
        for f in fields {
            guard ["kind", "source", "as_of", "imported_from", "fingerprint", "rows"].contains(f.key) else {
                diags.append(.error(file, f.keyPosition, "unknown key '\(f.key)' in a register snapshot", code: "RegisterUnknownKey", arguments: [f.key]))
                continue
            }
            byKey[f.key] = f
        }
        for key in ["kind", "source", "as_of", "rows"] where byKey[key] == nil {
            diags.append(.error(file, root.position, "missing required key '\(key)' in a register snapshot", code: "RegisterMissingKey", arguments: [key]))
        }
        if let k = byKey["kind"], k.value.value.scalarText != RegisterSnapshot.kindName {
            diags.append(.error(file, k.value.position, "'kind' must be \(RegisterSnapshot.kindName) in \(RegisterSnapshot.directory)/",
                                 code: "RegisterKind", arguments: [RegisterSnapshot.kindName, RegisterSnapshot.directory]))
        }
        let parts = file.split(separator: "/")
        let pathSource = parts.count >= 3 ? String(parts[parts.count - 2]) : ""
        let pathDate = parts.last.map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : String($0) } ?? ""
        let source = byKey["source"].flatMap { text($0.value, "source") }
        let asOf = byKey["as_of"].flatMap { text($0.value, "as_of") }
        if let source, let f = byKey["source"], source != pathSource {
            diags.append(.error(file, f.value.position, "'source' is '\(source)' but the file is in \(RegisterSnapshot.directory)/\(pathSource)/",
                                 code: "RegisterSource", arguments: [source, "\(RegisterSnapshot.directory)/\(pathSource)/"]))
        }
        if let asOf, let f = byKey["as_of"], asOf != pathDate {
            diags.append(.error(file, f.value.position, "'as_of' is '\(asOf)' but the file is named \(pathDate).yaml", code: "RegisterAsOf", arguments: [asOf, "\(pathDate).yaml"]))
        }
        var rows: [RegisterRow] = []
        if let r = byKey["rows"] {
            if case .list(let items) = r.value.value {
                rows.reserveCapacity(items.count)
                for item in items {
                    guard case .map(let rf) = item.value else {
                        diags.append(.error(file, item.position, "a register row must be a mapping, found \(item.value.kindName)", code: "RegisterRowMapping", arguments: [item.value.kindName]))
                        continue
                    }
                    // Thousands of rows: the six keys by a switch, not a dictionary per row.
                    var no, name, org, place, date, kind: String?
                    for f in rf {
                        switch f.key {
                        case "filing_no": no = text(f.value, f.key)
                        case "name": name = text(f.value, f.key)
                        case "organisation": org = text(f.value, f.key)
                        case "place": place = text(f.value, f.key)
                        case "date": date = text(f.value, f.key)
                        case "kind": kind = text(f.value, f.key)
                        default: diags.append(.error(file, f.keyPosition, "unknown key '\(f.key)' in a register row", code: "RegisterRowKey", arguments: [f.key]))
                        }
                    }
                    guard let no, let name, let org else {
                        diags.append(.error(file, item.position, "a register row needs filing_no, name and organisation", code: "RegisterRowNeeds"))
                        continue
                    }
                    rows.append(RegisterRow(filingNo: no, name: name, organisation: org, place: place, date: date,
                                            kind: kind.flatMap(FilingKind.init(rawValue:))))
                }
            } else if case .null = r.value.value {
            } else {
                diags.append(.error(file, r.value.position, "'rows' must be a list, found \(r.value.value.kindName)", code: "ListKind", arguments: ["rows", r.value.value.kindName]))
            }
        }
        guard let source, let asOf, !diags.hasErrors else { return (nil, diags) }
        let snapshot = RegisterSnapshot(ref: RegisterSnapshotRef(source: source, asOf: asOf),
                                        importedFrom: byKey["imported_from"]?.value.value.scalarText,
                                        fingerprint: byKey["fingerprint"]?.value.value.scalarText, rows: rows)
        return (snapshot, diags)
    }
}
