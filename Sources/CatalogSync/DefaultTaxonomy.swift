/// The taxonomies a new catalogue starts with (`scencat init`): the demo catalogue's, byte for byte
/// (a test compares them with Catalog/taxonomy/). Sectors named in the provincial plan, the 21 cities
/// of Guangdong and the province, and common accelerator cards.
public enum DefaultTaxonomy {
    public static let sectors = #"""
        kind: Sectors
        items:
        - id: manufacturing
          zh: 制造
          en: Manufacturing
        - id: healthcare
          zh: 医疗
          en: Healthcare
        - id: education
          zh: 教育
          en: Education
        - id: finance
          zh: 金融
          en: Finance
        - id: research
          zh: 科研
          en: Scientific research
        - id: government
          zh: 政务
          en: Government services
        - id: transport
          zh: 交通
          en: Transport
        - id: energy
          zh: 能源
          en: Energy
        - id: agriculture
          zh: 农业
          en: Agriculture
        - id: culture-tourism
          zh: 文旅
          en: Culture and tourism
        - id: urban-governance
          zh: 城市治理
          en: Urban governance
        - id: logistics
          zh: 物流
          en: Logistics
        - id: retail
          zh: 商贸
          en: Retail and commerce
        """#

    public static let cities = #"""
        kind: Cities
        items:
        - id: guangzhou
          zh: 广州
          en: Guangzhou
        - id: shenzhen
          zh: 深圳
          en: Shenzhen
        - id: zhuhai
          zh: 珠海
          en: Zhuhai
        - id: shantou
          zh: 汕头
          en: Shantou
        - id: foshan
          zh: 佛山
          en: Foshan
        - id: shaoguan
          zh: 韶关
          en: Shaoguan
        - id: heyuan
          zh: 河源
          en: Heyuan
        - id: meizhou
          zh: 梅州
          en: Meizhou
        - id: huizhou
          zh: 惠州
          en: Huizhou
        - id: shanwei
          zh: 汕尾
          en: Shanwei
        - id: dongguan
          zh: 东莞
          en: Dongguan
        - id: zhongshan
          zh: 中山
          en: Zhongshan
        - id: jiangmen
          zh: 江门
          en: Jiangmen
        - id: yangjiang
          zh: 阳江
          en: Yangjiang
        - id: zhanjiang
          zh: 湛江
          en: Zhanjiang
        - id: maoming
          zh: 茂名
          en: Maoming
        - id: zhaoqing
          zh: 肇庆
          en: Zhaoqing
        - id: qingyuan
          zh: 清远
          en: Qingyuan
        - id: chaozhou
          zh: 潮州
          en: Chaozhou
        - id: jieyang
          zh: 揭阳
          en: Jieyang
        - id: yunfu
          zh: 云浮
          en: Yunfu
        - id: province
          zh: 广东省
          en: Guangdong Province
        """#

    public static let accelerators = #"""
        kind: Accelerators
        items:
        - id: ascend-910b
          name: Ascend 910B
          vendor: 华为
          domestic: true
          fp16_tflops: 320
        - id: ascend-910c
          name: Ascend 910C
          vendor: 华为
          domestic: true
          fp16_tflops: 780
        - id: ascend-310p
          name: Atlas 300I Pro (Ascend 310P)
          vendor: 华为
          domestic: true
          fp16_tflops: 70
        - id: cambricon-mlu370-x8
          name: MLU370-X8
          vendor: 寒武纪
          domestic: true
          fp16_tflops: 96
        - id: hygon-k100-ai
          name: DCU K100_AI
          vendor: 海光信息
          domestic: true
          fp16_tflops: 192
        - id: kunlunxin-r200
          name: R200
          vendor: 昆仑芯
          domestic: true
          fp16_tflops: 128
        - id: mthreads-s4000
          name: MTT S4000
          vendor: 摩尔线程
          domestic: true
          fp16_tflops: 100
        - id: nvidia-v100
          name: Tesla V100 SXM2
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 125
        - id: nvidia-a100
          name: A100 SXM4
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 312
        - id: nvidia-a800
          name: A800 SXM4
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 312
        - id: nvidia-h800
          name: H800 SXM5
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 989
        - id: nvidia-h20
          name: H20
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 148
        - id: nvidia-l20
          name: L20
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 119.5
        """#

    /// Each file with its catalogue-relative path; every text ends with one newline.
    public static var files: [(path: String, text: String)] {
        [("taxonomy/sectors.yaml", sectors + "\n"), ("taxonomy/cities.yaml", cities + "\n"), ("taxonomy/accelerators.yaml", accelerators + "\n")]
    }
}
