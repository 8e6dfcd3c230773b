import CatalogCore
@testable import CatalogFiles
import Testing

/// Rules that span files: unique ids, ids that match file names, references that resolve, lineage, taxonomies.
@Suite struct CrossFileTests {
    let s = Fixture.scenarioPath
    let m = Fixture.modelPath
    let b = Fixture.baseModelPath
    let c = Fixture.centerPath

    @Test func modelAndScenarioWithTheSameId() {
        let report = breaking(s) { f in
            f.write("models/gz-imaging.yaml", Fixture.text(of: b)
                .replacingOccurrences(of: "id: demo-base", with: "id: gz-imaging"))
        }
        expectDiagnostics(report, [
            "\(s):2:5: error: duplicate id 'gz-imaging': also used by models/gz-imaging.yaml",
        ])
    }

    @Test func idDifferentFromFileName() {
        expectBreaking(c, "id: gz-center", "id: gz-centre", [
            "\(c):2:5: error: id 'gz-centre' does not match the file name 'gz-center.yaml'",
            "\(s):26:11: error: unknown center 'gz-center' in 'compute[0].center' (see centers/); did you mean 'gz-centre'?",
        ])
    }

    @Test func invalidIdInTheFile() {
        expectBreaking(c, "id: gz-center", "id: GZ_Center", [
            "\(c):2:5: error: id 'GZ_Center' must be lower case (^[a-z0-9][a-z0-9-]{1,62}$)",
            // The broken file stands in under its file name, so files naming it get no second error.
        ])
    }

    @Test func danglingSector() {
        expectBreaking(s, "sector: healthcare", "sector: helthcare", [
            "\(s):5:9: error: unknown sector 'helthcare' in 'sector' (see taxonomy/sectors.yaml); did you mean 'healthcare'?",
        ])
    }

    @Test func danglingCity() {
        expectBreaking(c, "city: guangzhou", "city: foshan", [
            "\(c):4:7: error: unknown city 'foshan' in 'city' (see taxonomy/cities.yaml)",
        ])
    }

    @Test func danglingModelPointsAtTheValue() {
        expectBreaking(s, "- model: demo-med", "- model: foo", [
            "\(s):18:10: error: unknown model 'foo' in 'models[0].model' (see models/)",
        ])
    }

    @Test func danglingCenter() {
        expectBreaking(s, "center: gz-center", "center: sz-center", [
            "\(s):26:11: error: unknown center 'sz-center' in 'compute[0].center' (see centers/); did you mean 'gz-center'?",
        ])
    }

    @Test func danglingAccelerator() {
        expectBreaking(s, "accelerator: ascend-910b", "accelerator: ascend-910c", [
            "\(s):24:16: error: unknown accelerator 'ascend-910c' in 'compute[0].accelerator' (see taxonomy/accelerators.yaml); did you mean 'ascend-910b'?",
        ])
    }

    @Test func danglingAcceleratorInACenterList() {
        expectBreaking(c, "- ascend-910b", "- mi300x", [
            "\(c):10:3: error: unknown accelerator 'mi300x' in 'accelerators[0]' (see taxonomy/accelerators.yaml)",
        ])
    }

    @Test func danglingDomainSector() {
        expectBreaking(m, "- healthcare", "- helthcare", [
            "\(m):13:3: error: unknown sector 'helthcare' in 'domain[0]' (see taxonomy/sectors.yaml); did you mean 'healthcare'?",
        ])
    }

    @Test func danglingBaseModel() {
        expectBreaking(m, "base_model: demo-base", "base_model: demo-bse", [
            "\(m):16:13: error: unknown model 'demo-bse' in 'base_model' (see models/); did you mean 'demo-base'?",
        ])
    }

    @Test func modelIsItsOwnBaseModelOnce() {
        expectBreaking(m, "base_model: demo-base", "base_model: demo-med", [
            "\(m):16:13: error: model 'demo-med' cannot be its own base model",
        ])
    }

    @Test func lineageCycleOfThreeModels() {
        let report = breaking(m) { f in
            // demo-med → demo-base → demo-x → demo-med
            f.replace(b, "domain: general\n", with: "domain: general\nbase_model: demo-x\n")
            f.write("models/demo-x.yaml", Fixture.text(of: b)
                .replacingOccurrences(of: "id: demo-base", with: "id: demo-x")
                .replacingOccurrences(of: "domain: general\n", with: "domain: general\nbase_model: demo-med\n"))
        }
        let cycle = "base_model lineage forms a cycle: demo-base → demo-x → demo-med → demo-base"
        expectDiagnostics(report, [
            "\(b):8:13: error: \(cycle)",
            "\(m):16:13: error: \(cycle)",
            "models/demo-x.yaml:8:13: error: \(cycle)",
        ])
    }

    @Test func linkToASuspendedModelIsAWarning() {
        expectBreaking(m, "status: active", "status: suspended", [
            "\(s):18:10: warning: model 'demo-med' is suspended",
        ])
    }

    @Test func modelListedTwice() {
        expectBreaking(s, "  role: deployed\n", "  role: deployed\n- model: demo-med\n  role: candidate\n", [
            "\(s):20:10: error: model 'demo-med' is listed twice in 'models'",
        ])
    }

    @Test func modelFileInScenarios() {
        let report = breaking(s) { f in
            f.write("scenarios/demo-other.yaml", Fixture.text(of: b).replacingOccurrences(of: "id: demo-base", with: "id: demo-other"))
        }
        expectDiagnostics(report, [
            "scenarios/demo-other.yaml:1:7: error: a Model file must live in models/, not scenarios/",
        ])
    }

    // MARK: taxonomies

    @Test func missingTaxonomyFile() {
        let report = breaking(s) { $0.remove("taxonomy/cities.yaml") }
        expectDiagnostics(report, [
            "\(c):4:7: error: unknown city 'guangzhou' in 'city' (taxonomy/cities.yaml lists none)",
            "\(m):8:15: error: unknown city 'guangzhou' in 'jurisdiction' (taxonomy/cities.yaml lists none)",
            "\(s):6:7: error: unknown city 'guangzhou' in 'city' (taxonomy/cities.yaml lists none)",
            "taxonomy/cities.yaml:1:1: error: missing: a catalogue needs taxonomy/cities.yaml",
        ])
    }

    @Test func missingCatalogFile() {
        let report = breaking(s) { $0.remove("catalog.yaml") }
        expectDiagnostics(report, ["catalog.yaml:1:1: error: missing: a catalogue needs catalog.yaml"])
    }

    @Test func duplicateIdInsideATaxonomy() {
        expectBreaking("taxonomy/sectors.yaml", "- id: manufacturing", "- id: education", [
            "taxonomy/sectors.yaml:9:7: error: duplicate id 'education' (first at line 6)",
        ])
    }

    @Test func taxonomyFileOfTheWrongKind() {
        expectBreaking("taxonomy/sectors.yaml", "kind: Sectors", "kind: Cities", [
            "taxonomy/sectors.yaml:1:7: error: 'kind' must be Sectors in this file, found 'Cities'",
        ])
    }

    @Test func taxonomyItemWithUnknownKey() {
        expectBreaking("taxonomy/accelerators.yaml", "  fp16_tflops: 312", "  fp16_tflop: 312", [
            "taxonomy/accelerators.yaml:8:3: error: missing required key 'fp16_tflops' in items[1]",
            "taxonomy/accelerators.yaml:12:3: error: unknown key 'fp16_tflop' in items[1]; did you mean 'fp16_tflops'?",
        ])
    }
}
