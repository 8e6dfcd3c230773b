import CatalogCore

/// `scencat fmt`: rewrites every catalogue file in canonical form, or (`check`) lists those that are not.
public enum CatalogFormatter {
    public struct Report: Sendable {
        /// Files whose bytes differ from their canonical form (rewritten unless checking).
        public var changed: [String]
        public var diagnostics: [Diagnostic]
        public var fileCount: Int
    }

    public static func run(root: String, check: Bool, progress: ((Int, Int) -> Void)? = nil) throws -> Report {
        let reader = CatalogReader(root: root)
        var (files, scanDiags) = reader.layout.scanEntityFiles()
        files.sort { $0.path < $1.path }
        let taxonomyProblem = reader.layout.folderDiagnostic("taxonomy")
        if let taxonomyProblem { scanDiags.append(taxonomyProblem) }
        let taxonomyFiles = taxonomyProblem == nil ? [CatalogLayout.sectorsFile, CatalogLayout.citiesFile, CatalogLayout.acceleratorsFile] : []
        let paths = [CatalogLayout.catalogFile] + taxonomyFiles + files.map(\.path)
        var report = Report(changed: [], diagnostics: scanDiags, fileCount: paths.count)
        var start = 0
        let chunk = 2048
        while start < paths.count {
            let slice = Array(paths[start..<min(paths.count, start + chunk)])
            let results = ParallelMap.map(slice) { path -> (String, String?, [Diagnostic], Bool) in
                let (text, current, diags) = reader.canonicalTextAndBytes(of: path)
                guard let text else { return (path, nil, diags, false) }
                return (path, text, diags, !text.utf8.elementsEqual(current))
            }
            for (path, text, diags, differs) in results {
                report.diagnostics += diags
                guard differs, let text else { continue }
                report.changed.append(path)
                let full = reader.layout.path(path)
                if !check { try AtomicFile.write(text, to: full, mode: AtomicFile.mode(of: full) ?? 0o644) }
            }
            start += slice.count
            progress?(start, paths.count)
        }
        report.diagnostics = report.diagnostics.sortedForDisplay()
        return report
    }
}
