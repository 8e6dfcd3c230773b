import CatalogCore

/// `scencat schema`: the file format as JSON Schema 2020-12, generated from `CatalogCore.Schema`
/// so editors (yaml-language-server) and `check-jsonschema` check files the way scencat does.
/// Cross-file rules (references resolve, no lineage cycles, unique ids) are beyond JSON Schema.
public enum JSONSchemaExport {
    public static let id = "https://scencat.invalid/schema/catalog-v1.json"

    public static func document() -> JSONValue {
        let entityDefs: [ObjectSpec] = [Schema.scenario, Schema.model, Schema.center]
        let otherDefs: [ObjectSpec] = [Schema.modelLink, Schema.computeNeed, Schema.sector, Schema.city, Schema.accelerator,
                                       Schema.catalog, Schema.sectors, Schema.cities, Schema.accelerators]
        var defs: [(String, JSONValue)] = []
        for spec in entityDefs + otherDefs { defs.append((spec.name, object(spec))) }
        defs.append(("Id", .object([("type", .string("string")), ("pattern", .string(Identifier.pattern))])))
        defs.append(("Quarter", .object([("type", .string("string")), ("pattern", .string("^(20[0-9]{2}|2100)-Q[1-4]$"))])))
        defs.append(("Date", .object([
            ("description", .string("YYYY-MM-DD; YAML readers may present it as a date")),
            ("anyOf", .array([
                .object([("type", .string("string")), ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]),
                .object([("type", .string("string")), ("format", .string("date"))]),
            ])),
        ])))
        let kinds = ["Scenario", "Model", "Center", "Catalog", "Sectors", "Cities", "Accelerators"]
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(id)),
            ("title", .string("scencat catalogue file, format 1")),
            ("description", .string("Any file of a scencat catalogue: chosen by its 'kind'.")),
            ("oneOf", .array(kinds.map { .object([("$ref", .string("#/$defs/\($0)"))]) })),
            ("$defs", .object(defs)),
        ])
    }

    static func object(_ spec: ObjectSpec) -> JSONValue {
        var props: [(String, JSONValue)] = []
        for f in spec.fields {
            var p = type(f.type)
            if case .object(var pairs) = p {
                pairs.insert(("description", .string(f.doc + (f.isInternal ? " Internal: never published." : ""))), at: 0)
                p = .object(pairs)
            }
            props.append((f.name, p))
        }
        return .object([
            ("title", .string(spec.name)),
            ("description", .string(spec.doc)),
            ("type", .string("object")),
            ("properties", .object(props)),
            ("required", .array(spec.fields.filter(\.required).map { .string($0.name) })),
            ("additionalProperties", .bool(false)),
        ])
    }

    static func type(_ t: FieldType) -> JSONValue {
        switch t {
        case .kind(let k): return .object([("const", .string(k))])
        case .id: return .object([("$ref", .string("#/$defs/Id"))])
        case .text: return .object([("type", .string("string")), ("minLength", .int(1)), ("pattern", .string("^[^\\n]*$"))])
        case .multilineText: return .object([("type", .string("string")), ("minLength", .int(1))])
        case .number(let min, let exclusive):
            return .object([("type", .string("number")), (exclusive ? "exclusiveMinimum" : "minimum", .number(min)),
                            ("maximum", .number(NumberLimits.maximum))])
        case .integer: return .object([("type", .string("integer"))])
        case .bool: return .object([("type", .string("boolean"))])
        case .date: return .object([("$ref", .string("#/$defs/Date"))])
        case .quarter: return .object([("$ref", .string("#/$defs/Quarter"))])
        case .choice(let options): return .object([("enum", .array(options.map { .string($0) }))])
        case .reference(let kind):
            return .object([("type", .string("string")), ("pattern", .string(Identifier.pattern)),
                            ("$comment", .string("id of a \(kind.rawValue) (\(kind.home))"))])
        case .list(let item, _):
            return .object([("type", .string("array")), ("items", type(item)), ("uniqueItems", .bool(true))])
        case .object(let spec): return .object([("$ref", .string("#/$defs/\(spec.name)"))])
        case .generalOrSectors:
            return .object([("anyOf", .array([
                .object([("const", .string("general"))]),
                .object([("type", .string("array")), ("minItems", .int(1)), ("uniqueItems", .bool(true)),
                         ("items", .object([("type", .string("string")), ("pattern", .string(Identifier.pattern))]))]),
            ]))])
        }
    }
}
