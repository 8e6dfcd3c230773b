import Foundation

/// The words submission sheets use for scencat's fields and values, kept as data: the JSON below
/// is the table (edit it to teach the import a new header), decoded once. It is compiled in rather
/// than shipped as a bundle resource because on Linux a resource bundle must sit beside the
/// binary, and scencat is run from copies of the binary that have none.
public struct ImportVocabulary: Sendable, Decodable {
    /// Field → the headers that mean it (compared after `normalise`).
    public var headers: [String: [String]]
    /// Headers recognised and deliberately not imported (序号, 备注).
    public var ignoredHeaders: [String]
    /// Sector id → other names for it, besides the taxonomy's own zh, en and id.
    public var sectors: [String: [String]]
    /// City id → other names, besides the taxonomy's own (and its names with 市 or City added).
    public var cities: [String: [String]]
    /// Stage → names.
    public var stages: [String: [String]]
    /// Data class → names.
    public var dataClasses: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case headers, ignoredHeaders = "ignored_headers", sectors, cities, stages, dataClasses = "data_classes"
    }

    public static let standard: ImportVocabulary = {
        do {
            return try JSONDecoder().decode(ImportVocabulary.self, from: Data(table.utf8))
        } catch {
            preconditionFailure("ImportVocabulary.table does not decode: \(error)")
        }
    }()

    /// A header or value as compared: without spaces, asterisks and the marks of required fields,
    /// full-width letters, digits and brackets made half-width, ASCII lower-cased.
    public static func normalise(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            var v = u.value
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
            if v == 0x3000 || v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 { continue }
            if v == 0x2A || v == 0xFF0A { continue } // *
            guard let scalar = Unicode.Scalar(v) else { continue }
            out.unicodeScalars.append(scalar)
        }
        out = out.lowercased()
        for mark in ["(必填)", "(选填)", "(可选)", "【必填】", "[必填]", "必填"] where out.hasSuffix(mark) {
            out.removeLast(mark.count)
        }
        return out
    }

    static let table = """
    {
      "headers": {
        "title": ["场景名称", "场景机会名称", "应用场景名称", "项目名称", "场景标题", "名称", "title", "scenario", "scenario name", "name"],
        "title_en": ["英文名称", "场景英文名称", "title_en", "english title", "title (english)"],
        "demand_org": ["需求方", "需求单位", "单位名称", "需求单位名称", "申报单位", "牵头单位", "demand_org", "demand organisation", "demand organization", "demand org"],
        "supplier_orgs": ["供给方", "供给单位", "技术支撑单位", "合作单位", "供应商", "supplier_orgs", "suppliers", "supplier"],
        "city": ["所属地市", "城市", "地市", "所在地市", "所在城市", "所属城市", "地区", "city"],
        "sector": ["所属行业", "领域", "场景类型", "行业", "行业领域", "所属领域", "应用领域", "sector", "industry"],
        "summary": ["场景描述", "简介", "合作需求", "场景简介", "场景内容", "建设内容", "需求描述", "场景概述", "summary", "description"],
        "contact": ["联系人", "联系方式", "联系人及电话", "联系电话", "contact"],
        "stage": ["阶段", "建设阶段", "场景阶段", "进展阶段", "stage"],
        "since": ["起始季度", "开始季度", "since", "start quarter"],
        "tags": ["标签", "关键词", "tags", "keywords"],
        "data_class": ["数据分级", "数据级别", "data_class", "data class"],
        "links": ["链接", "网址", "links", "link", "url"]
      },
      "ignored_headers": ["序号", "编号", "no.", "no", "#", "备注", "remarks", "notes", "问题"],
      "sectors": {
        "manufacturing": ["制造业", "智能制造", "工业", "工业制造"],
        "healthcare": ["医疗卫生", "医疗健康", "卫生健康", "医药卫生", "卫生"],
        "education": ["教育培训", "智慧教育"],
        "finance": ["金融服务", "智慧金融", "金融业"],
        "research": ["科学研究", "科技研发", "科研创新"],
        "government": ["政务服务", "数字政府", "智慧政务"],
        "transport": ["交通运输", "智慧交通", "交通出行"],
        "energy": ["能源电力", "电力", "智慧能源"],
        "agriculture": ["农业农村", "智慧农业", "农林牧渔"],
        "culture-tourism": ["文化旅游", "文旅文创", "文化和旅游"],
        "urban-governance": ["智慧城市", "城市管理", "社会治理"],
        "logistics": ["物流仓储", "智慧物流", "港口物流"],
        "retail": ["商贸流通", "零售", "电子商务", "电商"]
      },
      "cities": {
        "province": ["广东省", "省级", "全省", "省直"]
      },
      "stages": {
        "proposed": ["提出", "规划", "谋划", "拟建", "proposed"],
        "piloting": ["试点", "试点中", "在建", "建设中", "piloting", "pilot"],
        "demonstration": ["示范", "示范应用", "demonstration"],
        "scaled": ["推广", "规模化", "规模推广", "scaled"]
      },
      "data_classes": {
        "general": ["一般数据", "一般", "general"],
        "important": ["重要数据", "重要", "important"],
        "core": ["核心数据", "核心", "core"]
      }
    }
    """
}
