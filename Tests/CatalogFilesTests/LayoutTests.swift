import CatalogCore
@testable import CatalogFiles
import Foundation
import Testing

/// The folder itself: file names, extensions, symbolic links, directories where files belong.
@Suite struct LayoutTests {
    let s = Fixture.scenarioPath

    func withExtraScenario(named name: String, id: String = "gz-imaging") -> CheckReport {
        breaking(s) { f in f.write("scenarios/\(name)", Fixture.text(of: Fixture.scenarioPath)) }
    }

    @Test func fileNameWithASpace() {
        expectDiagnostics(withExtraScenario(named: "gz imaging.yaml"), [
            "scenarios/gz imaging.yaml:1:1: error: file name 'gz imaging.yaml' is not a valid id: spaces are not allowed (^[a-z0-9][a-z0-9-]{1,62}$); rename it to 'gz-imaging.yaml'",
        ])
    }

    @Test func fileNameWithCapitals() {
        expectDiagnostics(withExtraScenario(named: "GZ-Imaging.yaml"), [
            "scenarios/GZ-Imaging.yaml:1:1: error: file name 'GZ-Imaging.yaml' is not a valid id: capital letters are not allowed (^[a-z0-9][a-z0-9-]{1,62}$); rename it to 'gz-imaging.yaml'",
        ])
    }

    @Test func fileNameWithDotDot() {
        expectDiagnostics(withExtraScenario(named: "gz..imaging.yaml"), [
            "scenarios/gz..imaging.yaml:1:1: error: file name 'gz..imaging.yaml' is not a valid id: '..' is not allowed (^[a-z0-9][a-z0-9-]{1,62}$); rename it to 'gz-imaging.yaml'",
        ])
    }

    @Test func fileNameInChinese() {
        expectDiagnostics(withExtraScenario(named: "影像.yaml"), [
            "scenarios/影像.yaml:1:1: error: file name '影像.yaml' is not a valid id: ids use lower-case letters, digits and '-' (^[a-z0-9][a-z0-9-]{1,62}$)",
        ])
    }

    @Test func hiddenFilesAreSkipped() {
        expectDiagnostics(withExtraScenario(named: ".gz-imaging.yaml.swp"), [])
    }

    @Test func ymlExtension() {
        expectDiagnostics(withExtraScenario(named: "other.yml"), [
            "scenarios/other.yml:1:1: error: catalogue files end in .yaml, not .yml",
        ])
    }

    @Test func otherFilesAreIgnoredWithAWarning() {
        expectDiagnostics(withExtraScenario(named: "README.md"), [
            "scenarios/README.md:1:1: warning: ignored: not a .yaml file",
        ])
    }

    @Test func directoryNamedLikeAFile() {
        let report = breaking(s) { $0.mkdir("scenarios/x.yaml") }
        expectDiagnostics(report, ["scenarios/x.yaml:1:1: error: is a directory; expected a Scenario file"])
    }

    @Test func subFolderIsIgnoredWithAWarning() {
        let report = breaking(s) { $0.mkdir("scenarios/old") }
        expectDiagnostics(report, ["scenarios/old:1:1: warning: ignored: sub-folders are not read; scenarios/ is flat"])
    }

    @Test func symlinkOutsideTheCatalogue() {
        let outside = Fixture()   // another temporary folder
        let target = outside.path(Fixture.centerPath)
        let report = breaking(s) { f in
            f.symlink("centers/far.yaml", to: target)
        }
        expectDiagnostics(report, [
            "centers/far.yaml:1:1: error: symbolic link points outside the catalogue (to \(target))",
        ])
    }

    @Test func symlinkInsideTheCatalogueIsRead() {
        let report = breaking(s) { f in
            f.mkdir("shared")
            f.write("shared/sz-center.yaml", Fixture.text(of: Fixture.centerPath)
                .replacingOccurrences(of: "id: gz-center", with: "id: sz-center"))
            f.symlink("centers/sz-center.yaml", to: "../shared/sz-center.yaml")
        }
        expectDiagnostics(report, [])
        #expect(report.counts[.center] == 2)
    }

    @Test func brokenSymlink() {
        let report = breaking(s) { $0.symlink("centers/gone.yaml", to: "../shared/gone.yaml") }
        expectDiagnostics(report, ["centers/gone.yaml:1:1: error: broken symbolic link: its target does not exist"])
    }

    @Test func symlinkLoop() {
        let report = breaking(s) { f in
            f.symlink("centers/loop-a.yaml", to: "loop-b.yaml")
            f.symlink("centers/loop-b.yaml", to: "loop-a.yaml")
        }
        expectDiagnostics(report, [
            "centers/loop-a.yaml:1:1: error: broken symbolic link: it leads round in a loop",
            "centers/loop-b.yaml:1:1: error: broken symbolic link: it leads round in a loop",
        ])
    }

    @Test func namedPipeIsNotOpened() {
        // Opening a FIFO would block forever; the scan refuses anything that is not a regular file.
        let report = breaking(s) { f in #expect(mkfifo(f.path("centers/pipe.yaml"), 0o644) == 0) }
        expectDiagnostics(report, ["centers/pipe.yaml:1:1: error: is not a regular file"])
    }

    @Test func fileNameProblemsInWords() {
        #expect(CatalogLayout.fileNameProblem("gz-imaging") == nil)
        #expect(CatalogLayout.fileNameProblem("a")?.contains("an id has 2 to 63 characters") == true)
        #expect(CatalogLayout.fileNameProblem(String(repeating: "a", count: 64))?.contains("at most 63") == true)
        #expect(CatalogLayout.fileNameProblem("-lead")?.hasSuffix("; rename it to 'lead.yaml'") == true)
        #expect(CatalogLayout.fileNameProblem("gz_imaging")?.hasSuffix("; rename it to 'gz-imaging.yaml'") == true)
    }
}
