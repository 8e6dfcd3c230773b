import CatalogCore
import Foundation
import Testing
@testable import CatalogIndex

@Suite("Reading scenarios from the index's JSON without JSONDecoder")
struct ScenarioJSONTests {
    @Test("every scenario reads as JSONDecoder reads it: the full one, the bare one, and the whole fixture catalogue")
    func agreesWithJSONDecoder() throws {
        var scenarios = EntityJSONTests.full.compactMap { e -> Scenario? in if case .scenario(let s) = e { return s } else { return nil } }
        scenarios.append(Scenario(id: "s-bare", title: "最少", sector: "healthcare", city: "shenzhen", stage: .proposed, status: .draft))
        let f = try StoreFixture()
        for id in try f.store.index.scenarioTitles().map(\.id) {
            if case .scenario(let s)? = try f.store.index.entity(id: id) { scenarios.append(s) }
        }
        #expect(scenarios.count > 10)
        for s in scenarios {
            let json = EntityJSON.encode(.scenario(s))
            let fast = ScenarioJSON.decode(json)
            #expect(fast != nil, "\(s.id)")
            #expect(fast == s, "\(s.id)")
            #expect(try EntityJSON.decode(kind: .scenario, json: json) == .scenario(s))
        }
    }

    @Test("escapes, surrogate pairs and numbers; an unknown key or a malformed text gives nil (JSONDecoder then decides)")
    func escapesAndRefusals() {
        let json = #"{"city":"a","compute":[{"amount":-1.5e2,"from":"2026-Q1","unit":"pflops","workload":"inference"}],"id":"x","links":[],"models":[],"sector":"s","stage":"proposed","status":"draft","summary":"\u5f15\"\\\/\b\f\n\r\t\ud83d\ude00","supplierOrgs":[],"tags":[],"title":"t"}"#
        let s = ScenarioJSON.decode(json)
        #expect(s?.summary == "引\"\\/\u{8}\u{C}\n\r\t😀")
        #expect(s?.compute.first?.amount == -150)
        #expect(ScenarioJSON.decode(json.replacingOccurrences(of: "\"tags\"", with: "\"newField\"")) == nil)
        #expect(ScenarioJSON.decode(String(json.dropLast())) == nil)
        #expect(ScenarioJSON.decode(json.replacingOccurrences(of: "\"stage\":\"proposed\"", with: "\"stage\":\"nonsense\"")) == nil)
        #expect(ScenarioJSON.decode(json.replacingOccurrences(of: "\"id\":\"x\",", with: "")) == nil)
    }
}
