import CatalogCore
@testable import CatalogFiles
import Foundation
import Testing

/// The quick scan behind the freshness check: the same files and the same fingerprint as the
/// full scan, and no answer (so the full scan judges) for anything but regular .yaml files.
@Suite struct QuickScanTests {
    func sorted(_ files: [EntityFile]) -> [EntityFile] { files.sorted { $0.path < $1.path } }

    func expectSameAsFullScan(_ f: Fixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let layout = CatalogLayout(root: f.root)
        let quick = try #require(layout.quickScan(), sourceLocation: sourceLocation)
        let (files, diags) = layout.scanEntityFiles()
        let (quickFiles, quickDiags) = quick.files()
        #expect(sorted(quickFiles) == sorted(files), sourceLocation: sourceLocation)
        #expect(quickDiags.map { $0.formatted() } == diags.map { $0.formatted() }, sourceLocation: sourceLocation)
        if diags.isEmpty {
            #expect(quick.fingerprint == ScanFingerprint(files: files, layout: layout), sourceLocation: sourceLocation)
            #expect(quick.count == files.count, sourceLocation: sourceLocation)
        }
    }

    @Test func sameFilesAndFingerprintAsTheFullScan() throws {
        let f = Fixture()
        try expectSameAsFullScan(f)
        // Many files, so that every core takes a share.
        for i in 0..<700 { f.write("scenarios/extra-\(i).yaml", "x: \(i)\n") }
        try expectSameAsFullScan(f)
        // A name that is no id: reported exactly as the full scan reports it.
        f.write("scenarios/Bad Name.yaml", "x: 1\n")
        try expectSameAsFullScan(f)
    }

    @Test func everyChangeChangesTheFingerprint() throws {
        let f = Fixture()
        let layout = CatalogLayout(root: f.root)
        var seen = Set<String>()
        func fingerprint() throws -> String { try #require(layout.quickScan()).fingerprint.text }
        seen.insert(try fingerprint())
        #expect(try fingerprint() == seen.first)
        let text = Fixture.text(of: Fixture.scenarioPath)
        // Same size, new content and time stamp; a time stamp alone; a new file; a removed file;
        // a renamed file; the taxonomy and catalog.yaml.
        f.write(Fixture.scenarioPath, String(text.reversed()))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: f.path(Fixture.scenarioPath))
        #expect(seen.insert(try fingerprint()).inserted)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 9)], ofItemAtPath: f.path(Fixture.scenarioPath))
        #expect(seen.insert(try fingerprint()).inserted)
        f.write("scenarios/new-one.yaml", text)
        #expect(seen.insert(try fingerprint()).inserted)
        f.remove("scenarios/new-one.yaml")
        try FileManager.default.moveItem(atPath: f.path(Fixture.centerPath), toPath: f.path("centers/gz-center-2.yaml"))
        #expect(seen.insert(try fingerprint()).inserted)
        f.write("taxonomy/cities.yaml", Fixture.text(of: "taxonomy/cities.yaml") + "\n")
        #expect(seen.insert(try fingerprint()).inserted)
        f.write("catalog.yaml", Fixture.text(of: "catalog.yaml") + "\n")
        #expect(seen.insert(try fingerprint()).inserted)
        // Folders scencat does not read change nothing.
        f.mkdir("registers/2026-Q4")
        f.write("registers/2026-Q4/list.yaml", "x: 1\n")
        #expect(!seen.insert(try fingerprint()).inserted)
    }

    @Test func anythingButRegularYAMLFilesGoesToTheFullScan() {
        for change: (Fixture) -> Void in [
            { $0.mkdir("scenarios/sub") },
            { $0.write("scenarios/README.md", "notes\n") },
            { $0.write("models/old.yml", "x: 1\n") },
            { $0.symlink("scenarios/link.yaml", to: "gz-imaging.yaml") },
        ] {
            let f = Fixture()
            change(f)
            #expect(CatalogLayout(root: f.root).quickScan() == nil)
        }
        // Hidden files (editors' and atomic writes' temporaries) are skipped by both.
        let f = Fixture()
        f.write("scenarios/.gz-imaging.yaml.swp", "x")
        #expect(CatalogLayout(root: f.root).quickScan() != nil)
    }
}
