"""Rules from the banking association's 2026 collection guideline (issue 17).

中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》, issued 2026-01-30. As reported by 中国证券报 and
21世纪经济报道 on 2026-01-31 (the original's article numbers were not checked here), it forbids, among
others: pushing or forcing the debtor to raise the money through new borrowing (以贷还贷); posting
collection notices or lawyers' letters in public places; outsourced collectors contacting the debtor
on private phones or social apps without consent; fictitious "blacklists" and exaggerated consequences.
Each rule is a structure, not a phrase list; the shared guards in ``rules.py`` keep denials, warnings
and reported wrongs ("千万别去借网贷", "我们不会公开您的信息") quiet.
"""

from __future__ import annotations

from simulator.analysis.lexicon import gap
from simulator.analysis.rules import Rule, rule

# Where new money is borrowed: online lenders, other platforms, cards and their limits, bridge loans.
_LENDER = (r"(?:网贷|网贷平台|贷款(?:平台|公司|App|app|APP|软件)|借款(?:平台|App|app|APP|软件)|借贷(?:平台|App|app|APP)"
           r"|(?:别的|其他|其它|别家|另外的?)(?:平台|渠道|机构|银行|贷款|口子)|口子|小贷|消费贷|信用贷|现金贷|高利贷"
           r"|花呗|借呗|微粒贷|京东白条|白条|分期乐|信用卡(?:的)?(?:额度|取现|套现)|(?:借款|贷款|信用卡|网贷)额度|秒批|秒到账|放款快"
           r"|过(?:个)?桥|过桥(?:贷款|资金)?|现金分期|(?:找|换)(?:个|一个|家|一家)(?:网贷)?平台"
           r"|取现|套现|套出来)")
_REPAY = r"(?:还|结|清|补|顶|填|平|到位|解决|窟窿|我们这边|我们这|周转)"
_PEOPLE = (r"(?:朋友|亲戚|亲友|家里人?|家人|同事|熟人|哥们儿?|同学|老乡|(?:你|您)(?:哥|姐|弟|妹|爸|妈|父母|对象|老公|老婆)"
           r"|父母|身边的人|周围的人)")
_SAME_SENTENCE = r"[^.!?。！？]{0,16}?"
# Advising against it, or warning about it, is lawful: "不建议您借新贷来还", "千万别去借网贷".
_AGAINST = (r"不建议|不鼓励|不要(?:为了|去|再)|别(?:去|再)?借|千万别|没必要|不合适|不是解决|风险|加重|越滚越多|警惕|不要相信"
            r"|请不要|不会推荐|不推荐|提醒|负债|更重|别急着还|量力而行"
            # the lender's own official channel: "通过诚泰小贷App先还3000元"
            r"|通过[^,.!?]{0,10}(?:App|app|APP|官方|对公|柜台)|官方(?:App|app|APP|渠道)")
_PUSH = (r"(?:去|找|先|办(?:个|一笔)?|申请|(?<![信费使作应通利])用|拿|借|套|试试|试一下|考虑|看看|问问|有没有|推荐|介绍|给你找"
         r"|帮你找|开|动用)")

BORROW_TO_REPAY: tuple[Rule, ...] = (
    rule("CN-BORROW-TO-REPAY", "improper_fee",
         _PUSH + gap(10) + _LENDER + _SAME_SENTENCE + _REPAY
         + r"|" + _LENDER + gap(6) + r"(?:先|拿来|用来|借来|借一笔|借点)" + _SAME_SENTENCE + _REPAY
         + r"|(?:刷|套|取|借)(?:出来|一笔|点)" + _SAME_SENTENCE + _REPAY
         # from friends and family: "那您就找朋友借一下,今天把这期结了"
         + r"|(?:找|跟|向|问)" + _PEOPLE + r"(?:借|凑|拆借)(?:一下|一点|点|些|一笔|笔)?(?:钱)?" + _SAME_SENTENCE + _REPAY
         + r"|借(?:一下|一笔|点|些)?[^.!?。！？]{0,8}先(?:把)?[^.!?。！？]{0,8}(?:还|结|清|处理|补)"
         + r"|拆东墙补西墙|借新还旧|以贷还贷|(?:先|再)?借(?:一笔|点|些)?(?:钱)?(?:先)?(?:顶上|补上|垫上|把[^,.!?]{0,6}还)"
         r"|(?:借也得|借也要|借钱也得|借钱也要|借都得|借也给我)(?:给我)?(?:借来|还|凑)|不管(?:从)?哪(?:儿|里)?借|(?:找|跟)谁借(?:我不管|都行|都可以)"
         r"|(?:推荐|介绍)(?:你|您)?(?:一个|个|几个)?[^,.!?]{0,6}(?:平台|贷款|口子|渠道|借钱的地方)"
         r"|(?:借款|贷款|借钱)(?:的)?(?:App|app|APP|软件)[^.!?]{0,8}额度"
         r"|(?:有没有|认识)[^,.!?]{0,6}(?:做贷款|放贷|放款)的[^.!]{0,14}(?:帮|过桥|借|周转)"
         r"|(?:再|另外|重新)申请(?:一笔|一个|个)(?:新的?)?(?:贷款|借款|网贷)?[^.!]{0,12}(?:解决|还|结|顶|清)"
         r"|申请(?:一笔|一个|个)(?:新的?)?(?:贷款|借款|网贷|信用贷|消费贷)[^.!]{0,12}(?:解决|还|结|顶|清)"
         r"|(?:网贷|平台|App|app|信用卡|额度)[^.!?]{0,12}(?:周转|过桥)一下[^.!?]{0,10}(?:还|补|结|窟窿)",
         unless=_AGAINST, negatable=False),
)

# Public exposure: notices, lists shown to the public, posts in groups, newspapers.
_PUBLIC_PLACE = (r"(?:公告栏|布告栏|大字报|报纸|官网(?:首页)?|网上|朋友圈|业主群|单位群|家族群|小区(?:门口|里)|楼道|电梯(?:里|口)?"
                 r"|(?:你|您)(?:家|单位|公司)(?:门口|楼下)|村口|公众号|微博|抖音)")
_NOTICE = r"(?:公告|告示|大字报|布告|公示名单|催款通知|催收通知|欠款通知|催款单)"
_DEBT_WORD = r"(?:欠|逾期|催|名字|名单|照片|老赖|账没|笔账)"
_POST = r"(?:贴|张贴|挂|登|公示|公布|公开|曝光|发布|刊登|晒)"
PUBLIC_NOTICE: tuple[Rule, ...] = (
    rule("CN-PUBLIC-NOTICE", "third_party_disclosure",
         r"(?:贴|张贴|挂|登|刊登|发布)(?:一张|一个|一条|个|张|份)?" + gap(6) + _NOTICE
         + r"|(?:张贴|贴|挂)[^.!?。！？]{0,6}律师函"
         + r"|" + _DEBT_WORD + r"[^.!?。！？]{0,12}?" + _PUBLIC_PLACE + gap(8) + _POST
         + r"|" + _PUBLIC_PLACE + gap(8) + _POST + r"[^.!?。！？]{0,10}?" + _DEBT_WORD
         + r"|(?:上|进|够格上)[^,.!?]{0,6}公示名单|(?:名单|名字)[^,.!?]{0,8}(?:公示|公布|挂出来|贴出来)"
         r"|(?:群里|朋友圈|网上)[^.!?。！？]{0,12}(?:出现|发|冒出)[^.!?。！？]{0,10}(?:欠款|欠钱|逾期|借钱不还)|公开处理",
         unless=r"官方公告[^.!?]{0,20}(?:利率|调整|通知)|法院公告|公告送达|利率调整|违法|违规|不会|不能|绝不|禁止|非法|保密"),
    # "你也不想你们楼里的邻居都知道这件事吧?": a threat put as a question, its "不想" is no denial
    rule("CN-PUBLIC-NOTICE-HINT", "third_party_disclosure",
         r"(?:不想|不希望|不愿意)[^.!?。！？]{0,12}(?:邻居|同事|领导|楼里的人|单位的人|亲戚|朋友|大家|全村)(?:都)?(?:知道|晓得|看到)"
         r"[^.!?。！？]{0,6}(?:吧|吗|这件事|这事)",
         negatable=False, unless=r"不会|保密|违法|违规"),
)

# Private channels: the collector's own phone or social accounts, "off the company system".
_MINE = r"(?:我|我自己|本人)(?:的)?(?:私人|个人|自己)?(?:的)?"
PRIVATE_CHANNEL: tuple[Rule, ...] = (
    rule("CN-PRIVATE-CHANNEL", "harassment",
         _MINE + r"(?:手机号?|电话|号码|私人号|小号|微信号?|QQ号?|qq号?|抖音号?)(?:给你|打给你|打的|联系你|跟你|加你|私聊|发)"
         r"|(?:用|拿)(?:我)?(?:自己|私人|个人)(?:的)?(?:手机|电话|号|微信|QQ|qq)"
         r"|(?:私人|个人)(?:手机|电话|号码|微信|QQ|qq)(?:号)?(?:给你|打|联系|加|私聊)"
         r"|(?:在|用)(?:你|您|我)?(?:的)?(?:微信|QQ|qq|抖音|微博|快手|小红书)(?:上|里)(?:给你|跟你)?(?:发(?:了)?私信|私信|私聊|加你|找你)"
         r"|搜一下加你|(?:加|添加)(?:一下)?(?:你|您)(?:的)?(?:微信|QQ|qq)"
         r"|(?:微信|QQ|qq|抖音|微博)(?:上)?(?:加(?:了)?你|搜一下加你)|(?:我|我们)(?:在)?(?:QQ|qq|微信|抖音)上加你"
         r"|(?:不走|绕开|绕过)(?:公司)?(?:的)?(?:系统|流程|座机|官方)|私下(?:联系|沟通|跟我说|跟我谈)"
         r"|换个(?:方式|渠道)[^.!?。！？]{0,6}(?:你)?加(?:我|你)|(?:抖音|微博|快手|小红书|QQ|qq|微信)(?:号|账号)(?:是)?多少"
         r"|(?:这个|这)(?:号码|号)[^.!?]{0,8}是我(?:本人|自己|私人)的?|小号|我(?:的)?私人号"
         r"|好友申请|加(?:个)?好友|私信(?:跟|给)(?:您|你)|(?:抖音|微博|快手|小红书|QQ|qq)[^.!?。！？]{0,8}(?:找到|搜到)(?:了)?(?:您|你)"
         r"|(?:小红书|抖音|微博|快手)[^.!?。！？]{0,10}(?:留言|留了言|评论)",
         unless=r"官方|公司(?:座机|统一|的号码)|工号|不会用|不是我们|违规|请不要|举报|核实|抱歉|按公司规定|同意的话|经您同意|您同意"
                r"|红包|转(?:过来|给我|账)|打到|付|钱|曝光|公开|视频|告诉他们|导出|有人(?:用|拿|以)"),
)

# A fictitious blacklist: "上了我们的黑名单全国银行都会拒绝你", "进名单就出不来".
FAKE_BLACKLIST: tuple[Rule, ...] = (
    rule("CN-MISLEAD-BLACKLIST", "misleading",
         r"(?:上|进|列入|拉进|拉入|纳入|放进)(?:了)?(?:我们的?|公司的?|系统的?|全国的?|行业的?|金融)?(?:联网)?(?:黑名单|名单)"
         r"[^.!?。！？]{0,14}?(?:全国|所有|任何|都会|拒绝|出不来|不好出来|拒贷|联网|一辈子|永远)"
         r"|(?:全国|全网|全行业|所有银行)(?:都)?(?:联网|共享)[^.!?]{0,10}(?:拒绝|躲不掉|查出来|查得到|黑名单|都会被查)"
         r"|(?:进|上)(?:了)?(?:这个)?名单[^.!?]{0,6}(?:可就|就)?(?:不好|很难|别想)(?:出来|出去|洗白)"
         r"|(?:以后|这辈子|一辈子)[^.!?]{0,6}(?:基本)?(?:就)?告别(?:贷款|信用卡|借钱)"
         r"|(?:列入|列进|纳入|报到|上报|报给)[^.!?。！？]{0,10}(?:全国|金融|行业|协会)[^.!?。！？]{0,6}(?:黑名单|失信名单)",
         unless=r"不存在|不准确|不会|并没有|没有被|夸大|法院|判决|依法|不是一辈子|保存期限|五年"),
    # "孩子以后要上学,家里有这种记录,学校会不会查?": the question is the threat
    rule("CN-MISLEAD-SCHOOL-CHECK", "misleading",
         r"(?:孩子|子女)[^.!?。！？]{0,10}(?:上学|入学|考学|当兵|考公)[^.!?。！？]{0,14}(?:学校|单位|部队)?(?:会不会|会|要|肯定)查",
         negatable=False, unless=r"不会影响|不影响|不要听信|不会牵连|(?<!会)不会查"),
)

RULES_2026: tuple[Rule, ...] = (*BORROW_TO_REPAY, *PUBLIC_NOTICE, *PRIVATE_CHANNEL, *FAKE_BLACKLIST)
