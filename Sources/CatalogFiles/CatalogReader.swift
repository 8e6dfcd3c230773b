import CatalogCore

/// Reads catalogue files from disk into checked values.
public struct CatalogReader: Sendable {
    public let layout: CatalogLayout

    public init(root: String) { layout = CatalogLayout(root: root) }
    public init(layout: CatalogLayout) { self.layout = layout }

    /// The parsed tree of one file, or the diagnostics that stopped it.
    public func parse(_ relative: String, size: Int64? = nil) -> YAMLReader.Result {
        readAndParse(relative, size: size).parsed
    }

    /// The parsed tree of one file and the bytes it was parsed from (nil when unreadable).
    func readAndParse(_ relative: String, size: Int64? = nil) -> (bytes: [UInt8]?, parsed: YAMLReader.Result) {
        if let size, size > YAMLReader.maxFileSize {
            let shown = YAMLReader.sizeText(Int(size))
            return (nil, YAMLReader.Result(root: nil, diagnostics: [.error(relative, .start,
                "file is \(shown); catalogue files are limited to 1 MiB", code: "FileSize", arguments: [shown, "1 MiB"])]))
        }
        do {
            let bytes = try AtomicFile.read(layout.path(relative), limit: YAMLReader.maxFileSize)
            return (bytes, YAMLReader.read(bytes, file: relative))
        } catch let e as FileError {
            return (nil, YAMLReader.Result(root: nil, diagnostics: [e.diagnostic(relative)]))
        } catch {
            return (nil, YAMLReader.Result(root: nil, diagnostics: [.error(relative, .start, "\(error)")]))
        }
    }

    /// Reads and checks one entity file (per-file rules only; cross-file rules need the whole catalogue).
    public func readEntity(_ file: EntityFile) -> DecodedEntity {
        readEntity(file.path, size: file.size)
    }

    public func readEntity(_ relative: String, size: Int64? = nil) -> DecodedEntity {
        decode(parse(relative, size: size), relative)
    }

    /// Reads one entity file once, giving its content hash with the decoded entity (for the index's files table).
    /// The hash is nil when the file could not be read.
    public func readEntityAndHash(_ file: EntityFile) -> (DecodedEntity, String?) {
        if file.size > YAMLReader.maxFileSize { return (readEntity(file), nil) }
        do {
            let bytes = try AtomicFile.read(layout.path(file.path), limit: YAMLReader.maxFileSize)
            return (decode(YAMLReader.read(bytes, file: file.path), file.path), ContentHash.of(bytes))
        } catch {
            return (readEntity(file), nil)
        }
    }

    /// The entity a file holds, read only if the file's content hash is still `hash` (the hash
    /// the index recorded for it): what the index shows of an entity beyond its columns comes
    /// from the file itself, never from a copy. Nil when the file is gone, unreadable, changed
    /// since, or no longer decodes to an entity.
    public func readEntity(_ relative: String, expectingHash hash: String) -> Entity? {
        guard let bytes = try? AtomicFile.read(layout.path(relative), limit: YAMLReader.maxFileSize),
              ContentHash.of(bytes) == hash else { return nil }
        return CatalogReader.entity(decoding: bytes, as: relative)
    }

    /// The content hash of a file, or nil when it cannot be read.
    public func hash(_ relative: String) -> String? {
        (try? AtomicFile.read(layout.path(relative), limit: YAMLReader.maxFileSize)).map(ContentHash.of)
    }

    private func decode(_ parsed: YAMLReader.Result, _ relative: String) -> DecodedEntity {
        guard let root = parsed.root else {
            return DecodedEntity(file: relative, kind: nil, id: nil, idPosition: .start, entity: nil, references: [], diagnostics: parsed.diagnostics)
        }
        var decoded = EntityDecoder.decode(root, file: relative)
        decoded.diagnostics.insert(contentsOf: parsed.diagnostics, at: 0)
        return decoded
    }

    /// catalog.yaml and the three taxonomy files.
    public func readTaxonomy() -> (info: CatalogInfo?, taxonomy: Taxonomy, diagnostics: [Diagnostic]) {
        var diags: [Diagnostic] = []
        var taxonomy = Taxonomy()
        var info: CatalogInfo?
        let taxonomyProblem = layout.folderDiagnostic("taxonomy")
        if let taxonomyProblem { diags.append(taxonomyProblem) }
        func load(_ relative: String, _ body: (CatalogCore.Node) -> [Diagnostic]) {
            if taxonomyProblem != nil && relative.hasPrefix("taxonomy/") { return }
            let parsed = parse(relative)
            if parsed.diagnostics.contains(where: { $0.message == "missing" }) {
                diags.append(.error(relative, .start, "missing: a catalogue needs \(relative)", code: "MissingFile", arguments: [relative]))
                return
            }
            diags.append(contentsOf: parsed.diagnostics)
            if let root = parsed.root { diags.append(contentsOf: body(root)) }
        }
        load(CatalogLayout.catalogFile) { root in
            let (i, d) = TaxonomyDecoder.catalogInfo(root, file: CatalogLayout.catalogFile)
            info = i
            return d
        }
        load(CatalogLayout.sectorsFile) { root in
            let (v, d) = TaxonomyDecoder.sectors(root, file: CatalogLayout.sectorsFile)
            taxonomy.sectors = v
            return d
        }
        load(CatalogLayout.citiesFile) { root in
            let (v, d) = TaxonomyDecoder.cities(root, file: CatalogLayout.citiesFile)
            taxonomy.cities = v
            return d
        }
        load(CatalogLayout.acceleratorsFile) { root in
            let (v, d) = TaxonomyDecoder.accelerators(root, file: CatalogLayout.acceleratorsFile)
            taxonomy.accelerators = v
            return d
        }
        return (info, taxonomy, diags)
    }

    /// The canonical text for a file's current content, or nil when the file does not read cleanly.
    /// Used by `fmt`: taxonomy files and entity files alike.
    public func canonicalText(of relative: String) -> (text: String?, diagnostics: [Diagnostic]) {
        let (text, _, diags) = canonicalTextAndBytes(of: relative)
        return (text, diags)
    }

    /// `canonicalText(of:)` and the bytes it was made from, so that `fmt` compares the file as
    /// parsed without reading it twice.
    func canonicalTextAndBytes(of relative: String) -> (text: String?, bytes: [UInt8], diagnostics: [Diagnostic]) {
        let (bytes, parsed) = readAndParse(relative)
        let (text, diags) = canonicalText(parsed, relative)
        return (text, bytes ?? [], diags)
    }

    private func canonicalText(_ parsed: YAMLReader.Result, _ relative: String) -> (text: String?, diagnostics: [Diagnostic]) {
        guard let root = parsed.root, !parsed.diagnostics.hasErrors else { return (nil, parsed.diagnostics) }
        var diags = parsed.diagnostics
        let fields: [Field]?
        switch relative {
        case CatalogLayout.catalogFile:
            let (i, d) = TaxonomyDecoder.catalogInfo(root, file: relative); diags += d
            fields = i.map { EntityEncoder.fields($0) }
        case CatalogLayout.sectorsFile:
            let (v, d) = TaxonomyDecoder.sectors(root, file: relative); diags += d
            fields = EntityEncoder.fields(sectors: v)
        case CatalogLayout.citiesFile:
            let (v, d) = TaxonomyDecoder.cities(root, file: relative); diags += d
            fields = EntityEncoder.fields(cities: v)
        case CatalogLayout.acceleratorsFile:
            let (v, d) = TaxonomyDecoder.accelerators(root, file: relative); diags += d
            fields = EntityEncoder.fields(accelerators: v)
        default:
            let decoded = EntityDecoder.decode(root, file: relative); diags += decoded.diagnostics
            fields = decoded.entity.map { EntityEncoder.fields($0) }
        }
        guard let fields, !diags.hasErrors else { return (nil, diags) }
        return (CanonicalWriter.yaml(fields), diags)
    }
}
