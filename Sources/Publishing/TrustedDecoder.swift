import CatalogCore

/// Turns the value tree of a scenario file that the index has already validated into a
/// `Scenario`, without `EntityDecoder`'s checks and messages (a tenth of its time).
///
/// It is only used on files whose content hash equals the one the index recorded when it accepted
/// them, and it declines (nil) anything it does not expect — an unknown key (a field added to the
/// format later), a null, a value of another type — so the caller falls back to `EntityDecoder`.
/// Tests compare the two decoders.
enum TrustedDecoder {
    static func scenario(_ root: Node) -> Scenario? {
        guard case .map(let fields) = root.value else { return nil }
        var id: String?, title: String?, titleEn: String?, sector: String?, city: String?
        var stage: Stage?, status: ScenarioStatus?, demandOrg: String?, summary: String?, dataClass: DataClass?
        var suppliers: [String] = [], tags: [String] = [], links: [String] = []
        var models: [ModelLink] = [], compute: [ComputeNeed] = []
        var since: Quarter?, contact: String?, updated: String?
        for f in fields {
            let v = f.value.value
            switch f.key {
            case "kind": guard case .string("Scenario") = v else { return nil }
            case "id": guard let s = text(v) else { return nil }; id = s
            case "title": guard let s = text(v) else { return nil }; title = s
            case "title_en": guard let s = text(v) else { return nil }; titleEn = s
            case "sector": guard let s = text(v) else { return nil }; sector = s
            case "city": guard let s = text(v) else { return nil }; city = s
            case "stage": guard let s = text(v), let e = Stage(rawValue: s) else { return nil }; stage = e
            case "status": guard let s = text(v), let e = ScenarioStatus(rawValue: s) else { return nil }; status = e
            case "demand_org": guard let s = text(v) else { return nil }; demandOrg = s
            case "supplier_orgs": guard let l = texts(v) else { return nil }; suppliers = l
            case "summary": guard case .string(let s) = v else { return nil }; summary = s
            case "data_class": guard let s = text(v), let e = DataClass(rawValue: s) else { return nil }; dataClass = e
            case "tags": guard let l = texts(v) else { return nil }; tags = l
            case "models":
                guard case .list(let items) = v else { return nil }
                for item in items {
                    guard case .map(let mf) = item.value, mf.count == 2, mf[0].key == "model", mf[1].key == "role",
                          let m = text(mf[0].value.value), let r = text(mf[1].value.value), let role = ModelRole(rawValue: r) else { return nil }
                    models.append(ModelLink(model: m, role: role))
                }
            case "compute":
                guard case .list(let items) = v else { return nil }
                for item in items {
                    guard let need = computeNeed(item.value) else { return nil }
                    compute.append(need)
                }
            case "since": guard let s = text(v), let q = Quarter(s) else { return nil }; since = q
            case "links": guard let l = texts(v) else { return nil }; links = l
            case "contact": guard let s = text(v) else { return nil }; contact = s
            case "updated":
                switch v {
                case .date(let s), .string(let s): guard CalendarDate.isValid(s) else { return nil }; updated = s
                default: return nil
                }
            default:
                return nil
            }
        }
        guard let id, let title, let sector, let city, let stage, let status else { return nil }
        return Scenario(id: id, title: title, titleEn: titleEn, sector: sector, city: city, stage: stage, status: status,
                        demandOrg: demandOrg, supplierOrgs: suppliers, summary: summary, dataClass: dataClass, tags: tags,
                        models: models, compute: compute, since: since, links: links, contact: contact, updated: updated)
    }

    static func computeNeed(_ v: Value) -> ComputeNeed? {
        guard case .map(let fields) = v else { return nil }
        var workload: Workload?, amount: Double?, unit: ComputeUnit?, accelerator: String?, precision: Precision?
        var center: String?, from: Quarter?, until: Quarter?
        for f in fields {
            let x = f.value.value
            switch f.key {
            case "workload": guard let s = text(x), let e = Workload(rawValue: s) else { return nil }; workload = e
            case "amount": guard case .number(let d, _) = x, d.isFinite, d > 0, d <= NumberLimits.maximum else { return nil }; amount = d
            case "unit": guard let s = text(x), let e = ComputeUnit(rawValue: s) else { return nil }; unit = e
            case "accelerator": guard let s = text(x) else { return nil }; accelerator = s
            case "precision": guard let s = text(x), let e = Precision(rawValue: s) else { return nil }; precision = e
            case "center": guard let s = text(x) else { return nil }; center = s
            case "from": guard let s = text(x), let q = Quarter(s) else { return nil }; from = q
            case "until": guard let s = text(x), let q = Quarter(s) else { return nil }; until = q
            default: return nil
            }
        }
        guard let workload, let amount, let unit, let from else { return nil }
        return ComputeNeed(workload: workload, amount: amount, unit: unit, accelerator: accelerator, precision: precision,
                           center: center, from: from, until: until)
    }

    /// One line of text (what a valid file holds for a text field).
    static func text(_ v: Value) -> String? {
        guard case .string(let s) = v, !s.utf8.contains(0x0A) else { return nil }
        return s
    }

    static func texts(_ v: Value) -> [String]? {
        guard case .list(let items) = v else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for i in items {
            guard let s = text(i.value) else { return nil }
            out.append(s)
        }
        return out
    }
}
