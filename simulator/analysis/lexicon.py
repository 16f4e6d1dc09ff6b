"""Regex building blocks shared by the rule tables: who is "you", who is a third party, gaps.

Rules are written as structures ("a disclosure verb, then a third party", "a family member, then
their schooling, then a harm") rather than as fixed sentences, so that paraphrases match.  The
blocks here keep those structures readable and consistent across rules.
"""

from __future__ import annotations

from simulator.analysis.numerals import NUMBER

__all__ = ["NUMBER"]

# Characters that end a clause; gaps never cross them.
_PUNCT = r",;:!?.\n~…"

# Negators that may not sit *inside* a match: "晚上九点以后不会再打" must not match "晚上…打".
# 不 followed by the debtor's own action ("不还", "不接") or a verb complement ("删不掉") is fine.
GAP_NEGATOR = (
    r"(?:不(?!还|接|交|理|回|配合|处理|肯|听|然|停|断|少|管|论|过|久|了|掉|起|住|到|上|下|来|去|动|开|清|完|得安|太平|客气|同|一定)"
    r"|没(?!钱|还|有钱|能|出息|脑子|良心)|别(?!的|人|处|怪|逼|想)|禁止|严禁|无法|无需|不用|切勿)"
)


def gap(n: int) -> str:
    """Up to ``n`` characters inside one clause, with no negator among them."""
    return rf"(?:(?!{GAP_NEGATOR})[^{_PUNCT}]){{0,{n}}}?"


def any_gap(n: int) -> str:
    """Up to ``n`` characters inside one clause, negators allowed (for fixed idioms)."""
    return rf"[^{_PUNCT}]{{0,{n}}}?"


YOU = r"(?:(?:你|您)们?)"
# "你", "你的", "你们家", "你老家的", "你们单位的", "你们公司" — a possessive before a relation word.
YOUR = r"(?:你|您)(?:们)?(?:的)?(?:老家|家里|家|单位|公司|学校|小区|村|孩子|儿子|女儿)?(?:的|里的?|那边的?)?"

# Third parties that are unambiguous on their own: only the debtor's contacts, village, chats…
THIRD_STRONG = (
    r"(?:通讯录(?:里|上)?(?:的)?(?:所有人|每一个人|每个人|人|好友|联系人|朋友)?|(?:手机|电话)(?:里|上)(?:存的)?(?:号码|联系人|人)|通话记录(?:里|上)?(?:的)?(?:人|联系人|号码)?|紧急联系人|(?<!担保)联系人|"
    r"村委会|村委|居委会|村书记|村支书|村长|村干部|村里|全村|街坊(?:邻居)?|邻居|左邻右舍|物业|行业协会|商会|工会|乡亲(?:们)?|老乡|村民|乡里乡亲|"
    r"业主群|小区群|家长群|班级群|公司群|工作群|同学群|家族群|亲友群|微信群|群里|朋友圈|微博|抖音|快手|"
    r"(?:村|小区|楼|单位|公司|厂)(?:里)?的人|小区|楼道|单元门|亲戚朋友|亲朋好友|亲友|同事朋友|朋友同事|微信好友|qq好友|好友|辅导员|(?<![个私本])人事(?:部|部门)?|hr|(?<!我们)(?<!我)(?<!对公)单位)"
)
# Relation words that are third parties only when they are the debtor's ("你老婆", not "我们同事").
RELATION = (
    r"(?:同事|领导|老板|上司|经理|主管|(?<![个私本])人事|家人|家里人|家属|父母|爸妈|爸爸|妈妈|老爸|老妈|爸|妈|老婆|老公|媳妇|"
    r"妻子|丈夫|爱人|对象|女朋友|男朋友|孩子|儿子|女儿|亲戚|朋友|同学|老师|学校|公司|老家|兄弟|姐妹|哥哥|姐姐|弟弟|"
    r"妹妹|公婆|岳父|岳母|丈母娘|房东|室友|舍友|合伙人|客户|员工|下属|舅舅|舅妈|叔叔|婶婶|阿姨|姑姑|姑父|姨妈|小姨|姨夫|表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|大伯|伯伯|嫂子|姐夫|妹夫|弟媳|大舅子|小舅子|亲家|发小|战友|师傅|"
    r"爹妈|爹娘|老爹|老娘|爹|娘|财务|会计|出纳|行政|前台|前妻|前夫|前女友|前男友|前任|主任|科长|处长|厂长|班长|组长|校长|队长|车间主任|班主任|保安|门卫|保洁|司机|老丈人|丈人|老岳父|小姨子|连襟|妯娌)"
)
_EVERY = r"(?:所有的?|每一个|每个|全部的?|那些|各个)?"
THIRD_PARTY = rf"(?:{YOUR}{_EVERY}{RELATION}|(?:{YOUR})?{_EVERY}{THIRD_STRONG}|(?:所有人|全世界|大家))"

FAMILY = (
    r"(?:全家(?:人)?|一家(?:人|老小)|家人|家里人|家属|父母|爸妈|你爸|你妈|老婆|老公|媳妇|妻子|丈夫|爱人|配偶|子女|孩子|儿子|女儿|"
    r"娃儿?|亲戚|亲属|直系亲属|兄弟姐妹|哥哥|姐姐|弟弟|妹妹|岳父|岳母|岳父岳母|丈母娘|公婆|公公|婆婆|家里)"
)
CHILD = r"(?:孩子|子女|儿子|女儿|小孩|娃儿?|闺女|下一代|后代|子孙|后人)"

# Institutions a collector may never pose as.
AUTHORITY = (
    r"(?:公安(?:局|机关|厅|部)?|警察局?|警方|民警|刑警|网警|派出所|经侦(?:支队|大队|部门)?|刑侦|"
    r"(?:人民)?法院|最高法(?:院)?|高院|中院|法庭|执行庭|执行局|执行办公室|失信(?:执行)?办公室|法官|法警|检察院|检察官|检察机关|司法机关|司法局|司法部门|政法委|"
    r"银保监(?:会|局)?|(?:国家)?金融监督管理(?:总局|局)?|银行保险监督管理委员会|银监会?|金融监管(?:局|总局|部门)?|监管部门|金融办|证监会|人民银行|央行|"
    r"政府(?:部门|机关)?|国家机关|公检法|仲裁委|司法所|街道办|法律援助中心|片警|辖区民警|社区民警|清理整顿(?:办公室|领导小组)?|整治办|(?:国家)?反诈(?:骗)?中心|网信办|纪委|税务局|清欠办|执法(?:单位|部门|机关|人员)|公职人员|110|互联网金融协会|互金协会)"
)

# A court judgment or other court-driven condition: what turns "执行", "拘留" into lawful, conditional speech.
COURT_CONDITION = (
    r"(?:判决(?:生效)?(?:后|以后|之后)|判(?:了|下来)(?:以后|之后|后)?|才(?:有)?可能|生效判决|判决生效|胜诉|拒不(?:履行|执行)|拒执|司法拘留|"
    r"(?:申请|进入|依法)(?:强制)?执行|经(?:过)?法院|通过法院|法院(?:依法)?(?:判决|裁定|调解)|依法(?:申请|向法院|起诉|列为|纳入)|"
    r"保全|诉讼程序|只有法院|法院才(?:有权|能|可以)|(?:如果|一旦|假如|若)[^.!?]{0,12}(?:起诉|诉讼|判决|立案|法院))"
)
CONTRACT = r"(?:按(?:照)?合同|合同(?:约定|规定|第|里|上|条款|中)|协议(?:约定|规定)|约定的|依约|借款合同|合同为准)"

# Fragments of the misleading/fee rules.
HARM = (
    r"(?:受影响|影响|不能|不行|没法|过不了|过不去|通不过|不过关|不了|完了|完蛋|毁了|别想|受限|限制|不收|麻烦|受牵连|连累|"
    r"有问题|没戏|泡汤|悬了|不可能|没可能|没门|没(?:学校|单位|人)(?:要|收)|都难|很难|难了|一查就(?:知道|看到|查到|出来))"
)
DELETE = (
    r"(?:消(?:掉|除|了)|删(?:掉|除|了)|抹(?:掉|去|平)|洗(?:掉|白|干净)|修复|撤(?:销|掉|了|下)|清除|清掉|去掉|去除|销掉|"
    r"处理(?:掉|干净)|(?:弄|搞)干净|拿掉|注销|清零|清理掉)"
)
RECORD = r"(?:逾期)?(?:记录|征信|黑名单|不良(?:记录)?|污点|案底)"
FOREVER = r"(?:永久|永远|一辈子|终身|终生|这辈子|一生|永世)"
# What a debtor owns (threats to it, claims that family assets answer for the debt).
ASSET = r"(?:房子|房产|车|存款|财产|工资卡|工资|账户|养老金|退休金|社保|公积金|积蓄|银行卡|学费(?:账户)?)"
# The rest of a clause (a lookahead that must not run past a comma).
CLAUSE_REST = r"[^,;:!?.\n]*"
ACCOUNT = r"(?:银行卡|卡上|卡里|卡号|卡|账户|账号|微信|支付宝|收款码|二维码)"
# Fees that no contract contains: asking for one is always improper.
FEE_NAME = (
    r"(?:停催|免催|免打扰|上门(?:催收)?|外访|催收|保护|销账|销案|解冻|撤诉|撤案|消除|修复|洗白|加急|好处|辛苦|"
    r"茶水|跑腿|疏通|打点|差旅|调查|中介|通道|验证|解绑|审核|停催服务)费|保证金|押金|红包|好处费|诚意金|意向金|定金|担保金"
    r"|(?:辛苦|茶水|跑腿|好处|感谢)钱"
)
# Fees a contract may name: improper only when demanded outside it.
SOFT_FEE = r"(?:手续|服务|管理|处理|登记|咨询|信息|公证|律师)费"
FEE_LAWFUL = CONTRACT + r"|分期手续费|转账手续费|跨行手续费|银行(?:收|收取)|以银行为准|官方|以(?:app|合同|官方)(?:显示|公示)?为准|(?:app|账单)(?:里|上)"
LAWFUL_CONSEQUENCE = r"(?:征信|法律|合同|诉讼|起诉|罚息|违约金|记录|信用|法院)"
