"""Regression table for the recognisers: one row per class of error fixed on texts the
project had not seen (left edges, verbs before names, 籍 groups, quoted names, zones,
localities, relative agencies in single articles, dates)."""
from __future__ import annotations

import pytest

from kg.extract import extract_records


@pytest.fixture
def extract(tmp_path):
    def run(text: str, name: str = "note-2019-03.txt") -> list[dict]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return list(extract_records([path]))
    return run


def _ents(records, label):
    return {(e["text"], e.get("canonical")) for r in records for e in r["entities"] if e["label"] == label}


@pytest.mark.parametrize("sentence, label, text, canonical", [
    # the left edge stops at verbs, adverbs and numerals …
    ("社区工作人员逐户走访就业困难人员。", "TARGET_GROUP", "就业困难人员", "就业困难人员"),
    # 低保对象 / 低保户 are people, not the 低保 programme
    ("对零就业家庭成员、低保对象逐户走访。", "TARGET_GROUP", "低保对象", "低保对象"),
    ("当地企业吸纳脱贫人口就业。", "TARGET_GROUP", "脱贫人口", "脱贫人口"),
    ("全市共接收退役士兵300余名退役士兵。", "TARGET_GROUP", "退役士兵", "退役士兵"),
    ("郑州市推行电子职业培训券。", "PROGRAM", "电子职业培训券", "电子职业培训券"),
    # … but keeps modifiers and verbs that describe people's state
    ("对求职的毕业生发放一次性求职补贴。", "PROGRAM", "一次性求职补贴", "一次性求职补贴"),
    ("鼓励应届高中毕业生报考高职院校。", "TARGET_GROUP", "应届高中毕业生", "应届高中毕业生"),
    ("组织返乡农民工参加培训。", "TARGET_GROUP", "返乡农民工", "返乡农民工"),
    # a region + 籍 belongs to the group
    ("组织宁夏籍脱贫劳动力赴闽务工。", "TARGET_GROUP", "宁夏籍脱贫劳动力", "宁夏籍脱贫劳动力"),
    # a quoted name runs on to its programme suffix
    ("全省开展“冬暖陇原”就业服务专项行动。", "PROGRAM", "“冬暖陇原”就业服务专项行动", "冬暖陇原就业服务专项行动"),
    # zones in agency names keep their own (historic) name
    ("苏州工业园区劳动和社会保障局发布通知。", "AGENCY", "苏州工业园区劳动和社会保障局", "苏州工业园区劳动和社会保障局"),
    ("教育部、发改委联合部署高职扩招。", "AGENCY", "发改委", "国家发展和改革委员会"),
    ("教育部、发改委联合部署高职扩招。", "PROGRAM", "高职扩招", "高职扩招"),
    # an adverb-like modifier of a group's state
    ("对自主就业退役士兵给予一次性经济补助。", "TARGET_GROUP", "自主就业退役士兵", "自主就业退役士兵"),
    ("无锡市将再就业小额担保贷款额度提高至8万元。", "PROGRAM", "再就业小额担保贷款", "再就业小额担保贷款"),
    # the party centre by its full name; a bureau keeps its kind
    ("中共中央、国务院印发意见。", "AGENCY", "中共中央", "中国共产党中央委员会"),
    ("怀化市就业服务局组织招聘。", "AGENCY", "怀化市就业服务局", "怀化市就业服务局"),
    ("宁波市人事局认定见习基地。", "AGENCY", "宁波市人事局", "宁波市人事局"),
    ("对留守妇女开展培训。", "TARGET_GROUP", "留守妇女", "留守妇女"),
    # municipalities name their bodies like cities; tax bureaus are branches of the national one
    ("重庆市人社局发布通知。", "AGENCY", "重庆市人社局", "重庆市人力资源和社会保障局"),
    ("# 重庆稳妥推进职工安置\n\n市人社局、市财政局联合部署，市经信委配合。\n", "AGENCY", "市经信委",
     "重庆市经济和信息化委员会"),
    ("# 内蒙古自治区稳就业\n\n自治区人社厅、教育厅联合开展招聘。\n", "AGENCY", "教育厅", "内蒙古自治区教育厅"),
    ("# 内蒙古自治区稳就业\n\n自治区人社厅会同教育厅开展招聘。\n", "AGENCY", "教育厅", "内蒙古自治区教育厅"),
    ("四川省税务局落实缓缴政策。", "AGENCY", "四川省税务局", "国家税务总局四川省税务局"),
    ("人民银行新疆维吾尔自治区分行推动贷款投放。", "AGENCY", "人民银行新疆维吾尔自治区分行",
     "中国人民银行新疆维吾尔自治区分行"),
    ("各地落实扩岗补助政策。", "PROGRAM", "扩岗补助", "一次性扩岗补助"),
    # a county by its short name right after its city; a zone with a two-character qualifier
    ("# 贵州毕节\n\n在毕节威宁，县里建起就业扶贫车间。\n", "REGION", "威宁", "威宁彝族回族苗族自治县"),
    ("# 浙江稳就业\n\n金华义乌的零工市场把服务延伸到夜间。\n", "REGION", "义乌", "义乌市"),
    ("在包头稀土高新区，园区企业与职业院校合办订单班。", "REGION", "包头稀土高新区", "包头稀土高新技术产业开发区"),
    ("江苏苏州工业园区开展技能培训。", "REGION", "苏州工业园区", "苏州工业园区"),
    ("深圳市近日出台稳定就业十项措施。", "POLICY_DOC", "稳定就业十项措施", "稳定就业十项措施"),
    ("天津滨海新区设立服务站。", "REGION", "滨海新区", "滨海新区"),
    # an autonomous county's short name with 县 (东乡县) in a 甘肃 article, not 江西's former 东乡县
    ("# 甘肃东乡：扶贫车间开进村\n\n东乡县把扶贫车间作为就业扶贫的抓手。\n", "REGION", "东乡县", "东乡族自治县"),
    # a city district written only as 区 keeps its city, as its official name does
    ("# 佛山稳就业\n\n顺德区今年扩大培训规模。区人社局表示将简化申领流程。\n", "AGENCY", "区人社局",
     "佛山市顺德区人力资源和社会保障局"),
    ("# 宜昌稳就业\n\n在夷陵区，区退役军人服务中心为退役士兵建立需求清单。\n", "AGENCY", "区退役军人服务中心",
     "宜昌市夷陵区退役军人服务中心"),
    ("全市募集见习岗位1300个。", "PROGRAM", "见习岗位", "就业见习"),
])
def test_entity_is_found_as_written(extract, sentence, label, text, canonical):
    assert (text, canonical) in _ents(extract(sentence), label)


@pytest.mark.parametrize("sentence, label, wrong", [
    ("社区工作人员逐户走访就业困难人员。", "TARGET_GROUP", "员逐户走访就业困难人员"),
    ("湖北省谷城县返乡创业人数增加。", "REGION", "谷城县返乡"),
    ("天津市滨海新区设立东乡籍务工人员服务站。", "REGION", "设立东乡"),
    ("启动专项行动。", "PROGRAM", "专项行动"),
    ("月人均失业保险金提高。", "PROGRAM", "人均失业保险金"),
    ("对外省务工人员自行返岗的给予补贴。", "TARGET_GROUP", "对外省务工人员"),
    ("该县在乡镇设立零工驿站12个。", "REGION", "在乡镇"),
    ("省级资金和县级财政共同承担。", "REGION", "和县"),
    ("重建后的北川新县城街头店铺林立。", "REGION", "新县"),
    ("对招用贫困劳动力的，再给予吸纳就业奖补。", "PROGRAM", "再给予吸纳就业奖补"),
    ("张北县、尚义县等地的农村劳动力赴京务工。", "REGION", "等地的农村"),
    ("该市在中心城区设立服务站。", "REGION", "城区"),
    ("退役士兵个人创业担保贷款额度提高。", "PROGRAM", "退役士兵个人创业担保贷款"),
    ("新政惠及职工120万人。", "TARGET_GROUP", "惠及职工"),
    ("1.2万家企业收到补助。", "PROGRAM", "收到补助"),
    ("个人贷款最高30万元。", "PROGRAM", "个人贷款"),
    ("喀什、和田两地区农村劳动力外出务工。", "REGION", "两地区农村"),
    ("可阶段性降低城镇职工基本医疗保险费率。", "TARGET_GROUP", "阶段性降低城镇职工"),
    ("企业招用毕业年度或离校2年内未就业高校毕业生的，可申请补助。", "TARGET_GROUP", "离校2年内未就业高校毕业生"),
    ("将通过“免申即享”方式把补助直接发放到企业。", "PROGRAM", "“免申即享”方式把补助"),
    ("该市涪城区还在社区开设家政服务站。", "REGION", "还在社区"),
    ("厦门市湖里区与东乡县结对，与东乡开展劳务协作。", "REGION", "与东乡"),
    ("安徽将组织开展新一轮春风行动。", "PROGRAM", "新一轮春风行动"),
    ("6月以来新募集见习岗位1200余个。", "PROGRAM", "新募集见习岗位"),
    ("到定点培训机构报名时扣券。", "PROGRAM", "报名时扣券"),
    ("资金主要投向职业培训补贴和社会保险补贴。", "PROGRAM", "主要投向职业培训补贴"),
    ("雨露计划资助农村贫困家庭子女就读。", "TARGET_GROUP", "资助农村贫困家庭"),
    ("今年计划转移农村富余劳动力3万人。", "TARGET_GROUP", "计划转移农村富余劳动力"),
    ("企业消化分流职工2000人。", "TARGET_GROUP", "消化分流职工"),
    ("领取当地失业保险金。", "PROGRAM", "当地失业保险金"),
    ("宝清县把这项政策和县里的创业孵化基地结合起来。", "REGION", "和县"),
    ("将名单分解到各市（州）和县（市、区）。", "REGION", "和县"),
    ("单张培训券面值最高可达1600元。", "PROGRAM", "单张培训券"),
    ("1至8月，该地区累计转移就业农村富余劳动力28.4万人次。", "TARGET_GROUP", "转移就业农村富余劳动力"),
    ("今年，全州农村富余劳动力转移就业15万人。", "TARGET_GROUP", "全州农村富余劳动力"),
    ("对已登记贫困家庭劳动力实行动态管理。", "TARGET_GROUP", "已登记贫困家庭劳动力"),
    ("劳动密集型小企业当年新招用符合条件人员的，可申请贷款。", "DATE", "当年"),
    ("财政拿出真金白银稳岗位。", "REGION", "白银"),
    ("今年全市计划募集见习岗位3万个。", "PROGRAM", "计划募集见习岗位"),
    ("贷款由市小额贷款担保中心审核。", "PROGRAM", "贷款由市小额贷款"),
    ("基本医疗保险费由失业保险基金支付。", "PROGRAM", "基本医疗保险费由失业保险基金"),
    ("劳务报酬占中央资金的比例提高。", "PROGRAM", "劳务报酬占中央资金"),
    ("其中高校毕业生最长补贴2年。", "PROGRAM", "高校毕业生最长补贴"),
    ("对贫困家庭每人每年补助1500元。", "PROGRAM", "贫困家庭每人每年补助"),
    ("上述补贴由财政列支。", "PROGRAM", "上述补贴"),
    ("对低保户给予临时救助。", "PROGRAM", "低保"),
    ("通知从稳岗返还和创业担保贷款四个方面推出12条措施。", "POLICY_DOC", "创业担保贷款四个方面推出12条措施"),
])
def test_no_entity_with_a_wrong_edge(extract, sentence, label, wrong):
    assert wrong not in {t for t, _ in _ents(extract(sentence), label)}


def test_a_title_naming_an_autonomous_county_by_its_short_name(extract):
    records = extract("# 甘肃东乡：扶贫车间开进村\n\n今年以来，当地新建扶贫车间30个。\n", "dongxiang-2018.md")
    assert ("就业帮扶车间", "东乡族自治县") in _rels(records, "IMPLEMENTED_IN")


def test_single_article_takes_its_region_from_title_and_text(extract):
    text = ("# 湖北加大创业担保贷款支持力度\n\n2020年6月\n\n省人社厅、省财政厅近日联合印发通知，"
            "湖北省各地要加快发放贷款。武汉市、宜昌市同步落实。\n")
    agencies = _ents(extract(text, "hubei-loans.md"), "AGENCY")
    assert ("省人社厅", "湖北省人力资源和社会保障厅") in agencies
    assert ("省财政厅", "湖北省财政厅") in agencies


def test_a_place_name_inside_an_idiom_does_not_take_the_article_elsewhere(extract):
    """佛山：…拿出真金白银… is a 佛山 article, not one about 白银 (so not a 广东 one)."""
    text = ("# 佛山：拿出真金白银稳岗位\n\n广东是制造业大省。今年起，对创业人员发放一次性创业补贴。\n")
    found = _rels(extract(text, "foshan-2014.md"), "IMPLEMENTED_IN")
    assert ("一次性创业补贴", "佛山市") in found, found
    assert ("一次性创业补贴", "广东省") not in found, found


def test_a_national_article_naming_many_provinces_keeps_no_region(extract):
    text = "人社部通报：河北、山西、辽宁、吉林、江苏等地落实稳岗返还。省人社厅要加强调度。\n"
    agencies = _ents(extract(text, "national.txt"), "AGENCY")
    assert ("省人社厅", None) in agencies or not any(t == "省人社厅" and c for t, c in agencies)


@pytest.mark.parametrize("sentence, text, value, start, end", [
    ("计划2019年至2021年开展培训。", "2019年至2021年", None, "2019", "2021"),
    ("春节前组织专车。", "春节前", "2019", None, None),
    ("上年度参保企业可申请。", "上年度", "2018", None, None),
])
def test_dates_resolved_against_the_file_date(extract, sentence, text, value, start, end):
    dates = [e for r in extract(sentence) for e in r["entities"] if e["label"] == "DATE"]
    d = next(e for e in dates if e["text"] == text)
    assert (d.get("value"), d.get("from"), d.get("to")) == (value, start, end)


def test_a_leading_until_word_is_not_part_of_the_canonical_date(extract):
    dates = [e for r in extract("到3月底全部发放。") for e in r["entities"] if e["label"] == "DATE"]
    assert [(d["text"], d["canonical"]) for d in dates] == [("到3月底", "3月底")]


def _rels(records, kind):
    return {((r["head"].get("canonical") or r["head"]["text"]), (r["tail"].get("canonical") or r["tail"]["text"]))
            for rec in records for r in rec["relations"] if r["type"] == kind}


DOC = "关于做好职工安置工作的意见"


@pytest.mark.parametrize("text, kind, present, absent", [
    # coordination through 会同; a bare 国资委 is the national commission
    (f"人社部会同发展改革委、财政部、国资委印发了《{DOC}》。\n", "ISSUED_BY",
     [(DOC, "人力资源和社会保障部"), (DOC, "国家发展和改革委员会"), (DOC, "国务院国有资产监督管理委员会")], []),
    # a ministry's general office and a central-bank branch are issuers in their own right
    (f"人社部办公厅、人民银行武汉分行联合印发《{DOC}》。\n", "ISSUED_BY",
     [(DOC, "人力资源和社会保障部办公厅"), (DOC, "中国人民银行武汉分行")], [(DOC, "中国人民银行")]),
    # 发布会 is not 发布
    (f"市政府新闻办举行新闻发布会，解读《{DOC}》。\n", "ISSUED_BY", [], [(DOC, "人民政府新闻办公室")]),
    # 通知规定，…: the sentence reports on the last document named
    (f"省人社厅印发《{DOC}》。通知规定，就业困难人员和高校毕业生可申请创业担保贷款。\n", "TARGETS",
     [(DOC, "就业困难人员"), (DOC, "高校毕业生"), ("创业担保贷款", "就业困难人员")], []),
    # a group named inside a programme's name
    ("开展返乡农民工就业创业专项服务。\n", "TARGETS", [("返乡农民工就业创业专项服务", "返乡农民工")], []),
    # the bodies written right before a title issued it; an earlier, unrelated one did not
    (f"我省落实人社部、财政部《{DOC}》。\n", "ISSUED_BY",
     [(DOC, "人力资源和社会保障部"), (DOC, "财政部")], []),
    (f"5月25日，《{DOC}》提请省人大常委会审议。\n", "ISSUED_BY", [], [(DOC, "人民代表大会常务委员会")]),
    # 贷款对象覆盖…: the groups are the loan's, not the subsidy named later in the sentence
    ("长沙市发放创业担保贷款。贷款对象覆盖高校毕业生和退役军人，财政按规定给予贴息。\n", "TARGETS",
     [("创业担保贷款", "高校毕业生"), ("创业担保贷款", "退役军人")], [("贴息", "高校毕业生")]),
    # a sentence that says who the programme named before is for
    ("赣州市扩大小额担保贷款规模。贷款对象为城镇登记失业人员和返乡创业农民工。\n", "TARGETS",
     [("小额担保贷款", "城镇登记失业人员"), ("小额担保贷款", "返乡创业农民工")], []),
    ("自治区继续发放创业担保贷款，财政按规定给予贴息。高校毕业生、退役军人等群体均可申请。\n", "TARGETS",
     [("创业担保贷款", "高校毕业生"), ("创业担保贷款", "退役军人")], [("贴息", "高校毕业生")]),
    # the people a condition names may apply for the programme after it
    ("失业人员、返乡创业农民工等自主创业的，均可申请创业担保贷款。\n", "TARGETS",
     [("创业担保贷款", "失业人员"), ("创业担保贷款", "返乡创业农民工")], []),
    # 优先安置/托底安置 A: the people of the posts opened in the clause before, not of the
    # subsidy named after them
    ("某县开发乡村公益性岗位800个，优先安置建档立卡贫困劳动力，岗位补贴为每人每月600元。\n", "TARGETS",
     [("乡村公益性岗位", "建档立卡贫困劳动力")], [("岗位补贴", "建档立卡贫困劳动力")]),
    # an amount in a clause without a programme goes to the payment named before it, not to
    # a standard it is measured by
    ("见习人员可领取就业见习补贴，补贴标准参照当地最低工资标准确定，某市为每人每月1800元。\n", "HAS_AMOUNT",
     [("就业见习补贴", "1800元")], [("最低工资标准", "1800元")]),
    # 为A、B提供就业服务: a clause that serves its groups by itself; they are the subject's
    # (春风行动), not those of a programme in a later clause
    ("今年的春风行动持续到3月底，重点为返乡农民工和脱贫劳动力提供就业服务，通过劳务协作组织外出务工。\n",
     "TARGETS", [("春风行动", "返乡农民工"), ("春风行动", "脱贫劳动力")], [("劳务协作", "返乡农民工")]),
    # A和B，均可参加P: the clause before "may take part" names who
    ("离校2年内未就业高校毕业生和16—24岁失业青年，均可参加3至12个月的就业见习。\n", "TARGETS",
     [("就业见习", "离校2年内未就业高校毕业生"), ("就业见习", "16—24岁失业青年")], []),
    # …均可报名参加见习: the programme of the sentence before
    ("某县今年募集就业见习岗位300个。离校2年内未就业高校毕业生均可报名参加见习。\n", "TARGETS",
     [("就业见习", "离校2年内未就业高校毕业生")], []),
    # 开展P1和P2，…为A提供岗位: both campaigns serve A; 对A逐户走访: the campaign's people, not
    # those of the posts named after them; 让A…: the workshops'; 把A纳入贷款扶持范围: the loan's
    ("全市开展春风行动和就业援助月活动，为返乡农民工提供岗位5万个。\n", "TARGETS",
     [("春风行动", "返乡农民工"), ("就业援助月", "返乡农民工")], []),
    ("某市开展就业援助月活动，对零就业家庭成员逐户走访，通过公益性岗位兜底安置。\n", "TARGETS",
     [("就业援助月", "零就业家庭成员")], [("公益性岗位", "零就业家庭成员")]),
    ("某县把就业扶贫车间建到安置小区旁，让易地扶贫搬迁群众就近挣钱。\n", "TARGETS",
     [("就业帮扶车间", "易地扶贫搬迁群众")], []),
    ("某市扩大创业担保贷款覆盖面。某区还把在校大学生纳入贷款扶持范围。\n", "TARGETS",
     [("创业担保贷款", "在校大学生")], []),
    # a sentence without a programme that names the kind of payment: the last one of that
    # kind named shortly before (个人贷款 → 再就业小额担保贷款; 这项补助 → 一次性留工培训补助)
    ("各地发放再就业小额担保贷款。个人贷款最高额度由2万元提高至5万元。\n", "HAS_AMOUNT",
     [("再就业小额担保贷款", "2万元"), ("再就业小额担保贷款", "5万元")], []),
    ("本市发放一次性留工培训补助22.8亿元。这项补助按参保职工人数计发，国家规定的标准为每人500元。\n",
     "HAS_AMOUNT", [("一次性留工培训补助", "500元")], []),
    # …的，可按每人1500元申领。: who may apply for, and how much of, the programme named before
    ("市人社局明确了一次性扩岗补助的申领流程。企业招用毕业年度高校毕业生，签订劳动合同的，可按每人1500元申领。\n",
     "TARGETS", [("一次性扩岗补助", "毕业年度高校毕业生")], []),
    ("市人社局明确了一次性扩岗补助的申领流程。企业招用毕业年度高校毕业生，签订劳动合同的，可按每人1500元申领。\n",
     "HAS_AMOUNT", [("一次性扩岗补助", "1500元")], []),
    # a sentence without a programme that opens with its groups (A、B和C，只要符合条件，…),
    # says 重点面向A、B, or 培训对象仍是A、B: the programme of the sentence before
    ("南京市调整小额担保贷款政策。城镇登记失业人员和返乡创业农民工，只要符合条件，个人贷款最高额度提高至8万元。\n",
     "TARGETS", [("小额担保贷款", "城镇登记失业人员"), ("小额担保贷款", "返乡创业农民工")], []),
    ("全省计划开展补贴性职业技能培训150万人次。任务分解到各市，重点面向企业职工和退役军人。\n",
     "TARGETS", [("补贴性职业技能培训", "企业职工"), ("补贴性职业技能培训", "退役军人")], []),
    ("特别职业培训计划进入第二年。培训对象仍是困难企业在职职工和失业农民工。\n",
     "TARGETS", [("特别职业培训计划", "失业农民工")], []),
    # 带动 A 就近务工: the people the programme of the clause before employs; 当地群众 is no group
    ("某市实施以工代赈项目30个，带动脱贫人口和当地群众2000人就近务工。\n", "TARGETS",
     [("以工代赈", "脱贫人口")], [("以工代赈", "当地群众")]),
    # a programme in the group's own description (领取失业保险金…的) is not what it receives
    ("对领取失业保险金期满仍未就业的失业人员，继续按月发放失业补助金。\n", "TARGETS",
     [("失业补助金", "失业人员")], [("失业保险金", "失业人员")]),
    # a clause opening with 重点面向A speaks of the programme of the clause before, not of
    # those named later; unless the next clause serves A itself (…；同时面向A，持续开展Q)
    ("某市推出“春暖就业”系列招聘活动，重点面向高校毕业生和退役军人，每周举办线下招聘会，并通过直播带岗发布岗位。\n",
     "TARGETS", [("春暖就业系列招聘活动", "高校毕业生"), ("春暖就业系列招聘活动", "退役军人")],
     [("直播带岗", "高校毕业生"), ("线下招聘会", "退役军人")]),
    ("某省将加强一次性留工培训补助监管；同时面向高校毕业生和农民工，持续开展公共就业服务进校园活动。\n",
     "TARGETS", [("公共就业服务进校园活动", "高校毕业生")], [("一次性留工培训补助", "高校毕业生")]),
    # a group that opens a clause receives the programme a later clause names past conditions
    # (A，(…的，)按规定享受P); a group list ending 均可申请 may apply for the programme before it
    ("参加转岗培训的分流职工，按规定享受职业培训补贴。\n", "TARGETS", [("职业培训补贴", "分流职工")], []),
    ("参加失业保险满1年的企业职工，今年取得职业资格证书的，就可以申领技能提升补贴。\n", "TARGETS",
     [("技能提升补贴", "企业职工")], []),
    ("省人社厅继续推行创业担保贷款，高校毕业生和返乡农民工均可申请。\n", "TARGETS",
     [("创业担保贷款", "高校毕业生"), ("创业担保贷款", "返乡农民工")], []),
    ("难以通过市场渠道就业的大龄困难人员，由各县区开发公益性岗位托底安置。\n", "TARGETS",
     [("公益性岗位", "大龄困难人员")], []),
    ("今年全市计划募集见习岗位3万个，符合条件的16—24岁失业青年同样可以报名。\n", "TARGETS",
     [("就业见习", "16—24岁失业青年")], []),
    # 把A纳入培训范围 with no programme named after 培训: the sentence's programme before A
    ("四川落实特别职业培训计划，把失业人员和返乡农民工一并纳入培训范围。\n", "TARGETS",
     [("特别职业培训计划", "失业人员"), ("特别职业培训计划", "返乡农民工")], []),
    # 个人贷款 in a sentence whose only programme comes after the amounts: the loan named before
    ("某市把创业担保贷款作为主要工具。个人贷款额度由15万元提高至20万元，符合条件的由财政给予贴息。\n",
     "HAS_AMOUNT", [("创业担保贷款", "15万元"), ("创业担保贷款", "20万元")], [("贴息", "20万元")]),
    # the programme a later sentence refers to is the loan, not its interest subsidy
    ("赣州把创业担保贷款作为主要工具。个人贷款额度提高至20万元，符合条件的由财政给予贴息。"
     "返乡农民工和退役军人创办经营实体，都可以申请。\n", "TARGETS",
     [("创业担保贷款", "返乡农民工"), ("创业担保贷款", "退役军人")], [("贴息", "退役军人")]),
    # a group that opens the sentence with its condition (A参加培训的，) receives what later
    # clauses give (另给予P1；…的，再按规定享受P2)
    ("建档立卡贫困劳动力参加培训的，免收培训费用，培训期间另给予50元生活费补助；培训合格的，再按规定享受职业技能培训补贴。\n",
     "TARGETS", [("生活费补助", "建档立卡贫困劳动力"), ("职业培训补贴", "建档立卡贫困劳动力")], []),
    # a sentence opening with the programme's kind (项目由…，优先吸纳A) speaks of the last
    # programme named as one
    ("某县今年实施以工代赈项目8个。项目由县发展改革局统筹，优先吸纳脱贫人口参与工程建设。\n", "TARGETS",
     [("以工代赈", "脱贫人口")], []),
    # an amount whose clause speaks of a subsidy goes to P's subsidy when the article names it
    ("阜阳市推行以工代训补贴政策。企业开展以工代训的，按每人每月500元给予补贴。\n", "HAS_AMOUNT",
     [("以工代训补贴", "500元")], [("以工代训", "500元")]),
    # a programme anaphor carries its sentence's groups to the programme it points back to,
    # not to a feature named later in the sentence (…，财政按规定贴息)
    ("全省继续发放创业担保贷款。这项贷款优先支持下岗失业人员和返乡创业农民工，财政按规定贴息。\n", "TARGETS",
     [("创业担保贷款", "下岗失业人员"), ("创业担保贷款", "返乡创业农民工")], [("贴息", "下岗失业人员")]),
    # a condition naming people (A…的，) followed by a clause that sets P's amount: A get P
    ("失业人员和农村劳动力参加培训并取得证书的，职业培训补贴标准由每人2000元提高至3000元。\n", "TARGETS",
     [("职业培训补贴", "失业人员"), ("职业培训补贴", "农村劳动力")], []),
    # 围绕A、B等重点群体，开展P: the groups P is for
    ("某市将围绕高校毕业生和就业困难人员等重点群体，持续开展“春风行动”等公共就业服务活动。\n",
     "TARGETS", [("春风行动", "高校毕业生"), ("春风行动", "就业困难人员")], []),
])
def test_relations_table(extract, text, kind, present, absent):
    found = _rels(extract(text, "rel.txt"), kind)
    for pair in present:
        assert pair in found, (pair, found)
    for pair in absent:
        assert not any(h == pair[0] and t.endswith(pair[1]) for h, t in found), (pair, found)


@pytest.mark.parametrize("text, present, absent", [
    # partner, origin and destination regions are not where the programme runs
    ("# 贵州推进劳务协作\n\n贵州积极开展与浙江省的劳务协作，组织脱贫劳动力赴浙务工。\n",
     [("劳务协作", "贵州省")], [("劳务协作", "浙江省")]),
    ("# 浙江复工复产\n\n温州市从四川、贵州等地开行返岗专列12趟。\n",
     [("返岗专列", "温州市")], [("返岗专列", "四川省"), ("返岗专列", "贵州省")]),
    # a national document applies everywhere, even where a province carries it out
    (f"# 甘肃落实就业政策\n\n人社部、财政部印发《{DOC}》。甘肃省正在落实《{DOC}》。\n",
     [], [(DOC, "甘肃省")]),
    ("# 甘肃落实就业政策\n\n甘肃省正在落实《国务院关于做好当前和今后一个时期促进就业工作的若干意见》。\n",
     [], [("国务院关于做好当前和今后一个时期促进就业工作的若干意见", "甘肃省")]),
    # an agency after 与 is a partner: its city is not where the programme runs
    ("# 甘肃东乡：扶贫车间开进村\n\n在劳务协作方面，临夏州人社局与厦门市人社局签订协议，组织贫困劳动力赴厦门就业。\n",
     [("劳务协作", "东乡族自治县")], [("劳务协作", "厦门市")]),
    # a law is national: no place of implementation, even where a city carries it out
    ("# 福州贯彻就业促进法\n\n福州市认真贯彻《中华人民共和国就业促进法》，开发公益性岗位。\n",
     [("公益性岗位", "福州市")], [("中华人民共和国就业促进法", "福州市")]),
    # a sentence without a programme whose subject is counties of the item's city: the
    # paragraph's topic programme runs there; not so in a province-wide article
    ("# 大连放宽技能提升补贴条件\n\n大连市人社局明确，企业职工参保满1年即可申领技能提升补贴。"
     "金州区、甘井子区已设立专门受理窗口。\n",
     [("技能提升补贴", "金州区"), ("技能提升补贴", "甘井子区")], []),
    ("# 广西推进技能提升补贴\n\n广西壮族自治区人社厅明确，企业职工参保满1年即可申领技能提升补贴。"
     "百色市、河池市已设立专门受理窗口。\n",
     [("技能提升补贴", "广西壮族自治区")], [("技能提升补贴", "百色市")]),
    # 和|县级财政 names no county, not even as the region of an article without a title
    ("岗位补贴由省级就业补助资金和县级财政共同承担。\n", [], [("岗位补贴", "和县")]),
    # …其中龙华区、美兰区…: places named by 其中 in a later clause, too
    ("# 海口募集就业见习岗位\n\n海口市落实百万就业见习岗位募集计划，已募集岗位3200个。"
     "截至9月，全市已有1100名青年上岗，其中龙华区、美兰区人数占六成。\n",
     [("百万就业见习岗位募集计划", "龙华区"), ("百万就业见习岗位募集计划", "美兰区")], []),
    # a later clause without a programme whose subject is districts of the item's city; a
    # later clause with its own programme keeps its districts to itself
    ("# 银川认定就业见习基地\n\n银川市新认定就业见习基地35家，兴庆区、金凤区的企业占比过半。\n",
     [("就业见习基地", "兴庆区"), ("就业见习基地", "金凤区")], []),
    ("# 银川认定就业见习基地\n\n银川市新认定就业见习基地35家，兴庆区开展春风行动。\n",
     [("春风行动", "兴庆区")], [("就业见习基地", "兴庆区")]),
    # a single province article: a programme every sentence places in a city is the city's;
    # one the article names without a place stays the province's
    ("# 浙江稳住高校毕业生就业\n\n浙江省全面启动百日千万招聘专项行动。杭州市人社局推出创业担保贷款，"
     "最高50万元。\n", [("创业担保贷款", "杭州市"), ("百日千万招聘专项行动", "浙江省")],
     [("创业担保贷款", "浙江省")]),
    ("# 佛山稳岗返还与技能提升补贴双管齐下\n\n佛山市发放稳岗返还4.6亿元。顺德区还提供创业担保贷款贴息支持。\n",
     [("创业担保贷款贴息", "顺德区"), ("稳岗返还", "佛山市")], [("创业担保贷款贴息", "佛山市")]),
    # a paragraph opening with a county of the item's city is about it: the programmes of its
    # later sentences run there too, unless they name another place
    ("甘肃定西 | 安定区扩大公益性岗位规模\n\n定西市安定区新开发公益性岗位1200个。公益性岗位补贴提高至每人每月800元。"
     "甘肃省人社厅将在全省推广社会保险补贴经验。\n",
     [("公益性岗位补贴", "安定区"), ("公益性岗位补贴", "定西市")], [("社会保险补贴", "安定区")]),
    # X与Y建立劳务协作关系: Y is a partner, even written after a place of the article;
    # but 浙江与天津、河北等省份一道纳入试点 lists places doing the same
    ("# 江西赣州稳就业\n\n瑞金市与广东东莞建立了劳务协作关系。\n",
     [("劳务协作", "瑞金市")], [("劳务协作", "东莞市"), ("劳务协作", "广东省")]),
    ("# 全国扩大职业伤害保障试点\n\n浙江与天津、河北等省份一道纳入职业伤害保障扩大试点范围。\n",
     [("职业伤害保障", "天津市"), ("职业伤害保障", "河北省")], []),
    # a clause that only says where (在劳务输出大市湖北黄冈，) is the sentence's subject
    ("# 湖北扶持返乡创业\n\n在劳务输出大市湖北黄冈，今年已发放小额担保贷款1.17亿元。\n",
     [("小额担保贷款", "黄冈市")], []),
    # a paragraph that opens with a county's agency (县政府把…) is about that county too
    ("# 青海稳就业\n\n海东市化隆回族自治县是拉面之乡。\n\n县政府把拉面经营户作为扶持重点。对外出开办拉面店的，可申请创业担保贷款。\n",
     [("创业担保贷款", "化隆回族自治县")], [("创业担保贷款", "青海省")]),
    # a single city article: the province doing it (我省将… / 省人社厅推行…) in a sentence that names
    # no place of the city's makes it the province's; one that names the city keeps the city
    ("# 云南昭通推进转移就业\n\n今年起，我省将个人小额担保贷款最高额度由5万元提高至8万元。"
     "省人社厅在职业培训补贴方面向昭通市倾斜。\n",
     [("小额担保贷款", "云南省"), ("职业培训补贴", "昭通市")],
     [("小额担保贷款", "昭通市"), ("职业培训补贴", "云南省")]),
    # a compound at the head of a clause (信阳市固始县) names its last place only
    ("# 河南支持农民工返乡创业\n\n信阳市固始县规划建设返乡创业园。入园的返乡农民工可申请小额担保贷款。\n",
     [("小额担保贷款", "固始县")], [("小额担保贷款", "信阳市")]),
    # counties opening a sentence are its subject although a programme follows in the clause
    ("# 阿克苏推进就业扶贫\n\n库车市、温宿县对吸纳贫困劳动力的就业扶贫车间，按每人2000元给予一次性奖补。\n",
     [("一次性奖补", "库车市"), ("一次性奖补", "温宿县")], []),
])
def test_where_a_programme_is_implemented(extract, text, present, absent):
    found = _rels(extract(text, "gansu-2023.md"), "IMPLEMENTED_IN")
    assert set(present) <= found, found
    assert not set(absent) & found, found


def test_a_place_written_only_as_gai_shi_still_holds_its_counties(extract):
    text = "# 山东稳就业\n\n青岛市人社局介绍，该市今年扩大就业见习规模，平度市新增见习岗位800个。\n"
    assert ("平度市", "青岛市") in _rels(extract(text, "shandong-2019.md"), "PART_OF")


def test_regions_opening_a_clause_carry_over_and_the_item_province_does_not(extract):
    text = ("湖北武汉 | 武汉市推进就业见习\n\n武汉市人社局介绍，江夏区、东西湖区已率先完成试点，"
            "发放职业培训券1.1万张。\n")
    found = _rels(extract(text, "digest-2022-07.txt"), "IMPLEMENTED_IN")
    assert {("职业培训券", "武汉市"), ("职业培训券", "江夏区"), ("职业培训券", "东西湖区")} <= found
    assert ("职业培训券", "湖北省") not in found


def test_a_programme_carried_out_outside_the_article_region_does_not_get_it(extract):
    """A 湖北 article: 武汉市 is inside it (a programme only ever placed there is 武汉's);
    佛山市 is not (only there)."""
    text = ("# 湖北加大就业支持力度\n\n湖北省近日出台措施。武汉市对吸纳高校毕业生的企业给予一次性吸纳就业补贴。"
            "佛山市对在当地稳定就业的湖北籍劳动力给予稳岗补贴。\n")
    found = _rels(extract(text, "hubei.md"), "IMPLEMENTED_IN")
    assert ("一次性吸纳就业补贴", "武汉市") in found
    assert ("一次性吸纳就业补贴", "湖北省") not in found
    assert ("稳岗补贴", "佛山市") in found
    assert ("稳岗补贴", "湖北省") not in found


@pytest.mark.parametrize("sentence, wrong, right", [
    ("管委会主要领导负责双创示范基地建设。", "管委会主要领导负责双创示范基地", "双创示范基地"),
    ("新建国家级基地5家、省级基地23家。", "省级基地", None),
    ("大同煤矿集团计划关闭退出矿井6座。", "煤矿集团计划", None),
    ("按每人20万元的标准发放贷款。", "标准发放贷款", None),
    ("组织“乐业杭州”等创业陪跑活动。", "乐业杭州等创业陪跑活动", "乐业杭州"),
    ("今年新余市将原小额担保贷款调整为创业担保贷款。", "原小额担保贷款", "小额担保贷款"),
    ("对吸纳分流职工的企业给予吸纳就业补贴。", "就业补贴", "吸纳就业补贴"),
    # an action verb before a four-character programme is not part of it
    ("全省累计开行返岗专列41趟。", "开行返岗专列", "返岗专列"),
    ("临沂市建成就业扶贫车间1300余个。", "扶贫车间", "就业帮扶车间"),   # the older name of one programme
    ("对困难企业给予在岗培训补贴。", "在岗培训", "在岗培训补贴"),     # a pattern takes a tail
    ("各地以“阳光工程”开展实用技术培训。", "阳光工程开展实用技术培训", "阳光工程"),
    ("失业人员凭《再就业优惠证》享受扶持。", None, "再就业优惠证"),               # a certificate, not a document
    ("组织毕业生参加订单式培训。", "订单式培训", None),           # a training mode, not a programme
    ("持续深化闽宁协作，开展京津冀劳务协作。", None, "闽宁协作"),   # partner abbreviations + 协作
    ("持续深化闽宁协作，开展京津冀劳务协作。", "劳务协作", "京津冀劳务协作"),
    # a list of quoted names that ends in a programme word: each is a programme, and a counted tail too
    ("深入实施“粤菜师傅”“广东技工”“南粤家政”三项工程。", "南粤家政三项工程", "三项工程"),
    ("深入实施“粤菜师傅”“广东技工”“南粤家政”三项工程。", None, "粤菜师傅"),
    ("举办“家门口”招聘会30场。", "家门口", "家门口招聘会"),
    ("组织就业援助员上门服务，将其纳入就业援助。", "就业援助员", "就业援助"),   # a person is not the programme
    ("从事微利项目的，财政按规定给予贴息。", None, "贴息"),
    ("已有1200家企业收到返还资金。", "收到返还资金", None),
    # who is paid does not begin the programme's name
    ("见习期满后给予见习单位就业见习补贴。", "见习单位就业见习补贴", "就业见习补贴"),
    ("培训合格的，按每人800元给予培训机构职业培训补贴。", "机构职业培训补贴", "职业培训补贴"),
    # a modifier claims the stop word after it
    ("对新建的创业园区给予一次性建设补助。", "补助", "一次性建设补助"),
    # training named by its mode
    ("企业组织职工开展在岗培训的，给予补贴。", "职工在岗培训", "在岗培训"),
    ("各地推行家政服务专项培训。", None, "家政服务专项培训"),
    # a known national programme that no suffix names
    ("对到基层就业的毕业生实行学费补偿和国家助学贷款代偿。", "国家助学贷款", "学费补偿和国家助学贷款代偿"),
])
def test_programme_edges(extract, sentence, wrong, right):
    found = {t for t, _ in _ents(extract(sentence), "PROGRAM")} | {c for _, c in _ents(extract(sentence), "PROGRAM")}
    assert wrong not in found
    if right:
        assert right in found


@pytest.mark.parametrize("text, name, label, surface, canonical", [
    ("山西太原 | 太原市出台措施\n\n太原市出台措施。\n", "digest-2021-05.txt", "REGION", "山西", "山西省"),
    ("恩施州、临夏州开发岗位。\n", "n.txt", "REGION", "恩施州", "恩施土家族苗族自治州"),
    ("杭州市余杭区人社局推进缓缴。\n", "n.txt", "AGENCY", "杭州市余杭区人社局", "杭州市余杭区人力资源和社会保障局"),
    ("# 甘肃冬季就业\n\n甘肃省各地行动。甘肃省人社厅部署。在定西市，市人社局组织培训。\n", "gansu.md", "AGENCY",
     "市人社局", "定西市人力资源和社会保障局"),
    ("恩施州扶贫办组织培训。\n", "n-2020.txt", "AGENCY", "恩施州扶贫办", "恩施土家族苗族自治州扶贫开发办公室"),
    ("个人贷款不超过100万元。\n", "n.txt", "MONEY", "不超过100万元", "100万元"),
    ("今年2月至6月共发放。\n", "n-2020.txt", "DATE", "今年2月至6月", "今年2月至6月"),
    ("湖北宜昌 | 宜昌市创业孵化基地挂牌\n\n据市劳动保障局介绍，基地已入驻。\n", "digest-2008-11.txt", "AGENCY",
     "市劳动保障局", "宜昌市劳动和社会保障局"),
    # 该市 in a province's article is the city named last before it
    ("# 山东稳就业\n\n山东各地加大力度。潍坊市人社局介绍，该市新建零工市场5个。\n", "shandong-2019.md", "REGION",
     "该市", "潍坊市"),
    # a short name shared by a province and its city is the province in that province's article
    ("# 吉林启动春风行动\n\n吉林各地举办招聘会，长春市发放补贴。\n", "jilin-2025.md", "REGION", "吉林", "吉林省"),
    # a relative agency takes the city named in the paragraph before
    ("# 贵州稳就业\n\n遵义市新开零工市场3家。\n\n市人社局表示将继续推进。\n", "guizhou-2023.md", "AGENCY",
     "市人社局", "遵义市人力资源和社会保障局"),
    # 这项贷款 / 这项政策 take the name of the programme they point back to
    ("# 黑龙江扶持创业\n\n全省继续发放创业担保贷款。这项贷款优先支持下岗失业人员。\n", "hlj-2015.md",
     "PROGRAM", "这项贷款", "创业担保贷款"),
    ("# 江苏推行以工代训\n\n江苏全面推行以工代训，企业组织职工培训可获补贴。这项政策实施到年底。\n", "js-2020.md",
     "PROGRAM", "这项政策", "以工代训"),
    # 这一群体 is the group named last before it
    ("# 佛山稳就业\n\n全市登记的异地务工人员约380万人。针对这一群体，市里给予职业培训补贴。\n", "foshan-2014.md",
     "TARGET_GROUP", "这一群体", "异地务工人员"),
])
def test_linking_table(extract, text, name, label, surface, canonical):
    assert (surface, canonical) in _ents(extract(text, name), label)


def test_an_agency_stationed_elsewhere_hides_its_regions(extract):
    """固原市驻福州市劳务站 is one agency (the suffix spans tokens 劳务|站); the regions inside it
    are not mentions, so 原州区 lies in the region the article names (宁夏)."""
    text = "宁夏 | 劳务站成立\n\n固原市驻福州市劳务站近日成立，原州区的务工人员可就近求助。\n"
    records = extract(text, "digest-2021-05.txt")
    assert ("固原市驻福州市劳务站", "固原市驻福州市劳务站") in _ents(records, "AGENCY")
    assert not {t for t, _ in _ents(records, "REGION")} & {"固原市", "福州市"}
    assert ("原州区", "宁夏回族自治区") in _rels(records, "PART_OF")


@pytest.mark.parametrize("text, surface, code", [
    ("潜山县今年开发公益性岗位500个。\n", "潜山县", "340882"),     # county → city (2018)
    ("潜山市今年开发公益性岗位500个。\n", "潜山市", "340882"),
    ("襄樊市推进返乡创业。\n", "襄樊市", "420600"),               # renamed 襄阳市 (2010)
    ("铜仁地区推进返乡创业。\n", "铜仁地区", "520600"),           # 地区 → 市 (2011)
    ("萧山市推进返乡创业。\n", "萧山市", "330109"),               # city → district
])
def test_former_names_link_to_current_codes(extract, text, surface, code):
    regions = [e for r in extract(text) for e in r["entities"] if e["label"] == "REGION"]
    assert (surface, code) in {(e["text"], e.get("code")) for e in regions}


def test_division_table_hierarchy():
    from kg.nlp.divisions import load_divisions

    table = load_divisions()
    assert [d.name for d in table.chain("310114")] == ["嘉定区", "上海市"]       # municipality
    assert [d.name for d in table.chain("429004")] == ["仙桃市", "湖北省"]       # 省直辖 city
    assert [d.name for d in table.chain("532323")] == ["牟定县", "楚雄彝族自治州", "云南省"]
    assert table.get("640000").short == "宁夏" and table.get("532300").short == "楚雄"
    assert all(len(code) == 6 and code.isdigit() for code in table.by_code)


@pytest.mark.parametrize("sentence, org", [
    ("西安新闻网讯 5月25日，市政府召开发布会。", "西安新闻网"),
    ("引进深兰科技公司落户园区。", "深兰科技公司"),
    ("贷款由九江银行等金融机构发放。", "九江银行"),              # the place and the suffix alone
    ("依托遵义职业技术学院开展培训。", "遵义职业技术学院"),
])
def test_organisations_keep_the_place_they_are_named_after(extract, sentence, org):
    assert org in {t for t, _ in _ents(extract(sentence), "ORG")}


@pytest.mark.parametrize("sentence, label, text", [
    ("大庆市今年募集就业见习岗位3600个。", "PROGRAM", "就业见习岗位"),            # a known programme + tail
    ("组织开展公共就业服务进校园活动。", "PROGRAM", "公共就业服务进校园活动"),    # a known programme heads a name
    ("企业招用登记失业的16—24岁青年。", "TARGET_GROUP", "登记失业的16—24岁青年"),
])
def test_compound_names(extract, sentence, label, text):
    assert text in {t for t, _ in _ents(extract(sentence), label)}


@pytest.mark.parametrize("sentence, present, absent", [
    ("按照每人每月300元的标准给予就业困难人员岗位补贴。", {"岗位补贴"}, {"就业困难人员岗位补贴"}),
    ("支出校园招聘补贴690万元。", {"校园招聘补贴"}, set()),
    # a group shaped like one, then a known programme: two names
    ("困难家庭高校毕业生求职创业补贴标准提高。", {"求职创业补贴"}, {"困难家庭高校毕业生求职创业补贴"}),
])
def test_programme_vs_group_edges(extract, sentence, present, absent):
    found = {t for t, _ in _ents(extract(sentence), "PROGRAM")}
    assert present <= found and not (absent & found)


def test_quoted_number_programme_and_its_groups(extract):
    records = extract("张家界市开展“311”就业服务行动，即对有就业意愿的劳动力提供3次岗位推介。\n")
    assert ("“311”就业服务行动", "311就业服务行动") in _ents(records, "PROGRAM")
    assert ("311就业服务行动", "有就业意愿的劳动力") in _rels(records, "TARGETS")


def test_a_group_secured_by_a_programme(extract):
    records = extract("市人社局及时发放失业保险金，切实保障失业人员基本生活。\n")
    assert ("失业保险金", "失业人员") in _rels(records, "TARGETS")
