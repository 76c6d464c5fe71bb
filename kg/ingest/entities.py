"""Entity proposals: names in a new text that look like organisations, people or products and
are not known yet, and names that are a known name plus a suffix (proposed aliases)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass

from kg.ingest.documents import HAN
from kg.ingest.figures import FoundFigure
from kg.ingest.known import entry_named, with_known
from kg.inputs.mentions import (PLACES, Linker, Mention, common_english, find_organisations,
                                is_generic_head)
from kg.text import fold

# name suffixes: a run of name-like tokens ending in one of these is a candidate organisation
_ORG_SUFFIXES = {"雲": "Company", "云": "Company", "科技": "Company", "集團": "Company",
                 "集团": "Company", "智能": "Company", "事業羣": "BusinessGroup",
                 "事业群": "BusinessGroup", "事業群": "BusinessGroup", "事業部": "Department",
                 "事业部": "Department", "實驗室": "Department", "实验室": "Department",
                 "研究院": "Department"}
_SUFFIX_PIECES = {"雲", "云", "科技", "集團", "集团", "智能", "事業", "事业", "羣", "群", "部",
                  "實驗室", "实验室", "研究院", "事業部", "事业部", "事業群", "事业群", "事業羣"}
_TITLES = (r"联合创始人|聯合創始人|创始人|創始人|董事长|董事長|董事会主席|董事會主席|执行主席|執行主席|"
           r"副总裁|副總裁|总裁|總裁|首席执行官|首席執行官|首席技术官|首席技術官|首席财务官|首席財務官|"
           r"首席科学家|首席科學家|首席运营官|首席運營官|首席战略官|首席戰略官|首席产品官|首席產品官|"
           r"CEO|CTO|CFO|COO|总经理|總經理|主席|院长|院長|负责人|負責人|合伙人|合夥人|局长|局長|主任|总监|總監|"
           r"发言人|發言人|秘书长|秘書長|"
           # the titles as Taiwan and Hong Kong write them: 執行長, 共同創辦人, 財務長
           r"執行長|执行长|共同創辦人|共同创办人|創辦人|创办人|財務長|财务长|技術長|技术长|營運長|营运长|"
           r"行政總裁|行政总裁")
_SURNAMES = ("王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林高罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
             "曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖"
             "贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武"
             "戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿"
             "关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路"
             "游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連"
             "芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師"
             "和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池乐樂"
             # the rest of the common ~300 single surnames
             "薄鄢麻强強封储儲班晋晉蔺藺练練查粟伏幸冀郁燕巴鄂隆茅鲜鮮雍井鞠聞闻权權"
             "容奚廉楚逄卿厉厲訾薊蓟衣栗计計匡殳湛晁荆荊邰郜嵇陶洪丘苑暢畅邸談谈屠揭遲迟糜竺冼諶谌胥辜")
#: compound surnames: a person's name may open with two characters of its surname
_COMPOUND_SURNAMES = ("歐陽|欧阳|司馬|司马|上官|諸葛|诸葛|東方|东方|皇甫|尉遲|尉迟|公孫|公孙|長孫|长孙|"
                      "慕容|宇文|司徒|夏侯|令狐|端木|西門|西门|南宮|南宫|軒轅|轩辕|百里|呼延|澹臺|澹台")
#: what may follow a person's name and ends it: a verb of saying or doing, a particle (马化腾表示)
_PERSON_END = (r"表示|称|稱|说|說|认为|認為|認爲|指出|透露|介绍|介紹|宣布|宣佈|"
               r"强调|強調|坦言|回应|回應|博士|教授|先生|女士|在|于|於|的|曾|也|就|已|将|將|对|對|向|兼|等|和|与|與|"
               r"昨日|今日|昨天|今天|日前|近日|早前|此前|"
               r"成立|创办|創辦|创立|創立|加入|加盟|出任|担任|擔任|带领|帶領|领导|領導|负责|負責|选择|選擇|"
               r"离开|離開|辞职|辭職|开展|開展|进行|進行|主持|推动|推動|出席|参加|參加|发表|發表|"
               r"参与|參與|组成|組成|补充|補充|提到|谈到|談到|坦承|直言|接受|回忆|回憶|预计|預計|以及|及|同|是|为|為|还|還|则|則|都|均|"
               r"[^\u4e00-\u9fff]|$")
# a person named after a title: 创始人兼首席执行官王海峰表示, 董事長徐立, CEO 湯道生 (a space),
# 前首席執行官(CEO)唐臻怡 (the title glossed in brackets)
_PERSON_RE = re.compile(rf"(?:{_TITLES})(?:兼(?:{_TITLES}))*(?:[(（][A-Za-z]{{2,5}}[)）])?\s?"
                        rf"(?P<name>(?:{_COMPOUND_SURNAMES})[\u4e00-\u9fff]{{1,2}}?|[{_SURNAMES}]"
                        rf"[\u4e00-\u9fff]{{1,2}}?)(?={_PERSON_END})")
#: more titles a person's name follows (首席戰略官詹姆斯·米切爾, 實習生林欣宜, 記者 陶力)
_MORE_TITLES = (r"首席[\u4e00-\u9fff]{2}官|實習生|实习生|記者|记者|特約記者|特约记者|研究員|研究员|"
                r"技術總監|技术总监")
#: a transliterated name with its middle dot, after a title: 首席戰略官詹姆斯·米切爾
_PERSON_DOT_RE = re.compile(rf"(?:{_TITLES}|{_MORE_TITLES})\s?(?P<name>[\u4e00-\u9fff]{{1,5}}[·・‧•]"
                            rf"[\u4e00-\u9fff]{{1,6}}?)(?={_PERSON_END})")
#: a person's name after a reporter's or an intern's title, a space between (記者 陶力 實習生林欣宜)
_PERSON_MORE_RE = re.compile(rf"(?:{_MORE_TITLES})\s?(?P<name>[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?)"
                             # 實習生林欣宜杭州報道: the reporter, then the place of the report
                             rf"(?=\s|[\u4e00-\u9fff]{{2}}(?:報道|报道|報導|报导)|{_PERSON_END})")
#: the next name of a list of people after a title: 創始人湯曉鷗、徐立、王曉剛
_PERSON_NEXT_RE = re.compile(rf"(?:、|和|及|以及|與|与)(?P<name>(?:{_COMPOUND_SURNAMES})[\u4e00-\u9fff]{{1,2}}?|"
                             rf"[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?)(?=[、,，。；;和及與与等]|以及|三位|兩位|两位|"
                             rf"{_PERSON_END})")
#: a person's name before an academic title or an address, at a boundary: 包括湯曉鷗教授
_PERSON_TITLED_AFTER = re.compile(rf"(?:^|(?<=[、,，。；;：:\s和與与及])|(?<=包括|以及))(?P<name>[{_SURNAMES}]"
                                  r"[\u4e00-\u9fff]{1,2}?)(?:教授|博士|院士)")
# a name written in Chinese characters, then as written in its own language: the title makes it
# a person's (帕克(James Park), 歐斯特羅(Rick Osterloh)), whatever its first character
_PERSON_GLOSSED_RE = re.compile(rf"(?:{_TITLES})(?P<name>[\u4e00-\u9fff]{{2,5}})[(（]"
                                r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}[)）]")
# a person's Latin name after a Chinese title: 資深副總裁Rick Osterloh, 副總裁 Mario Queiroz
_PERSON_LATIN_RE = re.compile(rf"(?:{_TITLES})\s?(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{1,2}})"
                              r"(?![A-Za-z])")
#: the kinds of product a model or a brand is named before or after (旗艦手機U11, H2仿生机器人,
#: Pixel手機, Android 裝置): one list for the three patterns below
_PRODUCT_KIND_HEADS = (r"手機|手机|芯片|晶片|處理器|处理器|平板|汽車|汽车|轎車|轿车|車型|车型|耳機|耳机|"
                       r"手錶|手表|頭顯|头显|機器人|机器人|加速卡|伺服器|服务器|服務器|顯卡|显卡|"
                       r"裝置|装置|作業系統|作业系统|操作系統|操作系统|大模型")
# a product's head, then its Latin model name: 旗艦手機U11, 芯片H20
_HEAD_MODEL_RE = re.compile(rf"(?:{_PRODUCT_KIND_HEADS})(?P<latin>[A-Z][A-Za-z]*[0-9][A-Za-z0-9]*"
                            r"(?: (?:Pro|Max|Ultra|Plus))?)(?![A-Za-z0-9])")
# a Latin name before a product's head: 打造Pixel手機, Google Android 裝置 (the maker, a known
# name or one with a company's cue, is taken first)
_LATIN_BEFORE_HEAD_RE = re.compile(r"(?<![A-Za-z0-9.])(?P<latin>[A-Z][a-z]+[A-Z]?[a-z]*|[a-z]+[A-Z][A-Za-z]+)"
                                   rf"\s?(?:聊天機器人|聊天机器人|{_PRODUCT_KIND_HEADS})")
# a Chinese name glossed with its English one after an organisation's suffix: 蘋果公司(Apple)
_GLOSSED_RE = re.compile(r"(?<=公司|集團|集团|科技|控股|銀行|银行)[(（][A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,3}[)）]")
_EN_TITLE_PERSON = re.compile(r"\b(?:[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|[Cc]hief (?:[Ff]inancial|"
                              r"[Tt]echnology|[Tt]echnical|[Oo]perating|[Ss]cientist)(?: [Oo]fficer)?|"
                              r"CEO|CTO|CFO|COO|[Ff]ounder|"
                              r"[Cc]o-founder|[Cc]hairman|[Cc]hairwoman|[Pp]resident|"
                              r"[Ss]pokes(?:person|man|woman)|[Pp]rofessor|[Aa]nalyst|[Dd]irector)"
                              r"(?:,)?\s+(?:(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+)?"
                              # a pinyin syllable may carry an apostrophe: Tang Xiao'ou
                              r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+(?:['’][a-z]+)?){1,2})(?![\w'’])")
# a person's name with what they are after it: "Yang Zhilin, a young assistant professor at",
# "Daniel McNamara, corporate vice president", or who founded or leads what: "founded by X"
_EN_PERSON_AFTER = re.compile(r",\s+(?:(?:a|an|the|its|his|her)\s+)?(?:[\w-]+\s+){0,4}?(?:professor|"
                              r"executive|founder|co-founder|cofounder|CEO|CFO|CTO|COO|president|director|manager|chairman|"
                              r"chairwoman|spokes(?:person|man|woman)|analyst|scientist|researcher|"
                              r"engineer|partner|officer|head|secretary|minister|governor|mayor)\b")
_EN_PERSON_BEFORE = re.compile(r"\b(?:founded|co-founded|created|led|headed|run)\s+(?:in\s+\d{4}\s+)?"
                               r"by\s+$")
# a product after a verb of launching: 推出“日日新”, 發布了SenseNova 5.5, launched Qwen
_PRODUCT_RE = re.compile(r"(?:推出|發布|发布|上线|上線|亮相|升级|升級)了?(?:新一代|全新|新版)?"
                         r"(?:[“「\"《](?P<quoted>[^”」\"《》\n]{2,16})[”」\"》]"
                         # 發布《…市場份額》報告: a document's title, no product
                         r"(?!報告|报告|白皮書|白皮书|一書|一书|雜誌|杂志|研究|調查|调查)|"
                         r"(?P<latin>[A-Z][A-Za-z0-9-]+(?:[ ][0-9][0-9.]*|[ ][A-Z][A-Za-z0-9-]+)?))")
_EN_PRODUCT_RE = re.compile(r"\b(?:launched|unveiled|released|introduced)\s+(?:its\s+|a\s+|the\s+)?"
                            r"(?:new\s+)?(?P<latin>[A-Z][A-Za-z0-9-]+(?:[ ][0-9][0-9.]*)?)")
# what an organisation does or has right after its name: 华为推出, 谷歌的, 腾讯CEO
_ORG_AFTER = re.compile(r"(?:推出|發布|发布|宣布|旗下|財報|财报|營收|营收|股價|股价|市值|公司|集團|集团|"
                        # 云从最新公布的财报, 云从全年亏损扩大: results are an organisation's
                        r"(?:最新|日前|近日)?(?:公布|披露)的?|"
                        r"(?:全年|上半年|下半年|今年|去年|本季度?)(?:虧損|亏损|營收|营收|淨利|净利|收入|毛利)|"
                        r"收購|收购|投資|投资|入股|上市|裁員|裁员|董事長|董事长|創始人|创始人|總裁|总裁|"
                        rf"CEO|首席|雲|云|等(?:科技)?(?:公司|企業|企业|巨頭|巨头|廠商|厂商)|{_TITLES}|"
                        # what a maker has: 华为的昇腾芯片 (people make no chips)
                        r"的?[\u4e00-\u9fffA-Za-z0-9]{0,6}?(?:芯片|晶片|處理器|处理器|服務器|服务器))")
_TITLE_BEFORE = re.compile(rf"(?:{_TITLES})$")
_PERSON_AFTER = re.compile(r"(?:表示|称|稱|说|說|认为|認為|認爲|指出|透露|介绍|介紹|强调|強調|坦言|先生|女士|"
                           r"(?:一手)?(?:创办|創辦|创立|創立)的)")  # 马云创办的公司: its founder
# a media outlet that reports: 據晚點LatePost報道, 据36氪报道; according to Reuters
_MEDIA_RE = re.compile(r"(?:據|据)(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:的)?(?:報道|报道|報導|报导|消息)|"
                       r"(?:據|据)(?P<first>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:和|與|与|、|及)"
                       r"(?P<second>[\u4e00-\u9fffA-Za-z0-9]{2,12}?|[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,2})"
                       r"(?:的)?(?:報道|报道|報導|报导)|"
                       # 華爾街見聞報導，百度...: an outlet opening a clause with its report
                       r"(?:^|(?<=[。！？\n]))(?P<opens>[\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:報導|報道|报道|报导)[，,：:]",
                       re.M)
_EN_MEDIA_RE = re.compile(r"\b(?:[Aa]ccording to|[Rr]eported by|[Qq]uoted by|[Cc]ited by)\s+(?:the\s+)?"
                          # Business of Fashion: a title's small joiner inside it
                          r"(?P<name>[A-Z][A-Za-z]+(?:\s+(?:of\s+|&\s+)?[A-Z][A-Za-z]+){0,3})\b"
                          r"(?!\s+(?:said|says|told|added))|"
                          # ..., writes Wheels.: an outlet of one word closing its report's sentence
                          r",\s+(?:writes|wrote|reports|reported)\s+(?:the\s+)?(?P<closes>[A-Z][A-Za-z]+)(?=\.)")
# who was told: an outlet, one word (told Reuters) or a title (told the Financial Times); two
# names are a person's (told Li Ming)
_EN_TOLD_RE = re.compile(r"\b(?:told|[Ss]peaking to|in an interview with)\s+(?:the\s+(?P<titled>[A-Z][A-Za-z]+"
                         r"(?:\s+[A-Z][A-Za-z]+){0,3})|(?P<name>[A-Z][A-Za-z]+)(?!\s+[A-Z]))\b")
# a quoted name beside a product's head: 大模型“序列猴子”, “式说”大模型, AIGC應用“魔音工坊”
_PRODUCT_HEADS = (r"大模型|模型|應用|应用|平臺|平台|產品|产品|芯片|晶片|系統|系统|App|APP|助手|"
                  r"機器人|机器人|智能體|智能体|汽車|汽车|手機|手机|品牌")
_QUOTED_PRODUCT_RE = re.compile(
    rf"(?:{_PRODUCT_HEADS})[“「\"《](?P<after>[^”」\"《》\n，,。]{{2,16}})[”」\"》]|"
    rf"[“「\"《](?P<before>[^”」\"《》\n，,。]{{2,16}})[”」\"》](?:{_PRODUCT_HEADS})")
# a capitalised name before what a product is: its Qwen models, the Kimi chatbot
_EN_PRODUCT_HEAD_RE = re.compile(r"\b(?:its|the|their|his|her)\s+(?P<latin>[A-Z][A-Za-z0-9-]*[A-Za-z0-9])"
                                 r"\s+(?:models?|chatbots?|apps?|platform|chips?|assistant|"
                                 r"model family|robotaxis?|smartphones?|operating system)\b")
# a layoff named with its modifier, its company named before it in the sentence
_LAYOFF_RE = re.compile(r"(?P<name>(?:新一輪|新一轮|新一波|本輪|本轮|此次|這次|这次|大規模|大规模)"
                        r"(?:的)?(?:裁員|裁员))")
# what only an organisation does or has, around a name: X旗下, 與X合作, 對手包括X, X、Y等公司
_OWNS_AFTER = re.compile(r"旗下")
#: a verb of holding office before an organisation's name (現任X主任, 曾任X總裁): not part of it
_OFFICE_LEAD = re.compile(r"(?:現任|现任|曾任|前任|時任|时任|擔任|担任|出任|兼任|歷任|历任)")
_UNIT_SUFFIX = r"(?:事業群|事业群|事業羣|事業部門|事业部门|事業部|事业部|業務集團|业务集团|部門|部门|實驗室|实验室|研究院|業務線|业务线|Labs?(?![A-Za-z]))"
#: a business group's suffix: its name may hold a joiner (雲與智慧產業事業群, 平台與內容事業群)
_GROUP_SUFFIX = r"(?:事業群|事业群|事業羣|事业羣|業務集團|业务集团)"
#: the words and joiner before a group's name, right after a boundary (、雲與, (平台與, SSG解决方案与): the
#: name's first words (騰訊與X事業群 is two names: a known name there is no part of it)
_UNIT_JOINED = re.compile(r"(?:^|(?<=[(（、,，。;；「“\s]))(?:[A-Z]{2,5})?[\u4e00-\u9fff]{1,4}[與与和暨及]$")
#: a list item's words right after 、 (千问事业部 of 、千问事业部): no particle, verb or numeral cuts it
_LIST_ITEM_BEFORE = re.compile(r"(?<=、)[\u4e00-\u9fffA-Za-z0-9]{2,6}$")
_WITH_BEFORE = re.compile(r"(?:與|与|同)")
_WITH_AFTER = re.compile(r"[^，,。；;\n]{0,10}?(?:合作|合資|合资|競爭|竞争)")
_RIVALS = re.compile(r"(?:對手|对手)(?:包括|有|是|為|为)|(?:來自|来自)(?=[^，,。]{2,30}?等(?:公司|企業|企业))")
# X、Y等公司 / X、Y等中國科技巨頭 / 字節跳動、騰訊等業者: a list of organisations of a kind
_LIST_KIND = re.compile(r"等(?:[\u4e00-\u9fff]{0,6}?)(?:公司|企業|企业|廠商|厂商|巨頭|巨头|機構|机构|業者|业者|"
                        r"獨角獸|独角兽|同行|玩家)|"
                        # X、Y等3家: 家 counts companies and institutions
                        r"等(?:[0-9]+|[一二三四五六七八九十百多幾几數数]+)家")
# a kind, then the organisations of it: 客戶包括X、Y, 合作的國產芯片包括X、Y等
_KIND_LIST = re.compile(r"(?:客戶|客户|夥伴|伙伴|股東|股东|投資方|投资方|投資者|投资者|供應商|供应商|芯片|晶片|"
                        r"廠商|厂商)(?:群)?(?:主要)?(?:包括|包含|涵蓋|涵盖|有|如)(?:了)?")
# a kind of organisation written right before its name: 具身智能公司银河机器人, 芯片商寒武纪
_KIND_BEFORE = re.compile(r"(?:公司|平台|平臺|企業|企业|獨角獸|独角兽|初創企業|初创企业|創企|创企|廠商|厂商|"
                          r"芯片商|巨頭|巨头|對手|对手|機構|机构|提供商|服務商|服务商|供應商|供应商|"
                          r"運營商|运营商)(?![级級])(?=[\u4e00-\u9fffA-Za-z])")  # 企业级市场: a grade, no kind
#: a name that is kinds of organisation only (独角兽公司, AI巨头企业)
_KIND_ONLY = re.compile(rf"(?:AI|人工智能|科技)?(?:{_KIND_BEFORE.pattern.split('(?=')[0]})+"
                        r"(?:公司|企業|企业|集團|集团)?")
#: tokens that end a name when reading away from a cue: particles, conjunctions, verbs of cues
_STOP_TOKENS = frozenset("""
的 了 在 是 和 与 與 及 或 以及 并 並 而 但 也 都 还 還 就 已 已经 已經 将 將 把 被 对 對 向 从 從 由 于 於 为
為 以 等 其 该 該 这 這 那 此 本 各 每 包括 包含 认为 認為 表示 称 稱 来自 來自 据 據 达成 達成 合作 签署 簽署
成立 旗下 推出 发布 發布 宣布 报道 報道 透露 指出 面临 面臨 竞争 競爭 对手 對手 主要 近日 此前 今年 目前 一家
同时 同時 同 跟 让 讓 给 給 曾 又 再 即 则 則 如 像 比 后 後 前 中 上 下 共同 联合 聯合 分别 分別 达成合作 達成合作
这样 這樣 那样 那樣 一样 一樣 这种 這種 这类 這類
""".split())
#: pronouns: never a name (与我们合作, 他们表示)
_PRONOUNS = frozenset(fold(w) for w in """我们 我們 他们 他們 她们 她們 它们 它們 你们 你們 大家 双方 雙方
各方 对方 對方 自己 本人 咱们 咱們""".split())
#: verbs that end a unit's or a product's name read away from its cue (併入物聯網, 負責研究)
_VERB_STOPS = frozenset(fold(w) for w in """
并入 併入 划入 劃入 纳入 納入 转入 轉入 合并 合併 负责 負責 成立 设立 設立 拆分 调整 調整 裁撤 整合 成为 成為
作为 作為 包括 推出 发布 發布 宣布 表示 称 稱 主要 用于 用於 专注 專注 聚焦 提供 开发 開發 研发 研發 实现 實現
重回 重返 回归 回歸 返回 迈入 邁入 步入 走向 迎来 迎來
""".split())  # 钉钉重回|创始人时代: where a thing returns to, no name before a title
#: what a name never ends in (people, documents, metrics) or contains (dates, metric words)
_NOT_NAME_END = re.compile(r"(?:人士|人員|人员|員工|员工|分析師|分析师|記者|记者|媒體|媒体|用戶|用户|客戶|"
                           r"客户|團隊|团队|方面|消息|官方|公告|財報|财报|業績|业绩|報告|报告|聯合|联合|"
                           r"白皮書|白皮书|通知|辦法|办法|條例|条例|規劃|规划|市場|市场|"  # 發布《…白皮書》: a document
                           r"層|层|高管|發言人|发言人|股東|股东|投資者|投资者|"  # 管理层表示: who speaks
                           r"代表|委員|委员|議員|议员|院士|力量|"  # 全國人大代表、: a seat
                           r"首席|執行|执行|副|兼|前|省|市|區|区|縣|县|(?<![传傳])媒|政府|大学|大學|学院|學院|"
                           r"(?<![书書])局|"
                           r"中|上|下|裡|里|內|内|外|間|间|後|后)$")
_NOT_NAME_PART = re.compile(r"收入|營收|营收|利潤|利润|虧損|亏损|營業|营业|增長|增长|下降|同比|環比|环比|"
                            r"季度|年度|上半年|下半年|財年|财年|毛利|淨利|净利|股價|股价|市值|[0-9]+[年月日]|"
                            r"收窄|擴大|扩大|今年|去年|明年|本季度|上季度|近日|日前|此前|目前|第?[0-9一二三四]季|"
                            r"國外|国外|海外|國內|国内|國產|国产|國産|集中度|佔比|占比|份額|份额|增速|"
                            r"^[一二三四五六七八九十两兩几幾多数數每各单單]+[家个個位名款种種颗顆台臺块塊枚只隻件套]|"
                            # a compound's name, what a chip is made of (碳化硅功率芯片), no maker
                            r"^[碳氮砷磷氧硫氟氯][化][\u4e00-\u9fff]{1,2}$|^(?:单晶|單晶|多晶)[硅矽]$|^石墨烯$")
_EDGE_START = frozenset("的了在是和与與及或将將把被对對向从從由于於等也都就而但这這该該其此每各据據")
_EDGE_END = frozenset("的了在是与與及或将將把被对對向从從由于於等也都就而但这這该該其此每各")
# after a repeated name, what says it is an organisation's or a person's (on folded text)
_REPEAT_CUE = re.compile(r"联合创始人|创始人|董事长|董事会|首席|ceo|cfo|cto|总裁|总经理|旗下|财报|股价|市值|"
                         r"(?:最新|日前|近日)公布|(?:全年|上半年|下半年)(?:亏损|营收|净利|收入)|"
                         r"的主要对手|的竞争对手|的对手|还与|也与|曾与|与|宣布|公布|发布|推出|上市|"
                         r"(?P<say>表示|称|指出|透露|认为|坦言)")
_REPEAT_LEFT = re.compile(r"(?:^|[^\u4e00-\u9fffa-z0-9]|与|和|及|据|对|向|由|在|从|于|是|为|把|被|将|让|"
                          r"跟|同|并|但|而|就|也|都|还|包括|认为|表示|来自|曾|令|使|且|像|比|给|、)$")
_UNIT = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]+")
_NAME_FLAGS = {"n", "nr", "nrt", "nz", "nt", "ns", "eng", "nrfg", "j", "l"}
_GENERIC = {"公司", "人工智能", "企业", "企業", "科技公司", "集团", "集團", "平台", "平臺", "业务",
            "業務", "服务", "服務", "市场", "市場", "伺服器", "服务器", "服務器",  # a kind of product
            "資本", "资本", "基金", "機構", "机构", "投資機構", "投资机构"}  # of an investor (順為|資本)
# a name: capitalised (Huawei), CamelCase (OpenAI), or mixed case from a small letter (iFLYTEK,
# xAI, eBay: a word of the language never has a capital inside)
_EN_NAME = re.compile(r"\b(?:[a-z]{1,2}[A-Z]+[a-z]*[A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]+|"
                      r"\d[A-Z][a-z]+[A-Za-z]*)(?:[ -](?:[A-Z][A-Za-z]+|AI))*"
                      r"(?:\s+(?:Inc\.?|Ltd\.?|Group|Cloud|AI|Labs?|Technology|Technologies|Holdings|"
                      r"Corp\.?))?")
_EN_ORG = re.compile(r"\b(?:Inc\.?|Ltd\.?|Limited|Holding|Group|Cloud|AI|Labs?|Technology|Technologies|Bank|"
                     r"Holdings|Corp\.?|Corporation|Ventures|Motors|Robotics|Partners|Management|"
                     r"Intelligence|Systems|Semiconductors?|Electronics|Networks|Software|Securities|"
                     r"Capital)$|(?<=\s)(?:Capital|Partners|Ventures|Robotics|Technology)\s+"
                     r"(?:China|Asia|Management|Partners)$")
#: an organisation that is no company (no class of the ontology holds universities, governments)
_EN_NOT_COMPANY = re.compile(r"\b(?:University|College|Institute|School|Ministry|Government|"
                             r"Council|Commission|Agency)\b|^(?:University|Institute)")
_EN_STOP = {"The", "This", "That", "These", "Those", "In", "On", "At", "By", "For", "From", "As",
            "It", "Its", "Our", "We", "But", "And", "Or", "If", "When", "While", "With",
            "After", "Before", "According", "Since", "Over", "Chinese", "China", "Some", "Still",
            "A", "An", "Meanwhile", "However", "Revenue", "January", "February", "March", "April",
            "May", "June", "July", "August", "September", "October", "November", "December",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mr",
            "Ms", "He", "She", "They", "Also", "Both", "Each", "More", "Most", "Last",
            "First", "Second", "Third", "Group", "AI", "CEO", "GPU", "GPUs", "Hong", "Kong",
            "Rival", "Rivals", "Analysts", "Shares", "Chief", "Founder", "Chairman", "President",
            "Partner", "Partners", "Executive", "Officer", "Unit", "Their", "VC", "VCs", "IPO",
            "US", "UK", "EU", "Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Guangzhou", "Taiwan",
            "Singapore", "Japan", "Tokyo", "Silicon", "Valley", "America", "American", "Asia",
            "Europe", "European", "Wall", "Street", "Under", "Beyond", "Besides", "Despite",
            "Amid", "Among", "Across", "Against", "Within", "Without", "Through", "During",
            "Following", "Unlike", "Including", "Toward", "Towards", "Via", "Upon", "Until",
            "YoY", "QoQ", "MoM", "YTD"}
#: what is no name alone, though capitalised or in capitals: an adjective of a region
#: (acquiring Western assets; Western Digital is a name), an acronym of a kind of chip,
#: device or technology (雲端ASIC營收: the revenue of a kind of chip, no company's)
_EN_NOT_ALONE = frozenset(fold(w) for w in """Western Eastern Northern Southern ASIC ASICs GPU
GPUs CPU CPUs NPU TPU SoC FPGA DRAM NAND HBM SSD LED OLED LCD MCU IoT AIoT AIGC LLM LLMs EV EVs
PC PCs ADAS SaaS PaaS IaaS API APIs ERP CRM""".split())


_GENERIC_KEYS = frozenset(fold(g) for g in _GENERIC)


@dataclass
class Candidate:
    """A proposed new entity, or a proposed alias of a known one (``alias_of``)."""

    name: str
    cls: str
    start: int
    end: int
    count: int = 1
    found_by: str = "pattern"
    alias_of: str | None = None
    #: shorter names of the same organisation written in the text (阿里巴巴 of 阿里巴巴集团)
    short: tuple[str, ...] = ()


def propose_entities(text: str, mentions: list[Mention], linker: Linker,
                     figures: list[FoundFigure] = ()) -> list[Candidate]:
    """Names of organisations, people, products, media and events that are not known yet,
    with their class; each needs a cue or a repetition.

    Cues: an organisation's suffix (云从科技, 腾讯集团, Alibaba Group; as
    ``kg.inputs.mentions.find_organisations``), a title before a person's name (董事長徐立, CEO
    Daniel Zhang), a verb of launching or a product's head beside a product (推出“日日新”,
    大模型“序列猴子”, its Qwen models), a report (據X報道, according to X: a media outlet), what
    only organisations do or have (X旗下, 與X合作, X、Y等公司, rival X; jieba's names whose
    class is read from what follows them: 华为推出, 谷歌的CEO), a layoff with its company.
    Repetition: a name written at least twice, between boundaries, once before such a cue
    (小马智行联合创始人, 出門問問表示). A name that is a known name plus a suffix (商汤科技) is
    proposed as an alias of that entity. Names inside a linked mention, fragments (part of a
    longer proposal or of a known name) and what is not a name (common heads, titles, metric
    and date words, places) are not proposed. ``count`` is how often the name occurs.
    """
    numbers = [(f.start, f.end) for f in figures]
    found: dict[str, Candidate] = {}

    def add(name: str, start: int, cls: str, how: str) -> None:
        trimmed = _trimmed_name(text, name, start, cls, mentions)
        if trimmed is None:
            return
        name, start, cls = trimmed
        end = start + len(name)
        bare = name[4:] if how == "report" and name.startswith("The ") else name  # The Paper
        if len(name) < 2 or fold(name) in linker.by_key or fold(name) in found or \
                not _a_name_by(bare, cls, how):
            return
        if any(s < end and start < e for s, e in numbers):
            return
        if how == "owned-model" and HAN.match(name) and _opens_with_verb(name):
            return  # 字节已经跨过模型效果: 已经跨过模型, a phrase
        if how in ("context", "kind") and HAN.match(name) and _opens_with_verb(name) and \
                (len(_tokens(name)) > 1 or _common_word(name)) and entry_named(name) is None:
            # 與相關企業進行合作, 與海外企業開展業務往來: the verb after the kind, no name (a
            # rare word that jieba tags a verb may be one: 包括昇腾、海光)
            return
        if cls != "Person" and _a_piece_or_a_kind(text, start, name, how):
            return
        if how == "jieba" and HAN.match(name) and _glued_to_a_known_name(text, name, mentions):
            return  # 智慧 of 百度智慧雲: a word of the known company's longer name
        if cls == "Company" and any(linker.is_generic(m) and not is_generic_head(fold(m.text))
                                    for m in linker.scan(name)):
            return  # 大模型公司, 一眾大模型公司: a kind of company
        overlapping = [m for m in mentions if m.start < end and start < m.end]
        if how in _WHOLE_NAMES:  # 騰訊文件, OpenAI O3, 千问事业部: the maker's name in it, no alias
            overlapping = [m for m in overlapping if not (m.start == start and m.end < end)]
        alias_of = None
        if overlapping:
            head = overlapping[0]
            if not (head.start == start and head.end < end and len(overlapping) == 1):
                return
            alias_of = head.entities[0]  # a known name plus a suffix: an alias of it
        found[fold(name)] = Candidate(name, cls, start, end, found_by=how, alias_of=alias_of)

    for name, start, cls, how in _cued_names(text):
        add(name, start, cls, how)
    if HAN.search(text):
        for name, start, cls in _repeated_names(text):
            # 技术与..., 技术表示: a word of the language, no name; 百度董事長: a name
            if not _plain_word(name) or _owner_cue_after(text, name):
                add(name, start, cls, "repetition")
        classes: dict[tuple[str, str | None], str | None] = {}  # each name's context, once
        for name, start, cls, how in _jieba_names(text):
            if (name, cls) not in classes:
                classes[name, cls] = _class_from_context(text, name, cls)
            if classes[name, cls] is not None:
                add(name, start, classes[name, cls], how)
    people = {c.name for c in found.values() if c.cls == "Person"}
    for name, start, cls, how in _people_listed(text, people):
        add(name, start, cls, how)
    makers = [c.name for c in found.values() if c.cls == "Company"]
    for name, start, cls, how in _products_and_events(text, mentions, makers):
        add(name, start, cls, how)
    _with_units_and_lists(found, text, mentions, linker, add)
    folded = fold(text)
    for c in found.values():
        c.count = max(1, len(_occurrences(folded, fold(c.name))))
    kept = _with_short_names(sorted(found.values(), key=lambda c: c.start), folded)
    kept = _without_descriptors(kept, text)
    for c in kept:
        _by_common_name(c, folded)
    kept = _with_surnames(_without_titled_people(kept), text)
    _products_named_after_products(kept)
    return with_known(_without_fragments(kept, text, mentions), text, mentions, linker, Candidate)


def _products_named_after_products(kept: list[Candidate]) -> None:
    """A Latin name that opens with a proposed product's name and has no organisation's cue
    (ERNIE Bot beside ERNIE, launched) is that product's line: a product."""
    products = {c.name for c in kept if c.cls == "Product"}
    for c in kept:
        if c.cls == "Company" and c.found_by == "pattern" and " " in c.name and \
                not HAN.search(c.name) and c.name.split()[0] in products and \
                not _EN_ORG.search(c.name):
            c.cls = "Product"


def _trimmed_name(text: str, name: str, start: int, cls: str, mentions: list[Mention]
                  ) -> tuple[str, int, str] | None:
    """A found name as it is proposed: joined to what it is written against, without the
    period, kind or verb of a post before it, with its class (an institution is no company);
    None for a kind of organisation or words of the sentence."""
    lead = len(name) - len(name.lstrip())
    name, start = joined_name(text, start + lead, name.strip(), mentions)
    if HAN.match(name) and name[0] in "年月季" and re.search(r"[0-9一二三四]$", text[:start]):
        name, start = name[1:], start + 1  # 第3季基礎設施部門: the period's last character
    cls = "Organization" if cls == "Company" and _INSTITUTION_END.search(fold(name)) else cls
    kinds = list(_KIND_BEFORE.finditer(name)) if cls == "Company" and HAN.search(name) else []
    if kinds and kinds[-1].start() > 0:  # 语音公司思必驰: the name after its kind
        name, start = name[kinds[-1].end():], start + kinds[-1].end()
    if cls == "Company" and HAN.search(name):
        if _KIND_ONLY.fullmatch(name) or _a_kind_of_organisation(name):
            return None  # 独角兽公司 of AI独角兽公司旷视科技: a kind, no name
        # 角兽旷视科技 of 独角兽旷视科技: the name cut inside the kind before it
        cut = next((k for k in _KIND_BEFORE.finditer(text, max(0, start - 4), start + 4)
                    if k.start() < start < k.end()), None)
        if cut:
            name, start = name[cut.end() - start:], cut.end()
    office = _OFFICE_LEAD.match(name)
    if office and HAN.search(name):  # 現任麻省理工學院...實驗室主任: the verb of the post, no name
        name, start = name[office.end():], start + office.end()
    if _words_of_the_sentence(text, start, name, cls):
        return None
    return name, start, cls


def _a_name_by(name: str, cls: str, how: str) -> bool:
    """``is_name``, except for a unit glossed with its abbreviation (系統事業群（SYS BG）: the
    abbreviation makes a common head a unit's name)."""
    return how == "unit-gloss" or is_name(name, cls)


def _glued_to_a_known_name(text: str, name: str, mentions: list[Mention]) -> bool:
    """Whether every occurrence of ``name`` follows a known name or a company of the gazetteer
    with nothing between (百度|智慧雲): a piece of that organisation's unit or product, no
    organisation of its own."""
    ends = {m.end for m in mentions}
    return all(_made_by(text, m.start(), ends, []) for m in re.finditer(re.escape(name), text))


def _without_titled_people(kept: list[Candidate]) -> list[Candidate]:
    """``kept`` without the names that are a proposed person's with a few words before it
    (執行長蔡力行 beside 蔡力行, repeated as 執行長蔡力行指出): the person's title, no organisation."""
    people = [c.name for c in kept if c.cls == "Person" and HAN.search(c.name)]
    return [c for c in kept if c.cls == "Person" or not any(
        c.name.endswith(p) and 0 < len(c.name) - len(p) <= 6 and HAN.fullmatch(c.name[-len(p) - 1])
        for p in people)]


def _with_surnames(kept: list[Candidate], text: str) -> list[Candidate]:
    """``kept`` without the surnames of Latin-written people proposed as organisations (the last
    word, Daniel McNamara; or the first of a pinyin name, Yin of Yin Qi), each person's surname
    written alone made one of its short names ("Daniel McNamara ... McNamara will join"); the
    last part of a transliterated name proposed alone is its short name (霍華德 of 安德魯·霍華德)."""
    people = {w for c in kept if c.cls == "Person" and " " in c.name and not HAN.search(c.name)
              for w in {fold(c.name).split()[-1], fold(c.name).split()[0]}}
    dotted = {fold(re.split(r"[·・‧•]", c.name)[-1]): c for c in kept if c.cls == "Person" and
              re.search(r"[·・‧•]", c.name)}  # 伯恩斯 of 勞倫斯·伯恩斯
    for c in kept:
        if fold(c.name) in dotted:
            person = dotted[fold(c.name)]
            person.short, person.count = (*person.short, c.name), person.count + c.count
    kept = [c for c in kept if fold(c.name) not in dotted and
            (c.cls == "Person" or fold(c.name) not in people)]
    for c in kept:
        if c.cls == "Person" and " " in c.name and not HAN.search(c.name) and not c.short:
            surname = c.name.split()[-1]
            alone = len(re.findall(rf"(?<!{re.escape(c.name.split()[-2])} )\b{re.escape(surname)}\b",
                                   text))
            if alone and len(surname) > 2:
                c.short, c.count = (surname,), c.count + alone
    return kept


#: how a business group's name ends (阿里巴巴中国电商集团, 智慧手機暨物聯網事業)
_GROUP_END = re.compile(r"(?:集團|集团|事業群|事业群|事業羣|事业羣|事業|事业)$")
#: what never stands between a company and its unit's name: a conjunction, a particle
_UNIT_GAP_STOP = re.compile(r"[和与與及跟同并並或、的之]|旗下")  # 鴻海旗下系統事業群: its unit, after 旗下
#: a joiner inside a unit's name (智慧手機暨物聯網事業): the words before it belong to the name
_UNIT_JOINER = re.compile(r"[\u4e00-\u9fff]{2,8}暨$")


def _units_of_companies(found: dict[str, Candidate], text: str, mentions: list[Mention]) -> None:
    """Names of business groups written right after their company, as whole units (in place):
    阿里巴巴中国电商集团 (not 电商集团, a company), HTC智慧手機暨物聯網事業 (the Han run after a
    Latin name, across 暨). The run between the company and the suffix must say something
    (阿里巴巴集团 is the company itself)."""
    companies = {fold(c.name) for c in found.values() if c.cls == "Company"} | \
        {fold(m.text) for m in mentions}
    lengths = sorted({len(n) for n in companies if len(n) >= 2}, reverse=True)
    folded = fold(text)
    for key, c in list(found.items()):
        if c.cls not in ("Company", "BusinessGroup") or not _GROUP_END.search(c.name):
            continue
        start = c.start
        joined = _UNIT_JOINER.search(text[max(0, start - 8):start + 1]) if c.name[0] == "暨" else None
        if joined:
            start -= len(joined.group()) - 1
        owner = None
        for gap in range(0, 5):  # 阿里巴巴 + 中国 + 电商集团
            at = start - gap
            if at <= 0 or gap and (not re.fullmatch(r"[\u4e00-\u9fff]+", text[at:start])
                                   or _UNIT_GAP_STOP.search(text[at:start])):
                break  # 腾讯集团和阿里巴巴集团: two companies, not one's unit
            owner = next((n for n in lengths if at - n >= 0 and folded[at - n:at] in companies), None)
            if owner is not None:
                start = at if folded[at - 1].isascii() else at - owner
                break
        if owner is None and not joined:
            continue
        name = text[start:c.end]
        if len(name) - len(_GROUP_END.search(name).group()) < 2 or not HAN.match(name):
            continue
        del found[key]
        found.setdefault(fold(name), Candidate(name, "BusinessGroup", start, c.end,
                                               found_by=c.found_by + "+unit-of"))


#: a unit's name as a list item: the whole run between two separators, ending like a group
_LISTED_UNIT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,16}?(?:集團|集团|事業群|事业群|事業羣|事业羣|事業部|"
                          r"事业部)(?=[、,，和及与與。；;)）]|以及|$)")
_LIST_SEPARATOR = re.compile(r"[、,，]")


def _units_listed_with_units(found: dict[str, Candidate], text: str) -> None:
    """The items listed right after a unit named with its company, that end like a unit too,
    as units (in place): 阿里巴巴中国电商集团、阿里国际数字商业集团、云智能集团 (not 商业集团 nor
    云智能集团 as companies): each item whole, between its separators."""
    for unit in [c for c in found.values() if c.found_by.endswith("+unit-of")]:
        pos = unit.end
        while (sep := _LIST_SEPARATOR.match(text, pos)) and (item := _LISTED_UNIT.match(text, sep.end())):
            start, end = item.span()
            inside = [k for k, c in found.items() if start <= c.start and c.end <= end]
            if any(found[k].cls not in ("Company", "BusinessGroup") or
                   found[k].found_by.endswith("known") for k in inside):
                return  # a list of companies (阿里巴巴集团、腾讯集团): no units
            for k in inside:
                del found[k]
            name = item.group()
            found.setdefault(fold(name), Candidate(name, _unit_class(name) if "部" in name[-2:] else
                                                   "BusinessGroup", start, end,
                                                   found_by="unit-list"))
            pos = end


def _without_descriptors(candidates: list[Candidate], text: str) -> list[Candidate]:
    """The candidates less the kinds written before a name (具身智能公司 of 具身智能公司银河机器人)
    and the names that are another name with a word before it, written once where the
    shorter one is written more (独角兽深兰科技: 角兽深兰科技 of 深兰科技)."""
    starts = {c.start for c in candidates if c.found_by == "kind"}
    folded = fold(text)
    out = []
    for c in candidates:
        ends = [e for _, e in _occurrences(folded, fold(c.name))]
        if c.found_by != "kind" and any(
                e + re.match(r"(?:公司|企业)?", folded[e:]).end() in starts for e in ends):
            continue
        shorter = [o for o in candidates if o is not c and 0 < len(c.name) - len(o.name) <= 2
                   and fold(c.name).endswith(fold(o.name)) and o.count > c.count == 1
                   and o.cls == c.cls and fold(o.name) not in _SUFFIX_PIECES
                   and not is_generic_head(fold(o.name))]
        if not shorter:
            out.append(c)
    return out


_LEGAL_TAIL = re.compile(r"(?:[\u4e00-\u9fff]{0,6}(?:股份)?有限(?:责任)?公司|股份公司|集团|科技|控股|"
                         r"(?:\s+(?:holdings?|group|inc\.?|ltd\.?|limited|corp\.?|corporation|co\.?)){1,3})$")


def _with_short_names(candidates: list[Candidate], folded: str) -> list[Candidate]:
    """The candidates, an organisation's short name folded into its full name (阿里巴巴 into
    阿里巴巴集团, 第四范式 into 第四范式智能技术股份有限公司, Xiaomi into Xiaomi Corp.): one
    proposal, counted with the short name's occurrences."""
    orgs = {fold(c.name): c for c in candidates if c.cls == "Company" and not c.alias_of}
    merged = set()
    for key, full in sorted(orgs.items(), key=lambda kv: -len(kv[0])):
        for short_key, short in orgs.items():
            if short_key != key and key.startswith(short_key) and id(short) not in merged \
                    and id(full) not in merged and _LEGAL_TAIL.fullmatch(key[len(short_key):]):
                full.short += (short.name,) + short.short
                full.count = max(full.count, len(_occurrences(folded, short_key)))
                merged.add(id(short))
    kept = [c for c in candidates if id(c) not in merged]
    names = {fold(c.name) for c in kept}
    for c in kept:  # 曠視 of 曠視科技, written alone too: a short name of it
        core = _CORE_OF.fullmatch(c.name)
        if c.cls != "Company" or c.alias_of or c.short or core is None:
            continue
        short = core.group("core") or core.group("core_en")
        key = fold(short)
        if key in names or _common_word(short) or is_generic_head(key) or key in PLACES or \
                not is_name(short):
            continue
        alone = len(_occurrences(folded, key)) - len(_occurrences(folded, fold(c.name)))
        if alone > 0:
            c.short += (short,)
            c.count += alone
    return kept


_LEGAL_NAME = re.compile(r"(?:股份)?有限(?:責任|责任)?公司$|股份公司$")


def _by_common_name(c: Candidate, folded: str) -> None:
    """A company proposed by its legal name written once (北京鷹瞳科技發展股份有限公司) under the
    name the text calls it by, written alone at least twice (鷹瞳科技); the legal name stays
    as a short name (an alias)."""
    if c.cls != "Company" or c.alias_of or not c.short or not _LEGAL_NAME.search(c.name) or \
            len(_occurrences(folded, fold(c.name))) > 1:
        return
    common = max(c.short, key=len)
    if len(_occurrences(folded, fold(common))) - 1 < 2 or _LEGAL_NAME.search(common):
        return
    at = folded.find(fold(common))
    c.short = (c.name,) + tuple(s for s in c.short if s != common)
    c.name, c.start, c.end = common, at, at + len(common)


#: a company's name and its core, the short name it may be written with alone
_CORE_OF = re.compile(r"(?P<core>[\u4e00-\u9fff]{2,6}?)(?:科技|集團|集团|控股|股份有限公司|有限公司)|"
                      r"(?P<core_en>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)\s+(?:Technology|Technologies|"
                      r"Group|Holdings|Inc\.?|Corp\.?|Corporation|Ltd\.?)")


def _cued_names(text: str):
    """(name, start, class, found_by) of the names that a cue beside them gives, the
    strongest cues first (the first class given to a name is kept)."""
    han = bool(HAN.search(text))
    if han:
        for match in _MEDIA_RE.finditer(text):
            for group in ("name", "first", "second", "opens"):
                if match.group(group):
                    # 另据界面新闻报道: the outlet after 据, the adverb before it no part of it
                    lead = re.match(r"[\u4e00-\u9fff]{0,2}[據据]", match.group(group)) if group == "opens" else None
                    cut = lead.end() if lead else 0
                    yield match.group(group)[cut:], match.start(group) + cut, "MediaOutlet", "report"
    if han:
        yield from _media_outlets(text)
    for match in _EN_MEDIA_RE.finditer(text):
        group = "name" if match.group("name") else "closes"
        yield match.group(group), match.start(group), "MediaOutlet", "report"
    for match in _EN_TOLD_RE.finditer(text):
        group = "titled" if match.group("titled") else "name"
        yield match.group(group), match.start(group), "MediaOutlet", "report"
    yield from _institutions(text) if han else ()
    yield from _english_institutions(text)
    for start, end in find_organisations(text):
        name = text[start:end]
        if re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]+", name) and \
                len(re.findall(rf"\b{name}\b", text)) < 2:
            continue  # a CamelCase name alone (TikTok): a cue or a repetition tells its class
        yield name, start, "BusinessGroup" if _unit_at(text, name, start) else next(
            (c for s, c in _ORG_SUFFIXES.items() if name.endswith(s)), "Company"), "suffix"
    if han:
        yield from _chinese_people(text)
        for regex in (_PERSON_GLOSSED_RE, _PERSON_LATIN_RE):
            for match in regex.finditer(text):
                yield match.group("name"), match.start("name"), "Person", "title"
        for match in _HEAD_MODEL_RE.finditer(text):
            yield match.group("latin"), match.start("latin"), "Product", "product-head"
        makers: dict[str, bool] = {}  # each name's context, once
        for match in _LATIN_BEFORE_HEAD_RE.finditer(text):
            latin = match.group("latin")
            if latin not in makers:
                makers[latin] = _class_from_context(text, latin, None) == "Company"
            if not makers[latin]:  # the maker (Google 裝置與服務資深副總裁) is no product
                yield match.group("latin"), match.start("latin"), "Product", "product-head"
        for match in _GLOSSED_RE.finditer(text):
            name, start = _name_before(text, match.start(), nouns=True)
            while name and _opens_with_verb(name):  # 挑戰|蘋果公司
                first = len(_tokens(name)[0])
                name, start = name[first:], start + first
            if len(name) >= 2:  # 蘋果公司(Apple): a name glossed with its English one
                yield name, start, "MediaOutlet" if re.search(r"(?:社|新聞|新闻|日報|日报)$", name) \
                    else "Company", "glossed"
        for match in _PRODUCT_RE.finditer(text):
            group = "quoted" if match.group("quoted") else "latin"
            yield match.group(group), match.start(group), "Product", "launch"
        for match in _QUOTED_PRODUCT_RE.finditer(text):
            group = "before" if match.group("before") else "after"
            yield match.group(group), match.start(group), "Product", "product-head"
        yield from _organisations_by_context(text)
        yield from _units_named(text)
        yield from _han_models(text)
        yield from _products_with_makers(text)
        yield from _organisations_by_post(text)
        yield from _layoffs(text)
    yield from _products_named(text)
    for match in _EN_TITLE_PERSON.finditer(text):
        yield match.group("name"), match.start("name"), "Person", "title"
    yield from _english_lists(text)
    yield from _english_organisations_listed(text)
    for match in _EN_EXCHANGE.finditer(text):
        yield match.group("name"), match.start("name"), "Organization", "listing"
    for match in _EN_POLLED_BY.finditer(text):
        yield match.group("name"), match.start("name"), "Company", "pattern"
    for regex in (_EN_PRODUCT_RE, _EN_PRODUCT_HEAD_RE):
        for match in regex.finditer(text):
            if regex is _EN_PRODUCT_HEAD_RE and not han and _english_cues(text, match.group("latin"))[2]:
                continue  # the Uber app, and teamed up with Uber: a company's app
            yield match.group("latin"), match.start("latin"), "Product", "launch"
    for name, start, cls in _english_names(text):
        yield name, start, cls, "pattern"


#: people named after what they are: three graduates - Yin, Tang Wenbin and Yang Mu; former
#: employees, including Yan Junjie
_EN_PEOPLE_CUE = re.compile(r"\b(?:employees|staff|graduates|alumni|founders|co-founders|executives|"
                            r"engineers|researchers|scientists|veterans|managers|directors)"
                            # right after it too (experienced managers Ann Lee and Bo Chen): a
                            # list item is a person's only with two or three names
                            r"(?:,?\s+(?:including|such as|namely)|\s+[-–—]|:)?\s+(?=[A-Z])")
#: products or platforms named after their kind: the shopping sites Temu and Pinduoduo, two
#: apps, Talkie for international markets and Xing Ye for China; its model, Tongyi Qianwen
_EN_KIND_CUE = re.compile(r"\b(?P<kind>sites|websites|marketplaces?|platforms?|apps?|models?|chatbots?)"
                          r"(?:,\s+|\s+(?:called\s+|named\s+)?)(?:including\s+|such as\s+)?(?=[A-Z])")
_EN_PERSON_ITEM = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\b")
_EN_PRODUCT_ITEM = re.compile(r"[A-Z][A-Za-z0-9-]*(?: [A-Z0-9][A-Za-z0-9-]*){0,2}\b")
#: what may close an item and join the next: a market it serves (Talkie for international
#: markets), a comma, and
_EN_ITEM_JOIN = re.compile(r"(?:\s+for\s+(?:[a-z]+\s+){0,3}?[A-Z]?[a-z]+)?(?:,\s*(?:and\s+)?|\s+and\s+)")


#: an exchange before a listed company's ticker: [NASDAQ: PDD], (NYSE: BABA)
_EN_EXCHANGE = re.compile(r"[\[(](?P<name>[A-Z]{3,6})\s?:\s?[A-Z0-9.]{1,6}[\])]")
#: who polls analysts or compiles data: estimates of analysts polled by LSEG
_EN_POLLED_BY = re.compile(r"\b(?:polled|surveyed|compiled|tracked)\s+by\s+(?P<name>[A-Z][A-Za-z&]+"
                           r"(?:\s[A-Z][A-Za-z&]+)?)")


def _english_items(text: str, pos: int, item: re.Pattern):
    """The names listed from ``pos``, joined by commas and ``and``, until what is no name."""
    while (match := item.match(text, pos)) is not None and match.group().split()[0] not in _EN_STOP:
        yield match
        joined = _EN_ITEM_JOIN.match(text, match.end())
        if joined is None:
            return
        pos = joined.end()


def _english_lists(text: str):
    """(name, start, class, "listed") of people and products named after what they are (see
    ``_EN_PEOPLE_CUE``, ``_EN_KIND_CUE``): a person's name has two or three words (Yin alone
    is passed over), a site or marketplace is a platform even when the gazetteer holds a
    company of its name; an organisation's name (Tsinghua University) is none."""
    for match in _EN_PEOPLE_CUE.finditer(text):
        for item in _english_items(text, match.end(), _EN_PERSON_ITEM):
            if " " in item.group() and not (_EN_ORG.search(item.group()) or
                                             _EN_NOT_COMPANY.search(item.group())):
                yield item.group(), item.start(), "Person", "listed"
    for match in _EN_KIND_CUE.finditer(text):
        kind = match.group("kind").rstrip("s")
        site = kind in ("site", "website", "marketplace")
        for item in _english_items(text, match.end(), _EN_PRODUCT_ITEM):
            name = item.group()
            if site or ((e := entry_named(name)) is None or e.cls != "Company"):
                yield name, item.start(), "Platform" if site or kind == "platform" else "Product", "listed"


#: the head of an institution's name, what it is whatever comes before it: a university or a
#: school (清華大學, 麻省理工學院), an exchange, an association or a society, a hospital, a
#: court (not 大學生, 學院派, 學會了: a student, a school of thought, learnt). These patterns
#: are matched on folded text (``kg.text.fold``), so each word is written once, Simplified.
_INSTITUTION_HEAD = re.compile(r"(?:大学|学院|中学|交易所|协会|学会|商会|联合会|基金会|医院|法院)"
                               r"(?![生派士者了到得会])")
#: the head of a public body's name: one only when a place or the state opens the name
#: (美國國防部, 上海市政府, 市商務局; not 銷售部, 薪酬委員會, 格局, 總部: a company's, words)
_PUBLIC_HEAD = re.compile(r"(?:委员会|政府|(?<![大开出结布格骗饭赌棋僵变战终定时政乱当危残困])"
                          r"局(?![长面势部限])|(?<![内外全总本分东西南北中头底局干乐业])部(?![长分门落队])|"
                          r"厅(?!长))")
#: what opens a public body's or a public institute's name: a place, a country, the state, a
#: province or a city (上海市, 安徽省; 市 alone: the city the text is about)
_PUBLIC_LEAD = re.compile(
    r"(?:国家|中央|全国|国际|世界|中国|美国|日本|韩国|英国|德国|法国|欧洲|欧盟|印度|俄罗斯|新加坡|香港|"
    r"澳门|台湾|台北|北京|上海|天津|重庆|深圳|广州|杭州|南京|武汉|成都|苏州|合肥|西安|"
    r"[\u4e00-\u9fff]{1,3}(?:省|(?<![城都超股门夜楼车上菜街])市|县|(?<![地社园校景])区)"
    r"(?!场|值|民|长|委|域|别|分|间)|特区|[省市](?!场|值|民|长|委|区|政|级|面|井))")
#: the heads of a research institute's or a lab's name: a company's unit, unless a place or
#: the state opens the name and no organisation's name is in it (北京智源人工智能研究院)
_INSTITUTE_HEAD = re.compile(r"(?:研究院|研究所|研究中心|实验室)$")
#: what makes a name before a unit's head an organisation's (香港中文大學多媒體實驗室: the
#: university's lab; 商湯科技研究院: the company's)
_OWNER_IN_NAME = re.compile(r"大学|学院|科技|集团|公司|控股|银行")
#: words before an institution's head that say its kind, not its name (知名大學, 一所大學,
#: 人工智能學院, 加密貨幣交易所)
_INSTITUTION_KIND = re.compile(
    r"(?:[一两二三四五六七八九十几多数各该这那其本某每]+[所家个间]?|知名|著名|顶尖|顶级|一流|名牌|重点|"
    r"老牌|海外|国外|国内|当地|本地|其他|其它|相关|有关|研究型|综合|公立|私立|民办|地方|行业|产业|专业|合作|"
    r"人工智能|科技|智能|技术|工业|商业|金融|证券|研究|医学|加密货币|数字货币)+")
#: a name an institution's head ends: an Organization, even named by a company's cue
#: (與清華大學合作)
_INSTITUTION_END = re.compile(rf"(?:{_INSTITUTION_HEAD.pattern})$")
_PUBLIC_END = re.compile(rf"(?:{_PUBLIC_HEAD.pattern})$")


def _institutions(text: str):
    """(name, start, "Organization", "institution") of the names an institution's head ends
    (清華大學, 台灣證券交易所, 中國人工智能學會), or a public body's when a place or the
    state opens them (美國國防部, 上海市政府, 市商務局): the run of nouns before the head, not
    what says a kind (知名大學, 一所大學, 人工智能學院)."""
    folded = fold(text)
    for regex, public in ((_INSTITUTION_HEAD, False), (_PUBLIC_HEAD, True)):
        for match in regex.finditer(folded):
            core, start = _name_before(text, match.start(), nouns=True)
            lead = _PUBLIC_LEAD.match(fold(core))
            if public and (lead is None or (lead.end() == len(core) and not match.group() == "政府"
                                            and lead.group()[-1] not in "省市县区")):
                continue  # 公司部, 美國部: no public body; 美國政府, 上海市政府: a government
            if not core or _INSTITUTION_KIND.fullmatch(fold(core)) or _common_word(core):
                continue
            yield core + text[match.start():match.end()], start, "Organization", "institution"


def _institute_class(name: str) -> str:
    """A research institute's or a lab's class: an Organization when a place or the state
    opens its name and no organisation's name is in it (上海人工智能實驗室, 中國信息通信研究院),
    else a unit of the organisation named in it or before it (科大訊飛AI研究院, 通義實驗室)."""
    key = fold(name)
    lead, head = _PUBLIC_LEAD.match(key), _INSTITUTE_HEAD.search(key)
    if lead and head and not _OWNER_IN_NAME.search(key[lead.end():]) and \
            head.start() - lead.end() >= 2:
        return "Organization"
    return _unit_class(name)


#: an English institution's name: capitalised words before its head, and what "of" names
#: after it (Tsinghua University, Massachusetts Institute of Technology, Chinese Academy of
#: Sciences), or the head first (University of Oxford, Ministry of Commerce); never a bank,
#: a company
_EN_WORD = r"[A-Z][\w'’&-]*"
_EN_INSTITUTION = re.compile(
    rf"\b(?:(?:{_EN_WORD}|of|and|for) +){{0,5}}?{_EN_WORD} +(?:University|College|Institute|"
    r"Academy|Polytechnic|School|Commission|Ministry|Agency|Exchange|Association|Foundation|"
    r"Federation|Council|Bureau|Administration|Authority|Organi[sz]ation|Government|Society)\b"
    rf"(?: +(?:of|for) +(?:the +)?{_EN_WORD}(?: +(?:and +)?{_EN_WORD})*)?|"
    r"\b(?:University|Ministry|Department|Institute|Academy|Bureau|Commission) +(?:of|for) +"
    rf"(?:the +)?{_EN_WORD}(?: +(?:and +)?{_EN_WORD})*")
#: words a capitalised run may open with that are no part of the name
_EN_LEADS = frozenset({"The", "A", "An", "In", "On", "At", "By", "For", "From", "As", "It", "Its",
                       "Our", "We", "But", "And", "Or", "If", "When", "While", "With", "After",
                       "Before", "According", "Since", "Both", "Also", "Meanwhile", "However",
                       "Under", "Their", "His", "Her", "of", "and", "for"})


def _english_institutions(text: str):
    """(name, start, "Organization", "institution") of English names of institutions; a
    news agency is an outlet (Xinhua News Agency), left to the outlets' cues."""
    for match in _EN_INSTITUTION.finditer(text):
        words = match.group().split()
        while len(words) > 1 and words[0].rstrip("'’s") in _EN_LEADS:
            words.pop(0)
        name = " ".join(words)
        if re.search(r"\b(?:News|Press)\b", name) or len(words) < 2:
            continue
        yield name, match.start() + match.group().index(words[0]), "Organization", "institution"


def _chinese_people(text: str):
    """(name, start, "Person", "title") of people a title names: the name after the title (its
    end decided by what follows: 馬化騰表示 -> 馬化騰), the names listed after it (創始人湯曉鷗、
    徐立、王曉剛), a transliterated name with its middle dot (詹姆斯·米切爾; with no title too,
    as "dotted"), a name before an academic title (湯曉鷗教授)."""
    for regex in (_PERSON_RE, _PERSON_MORE_RE):
        for match in regex.finditer(text):
            yield match.group("name"), match.start("name"), "Person", "title"
            pos = match.end()
            while (more := _PERSON_NEXT_RE.match(text, pos)) is not None:
                if _common_word(more.group("name")):
                    break
                yield more.group("name"), more.start("name"), "Person", "title"
                pos = more.end()
    for match in _PERSON_DOT_RE.finditer(text):
        yield match.group("name"), match.start("name"), "Person", "title"
    yield from _dotted_people(text)
    yield from _people_before_a_verb(text)
    yield from _people_counted(text)
    for match in _PERSON_TITLED_AFTER.finditer(text):
        if not _common_word(match.group("name")):
            yield match.group("name"), match.start("name"), "Person", "title"


#: a transliterated name with its middle dot, before what ends a person's name or its gloss
#: in Latin letters: 基金經理勞倫斯·伯恩斯(Lawrence Burns), 與蒂姆·庫克會面
_DOTTED_RE = re.compile(rf"(?P<first>[\u4e00-\u9fff]{{1,8}})[·・‧•](?P<last>[\u4e00-\u9fff]{{1,6}}?)"
                        rf"(?=[(（]\s?[A-Z]|{_PERSON_END})")


def _dotted_people(text: str):
    """(name, start, "Person", "dotted") of a transliterated name written with its middle dot,
    its first name the words before the dot that are no common word nor particle (經理 and 與
    end it: 勞倫斯·伯恩斯, 蒂姆·庫克)."""
    titled = {m.end("name") for m in _PERSON_DOT_RE.finditer(text)}  # 首席戰略官詹姆斯·米切爾
    for match in _DOTTED_RE.finditer(text):
        if any(match.start("last") < e <= match.end("last") for e in titled):
            continue
        first = "".join(reversed(_name_run(reversed(_tokens(match.group("first"))))))
        last = "".join(_name_run(_tokens(match.group("last"))))
        if first and last and not _ORG_AFTER_NAME.match(match.group("last"), len(last)):
            start = match.end("first") - len(first)
            yield text[start:match.start("last") + len(last)], start, "Person", "dotted"


#: an organisation named after a person (比爾·蓋茨基金會): no person's mention
_ORG_AFTER_NAME = re.compile(r"基金[會会]|公司|集[團团]|大[學学]|[學学]院|研究院|[實实][驗验]室|"
                             r"[醫医]院|[協协][會会]|中心")


def _name_run(tokens) -> list[str]:
    """The tokens, read outwards from the dot, that go on a transliterated name: up to a
    particle or a word of the language (經理, 會面), at most four characters."""
    out, size = [], 0
    for token in tokens:
        if token in _EDGE_END or token in "和与與" or size + len(token) > 4 or \
                (len(token) >= 2 and _plain_word(token)):
            break
        out.append(token)
        size += len(token)
    return out


#: a count of people and their title before their names: 三位聯合創始人印奇、唐文斌、楊沐
_PEOPLE_COUNTED = re.compile(rf"(?P<count>[兩两二三四五六七八九])(?:位|名)(?:{_TITLES}|{_MORE_TITLES})"
                             r"(?:分別是|分别是|分別為|分别为|是|為|为|[:：])?")
#: what may follow the last name of such a list (楊沐均出自, 楊沐等): an adverb, a verb, the end
_PEOPLE_LIST_END = re.compile(rf"[均都也等在是將将已於于曾共亦則则,，。;；、)）]|$|{_PERSON_END}")
_COUNTS = {"兩": 2, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _people_counted(text: str):
    """(name, start, "Person", "title") of the people a count and a title name, listed after
    them (三位聯合創始人印奇、唐文斌、楊沐均出自這裏): the names, two or three characters each,
    only when as many are listed as counted (whatever their surnames)."""
    for match in _PEOPLE_COUNTED.finditer(text):
        names, pos = [], match.end()
        for i in range(_COUNTS[match.group("count")]):
            last = i == _COUNTS[match.group("count")] - 1
            item = next((m for n in (3, 2) if (m := re.compile(rf"[\u4e00-\u9fff]{{{n}}}").match(text, pos))
                         and (_PEOPLE_LIST_END.match(text, m.end()) if last else
                              re.match(r"、|和|與|与|及", text[m.end():m.end() + 1]))), None)
            if item is None:
                break
            names.append(item)
            pos = item.end() + (0 if last else 1)
        if len(names) == _COUNTS[match.group("count")] and not any(_common_word(m.group()) for m in names):
            for m in names:
                yield m.group(), m.start(), "Person", "title"


#: a list of names of two or three characters between 、 or 與 (孫劍、印奇; 印奇与唐文斌、杨沐三位),
#: after a boundary or an owner's 的, closed as a person's name is (a boundary, 均, 是, 表示)
_NAME_LIST = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=的))(?P<items>(?:[\u4e00-\u9fff]{2,3}[、與与和及])+"
                        rf"[\u4e00-\u9fff]{{2,3}})(?![、與与和及])(?=[兩两二三四五六七八九]位|{_PERSON_END})")
_SURNAMED = re.compile(rf"(?:{_COMPOUND_SURNAMES})[\u4e00-\u9fff]{{1,2}}|[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}")


def _people_listed(text: str, people: set[str]):
    """(name, start, "Person", "person-list") of the names listed with a person (曠視的孫劍、
    印奇, where 印奇 is one), or three or more after an owner's 的 (依圖的朱瓏、林晨曦、顏水成):
    every other item a surname and a given name, none a word of the language."""
    for match in _NAME_LIST.finditer(text):
        items = re.split("[、與与和及]", match.group("items"))
        if not all(i in people or (_SURNAMED.fullmatch(i) and not _common_word(i)) for i in items):
            continue
        owned = text[match.start() - 1:match.start()] == "的"
        if people.intersection(items) or (owned and len(items) >= 3):
            at = match.start()
            for item in items:
                yield item, at, "Person", "person-list"
                at += len(item) + 1


def _a_piece_or_a_kind(text: str, start: int, name: str, how: str) -> bool:
    """Whether ``name`` at ``start`` is a piece of the sentence (了解到上市公司, 電信運營商雲,
    随着资本) or a kind with a suffix (人工智能實驗室, 大模型公司), not an organisation's or a
    product's name (a person's name may end like a suffix: 马云)."""
    if how not in _DELIMITED and (_cut_mid_word(text, start, name) or _opens_with_function_word(name)):
        return True
    if how == "unit-gloss":
        return False  # 系統事業群（SYS BG）: its abbreviation makes the common word a unit's name
    core = re.sub("(?:" + "|".join(_ORG_SUFFIXES) + ")$", "", name)
    return core != name and (fold(core) in _GENERIC_KEYS or _common_word(core))


#: cues whose names are delimited by quotes or a pattern of their own, never cut from a run
_DELIMITED = frozenset({"launch", "product-head", "owned", "report", "title", "pattern", "event",
                        "model-name", "product-list", "owned-model", "product-maker", "maker",
                        "unit-gloss", "unit-function", "list-item", "dotted"})
#: what may stand before a name without forming a word with its first character
_BOUNDARY_CHARS = frozenset("的和与與及在是由被向对對从從把将將为為于於据據跟同让讓给給令使、")


def _cut_mid_word(text: str, start: int, name: str) -> bool:
    """Whether a Chinese ``name`` starts inside a word of the text: the characters before it
    and its first ones make a frequent word of jieba's dictionary (了解 of 了|解到上市公司, 電信
    of 電|信運營商雲, 自動駕駛 of 自動|駕駛技術公司)."""
    if start == 0 or not HAN.match(name[0]) or not HAN.match(text[start - 1]) or \
            text[start - 1] in _BOUNDARY_CHARS:
        return False
    jieba = _jieba()
    jieba.dt.check_initialized()
    folded = fold(text[max(0, start - 2):start + 3])
    at = min(2, start)
    return any(jieba.dt.FREQ.get(folded[at - j:at + k], 0) >= 50
               for j in (1, 2) if at - j >= 0 and HAN.match(folded[at - j])
               for k in (1, 2) if k < len(name))


def _opens_with_function_word(name: str) -> bool:
    """Whether a Chinese ``name`` opens with a conjunction or a preposition (随着资本, 如果加上小米)."""
    if len(name) < 3 or not HAN.match(name[0]):
        return False
    # the first two characters, folded; 著 folds to itself, jieba's dictionary writes 随着
    first = fold(name[:2])
    return any(_tags().get(w, "x")[:1] in set("cp") for w in {first, first.replace("著", "着")})


#: words of a company's results, never in a name (on folded text)
_EN_RESULTS_WORD = re.compile(r"\b(?:quarter|quarterly|results|earnings|revenues?|profits?)\b")


def is_name(name: str, cls: str = "") -> bool:
    """Whether ``name`` can name one organisation, person or product: not a common head alone
    (公司, 事业群), a title (首席执行官), a metric or date phrase (营业收入, 第三季度), a place,
    people (分析人士), a fragment cut at a particle (的, 与) or common English words alone. An
    institution's name (``cls`` Organization) may end in its head (清華大學, 上海市政府)."""
    key = fold(name)
    if len(key) < 2 or not re.search(r"[^\W\d_]", key):
        return False
    if not HAN.search(name):
        if _EN_RESULTS_WORD.search(key):
            return False  # Second-Quarter Results Beat: a headline's words
        words = re.findall(r"[a-z0-9]+", key)
        return bool(words) and key not in _EN_NOT_ALONE and not all(common_english(w) for w in words) and \
            (name.split()[0] not in _EN_STOP or cls == "Organization")  # Chinese Academy of ...
    if re.fullmatch(rf"(?:{_TITLES})+", name) or is_generic_head(key) or key in PLACES or \
            key in {fold(g) for g in _GENERIC} or key in _PRONOUNS:
        return False
    headed = cls == "Organization" and bool(_INSTITUTION_END.search(key) or _PUBLIC_END.search(key))
    end = _NOT_NAME_END.search(name)
    # a person's given name of two characters may end in what is a place word elsewhere
    # (林百里, 陳立中); a surname and one such character is a verb's phrase (創始人安上)
    person = cls == "Person" and len(name) == 3 and name[0] in _SURNAMES
    if (end and not headed and not (person and end.group() in "中上下裡里內内外間间後后")) or \
            _NOT_NAME_PART.search(name):
        return False
    if re.sub(r"(?:科技|集团|集團|公司|企业|企業)$", "", key) in PLACES:
        return False
    if cls == "Person" and len(key) <= 3 and all(HAN.match(c) for c in key) and _common_word(key):
        return False  # 重回創始人時代: an era, no one's name
    return name[0] not in _EDGE_START and name[-1] not in _EDGE_END


def _tokens(piece: str) -> list[str]:
    """jieba's words of ``piece``, cut on its Simplified fold (jieba's dictionary is
    Simplified), as written."""
    jieba = _jieba()
    out, at = [], 0
    for word in jieba.lcut(fold(piece), HMM=False):
        out.append(piece[at:at + len(word)])
        at += len(word)
    return out


#: proper-noun tags of jieba's dictionary: such a word may be a name however frequent
_PROPER_TAGS = frozenset({"nr", "ns", "nt", "nz", "nrt", "nrfg", "eng"})


def _common_word(name: str) -> bool:
    """Whether ``name`` is a frequent word of jieba's dictionary that is not a proper noun
    (技术, 用户, 数据; not 腾讯 nz, 华为 nr, nor 小马智行, which it does not hold)."""
    key, jieba = fold(name), _jieba()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(key, 0) >= 500 and _tags().get(key, "x") not in _PROPER_TAGS


def _a_dictionary_word(piece: str) -> bool:
    """Whether ``piece`` is a word of jieba's dictionary (涉及, 参与)."""
    jieba = _jieba()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(fold(piece), 0) > 0


def _plain_word(name: str) -> bool:
    """Whether ``name`` is a word of jieba's dictionary, however rare, that is not a proper
    noun (机器人, 基础设施, 云端): a repeated one is a topic of the text, no name, unless what
    only an organisation has follows it (frequency does not tell: 机器人 384, 华为 373)."""
    key, jieba = fold(name).replace("著", "着"), _jieba()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(key, 0) > 0 and _tags().get(key, "x") not in _PROPER_TAGS


#: a kind of organisation (头部互联网企业, 科技巨头) and a part of one (歸屬母公司 of 歸屬母公司淨利)
_KIND_TAIL = re.compile(r"(?:企業|企业|廠商|厂商|巨頭|巨头|車企|车企|業者|业者|玩家|"
                        r"母公司|子公司|分公司|總公司|总公司)$")


def _a_kind_of_organisation(name: str) -> bool:
    """Whether ``name`` is a kind of organisation: a kind's word after plain words of the
    language only (头部|互联网|企业, 歸屬|母公司), no proper noun among them (华为|企业 would be
    a name)."""
    tail = _KIND_TAIL.search(name)
    if tail is None:
        return False
    words = _tokens(name[:tail.start()].replace("著", "着"))
    return all(len(w) >= 2 and _plain_word(w) for w in words)


def _after_last_verb(name: str, start: int) -> tuple[str, int]:
    """``name`` (at ``start``) from after its last verb or preposition (重點放在|思元,
    高喊隨著|AI應用: nothing left), as jieba cuts it."""
    tokens = _tokens(name.replace("著", "着"))  # jieba's dictionary writes 随着
    verbs = [i for i, t in enumerate(tokens) if len(t) > 1 and _tags().get(fold(t), "x")[:1] in "vp"]
    if not verbs:
        return name, start
    cut = len("".join(tokens[:verbs[-1] + 1]))
    return name[cut:], start + cut


def _tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each word of its dictionary."""
    _jieba()
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def _jieba():
    """jieba, quiet (its loading messages would mix with a command's output)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


#: the heads of names of institutes and labs, which may hold 與 / 和 (腦科學與智能技術卓越創新中心)
_INSTITUTE_END = re.compile(r"(?:研究院|研究所|研究中心|實驗室|实验室|中心|學院|学院)$")
#: what ends a name of its own before 與 / 和: an organisation (騰訊與上海人工智能實驗室)
_OWN_NAME_END = re.compile(r"(?:公司|科技|集團|集团|大學|大学|學院|学院|研究院|研究所|實驗室|实验室|中心|"
                           r"銀行|银行|控股)$")


def joined_name(text: str, start: int, name: str,
                mentions: list[Mention] = ()) -> tuple[str, int]:
    """``name`` at ``start``, widened back over 與 / 和 / 与 when it names an institute or a
    lab whose name holds the joiner (中國科學院腦科學與智能技術卓越創新中心, 人工智能與數字經濟
    研究院): not when what comes before is a name of its own (a known entity, an organisation:
    騰訊與上海人工智能實驗室; a well-known one: 科大訊飛與麻省理工學院), nor a person's words
    (Victor Zue教授和現任麻省理工學院)."""
    if not _INSTITUTE_END.search(name) or start < 3 or text[start - 1] not in "與与和":
        return name, start
    before, at = _name_before(text, start - 1)
    if len(before) < 2 or _OWN_NAME_END.search(before) or not re.fullmatch(r"[\u4e00-\u9fff]+", before) \
            or entry_named(before) or entry_named(name) or \
            any(m.start < start - 1 and at < m.end for m in mentions):
        return name, start
    return text[at:start + len(name)], at


def _name_before(text: str, end: int, *, nouns: bool = False) -> tuple[str, int]:
    """The name that ends at ``end``: the run of letters before it, from after the last
    function word or cue verb in it (包括百度 -> 百度); with ``nouns``, from after the last
    verb, numeral or particle (併入物聯網 -> 物聯網, 多個 -> nothing)."""
    run = re.search(r"(?:[\u4e00-\u9fffA-Za-z0-9]| (?=[A-Za-z0-9])){1,14}$",
                    text[max(0, end - 14):end])
    if not run:
        return "", end
    piece = re.split(r"[和与與及、]", run.group().lstrip())[-1]
    tags = _tags() if nouns else {}
    kept: list[str] = []
    for token in reversed(_tokens(piece)):
        tag = tags.get(fold(token), "x")
        if token in _STOP_TOKENS or fold(token) in _STOP_TOKENS or (
                len(token) > 1 and (tag[:1] in set("mqpcudr") or fold(token) in _VERB_STOPS
                                   or (nouns and tag == "v" and kept))) or \
                (nouns and (token.isdigit() or tag[:1] in set("mq"))):
            break
        kept.append(token)
    name = "".join(reversed(kept))
    return name, end - len(name)


def _name_after(text: str, start: int, *, nouns: bool = False) -> str:
    """The name that starts at ``start``: letters up to the first function word or cue verb
    (with ``nouns``, any verb or numeral: 實驗室負責 -> 實驗室), or a date or metric word."""
    run = re.match(r"(?:[\u4e00-\u9fffA-Za-z0-9]|(?<=[A-Za-z0-9]) (?=[A-Za-z0-9])){1,20}",
                   text[start:start + 20])
    if not run:
        return ""
    kept = []
    tags = _tags() if nouns else {}
    for token in _tokens(re.split(r"[和与與及、]", run.group())[0]):
        if token in _STOP_TOKENS or fold(token) in _STOP_TOKENS or (
                len(token) > 1 and (tags.get(fold(token), "x")[:1] in set("mqpcudr")
                                   or fold(token) in _VERB_STOPS)):
            break
        kept.append(token)
    name = "".join(kept)
    cut = re.search(r"本季度|本月|今年|去年|明年|近日|此前|目前|日前", name) or _NOT_NAME_PART.search(name)
    return name[:cut.start()] if cut else name


def _organisations_by_context(text: str):
    """(name, start, "Company", found_by) of names in what only organisations do or have:
    X旗下, 與X合作 / 與X競爭, 對手包括X和Y, X、Y等公司."""
    for match in _OWNS_AFTER.finditer(text):
        name, start = _name_before(text, match.start())
        yield from _owner_and_product(name, start)
        counted = re.match(r"的?(?:[一二两兩三四五六七八九十多]+|[0-9]+)款(?:大模型|模型|產品|产品|芯片|晶片|"
                           r"手機|手机|應用|应用)", text[match.end():match.end() + 100])
        if counted:  # 旗下兩款模型ENIRE Speed、ENIRE Lite: the Latin names listed
            yield from _latin_listed(text, match.end() + counted.end())
            continue
        owned = re.match(r"的?(?P<kind>[\u4e00-\u9fff]{0,6}?(?:業務|业务|公司|品牌|平臺|平台)|IP)?\s?",
                         text[match.end():match.end() + 100])
        start = match.end() + owned.end()
        quoted = re.match(r"[“「\"]([^”」\"\n，,。]{2,16})[”」\"]", text[start:start + 100])
        if quoted:  # 旗下的“Kimi智能助手”: a product
            yield quoted.group(1), start + 1, "Product", "owned"
            continue
        name = _name_after(text, start, nouns=True)
        kind = owned.group("kind") or ""
        latin = re.match(r"[A-Za-z][A-Za-z0-9'’-]*(?: [A-Z0-9][A-Za-z0-9'’-]*)*(?=[\u4e00-\u9fff])", name)
        if latin and len(name) - latin.end() > 2:
            # 旗下品牌LABUBU全球熱賣, 旗下Kimi智能助手用戶大增: the Latin name, with its head if
            # one follows, then the sentence's words (QQ音樂: one word after it, the name's)
            headed = re.match(rf"{re.escape(latin.group())}[\u4e00-\u9fff]{{0,3}}?(?:{_PRODUCT_HEADS})",
                              name)
            name = headed.group() if headed else latin.group()
        cls = "Company" if kind.endswith("公司") else "BusinessGroup" if kind.endswith(
            ("業務", "业务")) else "Platform" if kind.endswith(("平臺", "平台")) else "Product"
        if owned.group("kind") is None and re.search(_UNIT_SUFFIX + "$", name):
            cls = _unit_class(name)
            name = re.sub(r"(?<=Labs)[^A-Za-z]+$|(?<=Lab)[^A-Za-z]+$", "", name)  # Labs實驗室
        yield name, start, cls, "owned"
    yield from _units_by_suffix(text)
    for match in _WITH_BEFORE.finditer(text):
        name = _name_after(text, match.end())
        if name and _WITH_AFTER.match(text, match.end() + len(name)):
            yield name, match.end(), "Company", "context"
    yield from _kinds_named(text)
    for match in _RIVALS.finditer(text):
        pos = match.end()
        while True:
            name = _name_after(text, pos)
            if not name:
                break
            yield name, pos, "Company", "context"
            pos += len(name)
            joiner = re.match(r"[、和及与與]|以及", text[pos:pos + 100])
            if not joiner:
                break
            pos += joiner.end()
    for match in _LIST_KIND.finditer(text):
        end = match.start()
        while True:
            name, start = _name_before(text, end)
            if not name:
                break
            yield name, start, "Company", "context"
            joiner = re.search(r"(?:[、和及与與]|以及)$", text[max(0, start - 2):start])
            if not joiner:
                break
            end = start - len(joiner.group())
            gloss = re.search(r"[（(][^（()）\n]{1,30}[）)]$", text[max(0, end - 32):end])
            if gloss:  # the item before carries a gloss: 字节跳动（负责抖音AI的公司）和腾讯
                end -= len(gloss.group())


def _units_by_suffix(text: str):
    """(name, start, class, "unit-suffix") of the units a suffix names (通義實驗室, ATH事業群):
    the name before the suffix, a list item whole (、千问事业部), a group's words across a
    joiner (雲與智慧產業事業群)."""
    for match in re.finditer(_UNIT_SUFFIX, text):
        name, start = _name_before(text, match.start(), nouns=True)
        item = _LIST_ITEM_BEFORE.search(text, max(0, match.start() - 8), match.start())
        if item and len(item.group()) > len(name):  # 、千问事业部: a list item, whole
            name, start = item.group(), item.start()
        joined = _UNIT_JOINED.search(text, max(0, start - 10), start) if name and \
            re.fullmatch(_GROUP_SUFFIX + "|事業部門?|事业部门?", match.group()) else None
        if joined and not _a_dictionary_word(joined.group()[-2:]):  # 涉及, 参与: no joiner
            # 雲與智慧產業事業群, 平台與內容事業群: the words before the joiner too
            name, start = joined.group() + name, joined.start()
        if name and not is_generic_head(fold(name)) and not (name[-1].isascii() and
                                                              match.group()[0].isascii()) \
                and fold(name) not in {fold(g) for g in _GENERIC} and not _common_word(name):
            whole = name if re.search(r"\bLabs?$", name) else name + match.group()  # Labs實驗室
            yield whole, start, _institute_class(whole), "unit-suffix"


#: one item of a list of products each with its maker in brackets: 文心一言(百度), Kimi 智能助手(月之暗面)
_MADE_ITEM = re.compile(r"(?P<product>[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9 .-]{0,11}?)\s?"
                        r"[(（](?P<maker>[\u4e00-\u9fff]{2,6}|[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)[)）]")
#: what opens a list's first item (a clause's start, a separator)
_ITEM_OPEN = re.compile(r"(?:^|(?<=[、,，:：;；\s“「]))")


def _products_with_makers(text: str):
    """(name, start, class, found_by) of products listed, two or more, each with its maker in
    brackets (豆包(字节跳动)、文心一言(百度)、天工(昆仑万维)): the product, and its maker as a
    company. One item alone (蘋果公司(Apple), PCG(平台與內容事業群)) is a gloss, not a maker."""
    item = _ITEM_OPEN.pattern + _MADE_ITEM.pattern
    for match in re.finditer(f"{item}(?:、{item.replace('?P<product>', '?:').replace('?P<maker>', '?:')})+",
                             text):
        for one in _MADE_ITEM.finditer(text, match.start(), match.end()):
            maker = one.group("maker")
            if re.search(_UNIT_SUFFIX + "$|" + _GROUP_SUFFIX + "$", maker) or \
                    not is_name(maker) or is_generic_head(fold(maker)):
                continue  # a unit or a word in brackets: no maker
            yield one.group("product").strip(), one.start("product"), "Product", "product-maker"
            yield maker, one.start("maker"), "Company", "maker"


#: a listing's code in brackets after a name: 商湯科技（00020.HK）, 雲從科技(688327.SH)
_STOCK_CODE = re.compile(r"[（(](?:[0-9]{4,6}\.(?:HK|SH|SZ|BJ|TW|KS|T)|(?:NASDAQ|NYSE|HKEX|SEHK|"
                         r"港交所|港股|美股|A股)[:：]\s?[A-Z0-9.]{1,8})[)）]")
#: a verb of joining or taking a post in an organisation: 加盟阿里巴巴, 出任阿里雲副總裁
_JOINS = re.compile(r"(?P<joins>加盟|入職|入职|就職於|就职于|任職於|任职于|跳槽至|跳槽到)|"
                    r"(?P<takes>出任|擔任|担任|接任)")
#: a post's modifier between an organisation and its title: 阿里雲智能集團資深副總裁
_POST_MODIFIER = re.compile(r"(?:資深|资深|高級|高级|常務|常务|首席|前任|前|原|現任|现任|聯席|联席|副)+$")


#: a title, then what starts a person's name (火山引擎總裁譚待一步到位...): a post in what precedes
_TITLE_THEN_PERSON = re.compile(rf"(?<!兼)(?:{_TITLES})(?:兼(?:{_TITLES}))*(?=[{_SURNAMES}][\u4e00-\u9fff])")


def _organisations_by_post(text: str):
    """(name, start, "Company", found_by) of organisations named by a post or a listing:
    the name before a title that a person's name follows (火山引擎總裁譚待), after a verb of
    joining or taking a post (加盟阿里巴巴, 出任阿里雲副總裁), before a stock code in
    brackets (海康威視（002415.SZ）)."""
    for match in _TITLE_THEN_PERSON.finditer(text):
        end = match.start()
        modifier = _POST_MODIFIER.search(text, max(0, end - 3), end)
        name, start = _name_before(text, modifier.start() if modifier else end)
        # units: by their suffix; 財務與會計副總裁: a function of the company, no name
        if len(name) >= 2 and _post_class(name) == "Company" and not _common_word(name):
            yield name, start, "Company", "post"
    for match in _JOINS.finditer(text):
        name = _name_after(text, match.end())
        title = re.search(rf"(?:{_TITLES})", name)
        if title:
            name = name[:title.start()]
            name = name[:_POST_MODIFIER.search(name).start()] if _POST_MODIFIER.search(name) else name
        elif match.group("takes"):
            continue  # 擔任代表: a role taken, no organisation named
        if len(name) >= 2:
            yield name, match.end(), _post_class(name), "post"
    for match in _STOCK_CODE.finditer(text):
        name, start = _name_before(text, match.start())
        if len(name) >= 2 and not _common_word(name):  # 雲從|科技: a name cut short
            yield name, start, "Company", "listing"


def _post_class(name: str) -> str:
    """The class of what a post is in: a unit by its suffix (物聯網事業群總裁), else a company."""
    if re.search(r"(?:事業群|事业群|事業羣|事業|事业)$", name):
        return "BusinessGroup"
    # 企業投資部副總裁: a department by its 部 (a company's name never ends in it)
    return "Department" if re.search(_UNIT_SUFFIX + "$|[部]$", name) else "Company"


#: a reporter's or an editor's title: what is before it is an outlet, who is after it a person
_REPORTER = r"(?:記者|记者|特約記者|特约记者|編輯|编辑|主編|主编|研究員|研究员|撰稿人)"
#: an outlet in book-title marks (《財經》, 外媒《彭博社》) before what an outlet does, or a source
_MEDIA_MARKED = re.compile(rf"《(?P<marked>[^《》\n]{{2,12}})》(?:[(（][A-Za-z .]+[)）])?\s?(?=報導|報道|报道|报导|"
                           rf"{_REPORTER}|引述|援引|消息|指出|稱|称|披露)|"
                           r"(?:外媒|媒體|媒体|據|据)《(?P<after_kind>[^《》\n]{2,12})》|"
                           r"(?:資料來源|资料来源|來源|来源|消息來源|消息来源)\s?[:：]\s?"
                           r"(?P<source>[\u4e00-\u9fffA-Za-z]{2,10})(?=[)）\s。\n]|$)|"
                           r"接受(?P<interview>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:等媒體|等媒体)?(?:採訪|采访|專訪|专访)")
#: a byline: 作者 | 《財經》新媒體 高素英, 編輯 | 王婧雅, 文:李明 (the outlet, then its people)
_BYLINE = re.compile(rf"(?:作者|撰文|文|{_REPORTER}|責編|责编)\s?[|｜丨:：]\s?(?:《(?P<outlet>[^《》\n]{{2,12}})》"
                     rf"[\u4e00-\u9fff]{{0,4}}\s)?(?P<name>[{_SURNAMES}][\u4e00-\u9fff]{{1,2}})(?=[\s|｜丨,，;；]|$)")
_REPORTER_PERSON = re.compile(rf"{_REPORTER}\s?(?P<name>[{_SURNAMES}][\u4e00-\u9fff]{{1,2}})"
                              r"(?=[^\u4e00-\u9fff]|報導|報道|报道|$)")


def _media_outlets(text: str):
    """(name, start, class, found_by) of outlets and their people: the outlet before its
    reporter's title and the reporter after it (匯流新聞網記者藍立晴 / 台北報導, 《財經》研究員
    吳俊宇), an outlet in book-title marks before a report or after 外媒, a named source
    (資料來源：中央社), an interview given to it (接受澎湃新聞等媒體採訪), a byline's people."""
    for match in _REPORTER_PERSON.finditer(text):
        yield match.group("name"), match.start("name"), "Person", "title"
        name, start = _name_before(text, match.start())
        if len(name) >= 2:
            yield name, start, "MediaOutlet", "report"
    for match in _BYLINE.finditer(text):
        yield match.group("name"), match.start("name"), "Person", "title"
        if match.group("outlet"):
            yield match.group("outlet"), match.start("outlet"), "MediaOutlet", "report"
    for match in _MEDIA_MARKED.finditer(text):
        group = next(g for g in ("marked", "after_kind", "source", "interview") if match.group(g))
        yield match.group(group), match.start(group), "MediaOutlet", "report"


#: what ends a product's name: 文心大模型, 星火App
_PRODUCT_END = re.compile(r"(?:大模型|模型|App|APP|應用|应用|助手)$")


def _owner_and_product(name: str, start: int):
    """The owner before 旗下 as a company; when it ends in a product's head and opens with a
    noun of the dictionary (百度文心大模型旗下), that noun is the company and the rest its
    product."""
    if not _PRODUCT_END.search(name) or not HAN.match(name[:1]):
        yield name, start, "Company", "context"
        return
    tokens = _tokens(name)
    rest = name[len(tokens[0]):] if tokens else ""
    if len(tokens[0]) >= 2 and _tags().get(fold(tokens[0]), "x") in _PROPER_TAGS | {"n"} and \
            len(_PRODUCT_END.sub("", rest)) >= 2:
        yield tokens[0], start, "Company", "context"
        yield name[len(tokens[0]):], start + len(tokens[0]), "Product", "owned"


def _latin_listed(text: str, pos: int):
    """The Latin names of a list that starts at ``pos`` (ENIRE Speed、ENIRE Lite), as products."""
    while True:
        item = re.compile(r"[A-Z][A-Za-z0-9.-]*(?: [A-Z0-9][A-Za-z0-9.-]*)?(?![A-Za-z0-9])").match(text, pos)
        if not item:
            return
        yield item.group(), pos, "Product", "owned"
        joiner = re.compile(r"[、和及與与]|以及").match(text, item.end())
        if not joiner:
            return
        pos = joiner.end()


def _kinds_named(text: str):
    """(name, start, "Company", found_by) of organisations named after their kind: a list
    after 客戶包括 / 芯片包括 (every item up to 等 or the clause's end), and a name right
    after a kind of company when a list or the clause goes on after it (具身智能公司银河机器人、
    多模态大模型公司智象未来和...)."""
    for match in _KIND_LIST.finditer(text):
        yield from _listed_after(text, match.end())
    for match in _KIND_BEFORE.finditer(text):
        name = _name_after(text, match.end())
        rest = text[match.end() + len(name):match.end() + len(name) + 3]
        latin = re.match(r"[A-Za-z][A-Za-z0-9.&-]*(?: [A-Z][A-Za-z0-9.&-]*)*", text[match.end():match.end() + 100])
        if latin and (len(latin.group()) < 2 or not re.search("[A-Z]", latin.group())):
            latin = None
        if latin:  # 調研機構IDC數據顯示: a Latin name ends where its letters do
            yield latin.group(), match.end(), "Company", "kind"
        elif name and len(name) <= 8 and re.match(r"[、和及与與等，,。；;）)]|以及|$", rest) and \
                not _common_word(name) and not _opens_with_verb(name) and not _a_predicate(name):
            yield name, match.end(), "Company", "kind"


def _a_predicate(name: str) -> bool:
    """Whether a Chinese ``name`` reads as what its subject does, not who it is: an idiom of
    the dictionary (公司高度重視), or a verb after an adverb (公司積極推進, 公司持續關注)."""
    tags = [_tags().get(fold(t), "x") for t in _tokens(name)] if HAN.match(name) else []
    return tags in (["l"], ["i"]) or len(tags) == 2 and tags[0] in ("ad", "vd", "d") and \
        tags[1][:1] == "v"


_OWNER_CUE = re.compile(r"(?:董事長|董事长|董事會|董事会|創始人|创始人|聯合創始人|联合创始人|旗下|財報|财报|"
                        r"股價|股价|市值|CEO|首席執行官|首席执行官|總裁|总裁)")


def _owner_cue_after(text: str, name: str) -> bool:
    """Whether ``name`` is followed, somewhere in ``text``, by what only an organisation has
    (its chairman, its founder, its results, its units): 百度董事長, 苹果CEO."""
    key = fold(name)
    if key in _SUFFIX_PIECES or key in _GENERIC_KEYS or is_generic_head(key):
        return False  # 科技 of 云从科技董事长
    return any(_OWNER_CUE.match(text, m.end()) and not HAN.match(text[m.start() - 1:m.start()])
               for m in re.finditer(re.escape(name), text))


def _words_of_the_sentence(text: str, start: int, name: str, cls: str) -> bool:
    """Whether ``name`` at ``start`` is words of its sentence, not a name: a phrase (牢牢掌控公司,
    令兩間公司, 劉揚偉昨日), a suffix that is part of a longer word (小艺终端智能体: an agent),
    a period or a model number proposed as an organisation (公司H1营收, 與M20芯片)."""
    if HAN.match(name) and _reads_as_phrase(name):
        return True
    # 智能体, 智能化; “具身智能” 机器人: a kind of the product named after it
    if name.endswith("智能") and re.match(rf"[”」\"]?\s?(?:[体體化型]|{_PRODUCT_KIND_HEADS})",
                                         text[start + len(name):start + len(name) + 8]):
        return True
    return cls != "Product" and _period_or_model(text, name)


#: a count or a demonstrative with its measure word (兩間, 这场, 一家): a phrase's, never in a name
_COUNTED_PIECE = re.compile(r"[一二两三四五六七八九十几数这那该每某各][间家个场次位名]|"
                            r"^(?:财季|季度|财年|年度|半年|全年|当季|本季|上季|今季|现时|当前|目前|如今)|"  # 第三财季集团
                            r"..(?:昨日|今日|昨天|今天|日前|近日|早前|此前|当日|同日)$")  # 劉揚偉昨日


def _reads_as_phrase(name: str) -> bool:
    """Whether a Chinese ``name`` reads as a piece of its sentence: it opens with an adverb
    (牢牢掌控公司, 才是这场), ends with a word of time (劉揚偉昨日), or holds a count or a
    demonstrative with its measure word (令兩間公司), or opens with a period (财季集团)."""
    tokens = _tokens(name)
    if not tokens or _COUNTED_PIECE.search(fold(name)):
        return bool(tokens)
    return _tags().get(fold(tokens[0]), "x")[:1] == "d"


def _opens_with_verb(name: str) -> bool:
    """Whether ``name`` opens with a verb, an adverb or a preposition (进行洽谈, 開展業務):
    a phrase, no name."""
    tokens = _tokens(name)
    if not tokens or len(tokens[0]) < 2:
        return False
    tag = _tags().get(fold(tokens[0]), "x")
    if tag in ("x", "n") and len(tokens[0]) > 2:  # 开展业务, a verb and its object as one noun
        tag = _tags().get(fold(tokens[0][:2]), tag)
    return tag[:1] in set("vdpc")


def _listed_after(text: str, pos: int):
    """The names of a list that starts at ``pos`` (A、B和C等), each as an organisation."""
    while True:
        name = _name_after(text, pos)
        if not name or len(name) > 10:
            return
        yield name, pos, "Company", "context"
        pos += len(name)
        joiner = re.match(r"[、和及与與]|以及", text[pos:pos + 100])
        if not joiner:
            return
        pos += joiner.end()


def _unit_class(name: str) -> str:
    """A unit's class by its suffix: a 事業群 or a 業務集團 groups businesses; a 事業部, a 部門,
    a lab is a department."""
    return "BusinessGroup" if re.search(r"事[業业][群羣]$|[業业][務务]集[團团]$", name) else "Department"


def _layoffs(text: str):
    """(name, start, "Layoff", found_by) of the first layoff named with its modifier
    (新一輪裁員, 大規模裁員) after a company in the same sentence (its carrier)."""
    for match in _LAYOFF_RE.finditer(text):
        sentence = re.split(r"[。！？!?\n]", text[:match.start()])[-1]
        if find_organisations(sentence) or re.search(r"[\u4e00-\u9fff]{2,}(?:近日|日前|已|将|將|"
                                                     r"宣布|啟動|启动|開始|开始|進行|进行)",
                                                     sentence):
            yield match.group("name"), match.start("name"), "Layoff", "event"
            return


#: a period right before a cue (on folded text): 三季度, 2025年上半年, 全年
_PERIOD_BEFORE_CUE = re.compile(r"(?:(?:19|20)[0-9]{2}年?)?(?:第?[一二三四1-4]季度?|[上下]半年|全年|前三季度?|"
                                r"今年|去年|本季度?)$")


def _repeated_names(text: str):
    """(name, start, class) of Chinese names written twice or more, once right before a cue
    (小马智行联合创始人, 出門問問表示) and once after a boundary: units (a Han character, a
    Latin word) before each cue, longest first, never part of a longer one as frequent."""
    folded = fold(text)
    counts: Counter = Counter()
    ends_at: dict[str, list[tuple[int, bool]]] = {}
    for cue in _REPEAT_CUE.finditer(folded):
        run = re.search(r"[\u4e00-\u9fffa-z0-9]{1,24}$", folded[max(0, cue.start() - 24):cue.start()])
        if not run:
            continue
        # 库卡三季度财报: the period between the name and its cue is no part of the name
        period = _PERIOD_BEFORE_CUE.search(run.group())
        named = run.group()[:period.start()] if period else run.group()
        if period and named and _tags().get(fold(_tokens(named)[-1]), "x")[:1] == "v":
            continue  # 云启智能发布2024年上半年财报: a verb before the period, the cue is its object's
        units = _UNIT.findall(named)
        for n in range(min(6, len(units)), 0, -1):
            key = "".join(units[-n:])
            if len(key) >= 2 and HAN.search(key):
                ends_at.setdefault(key, []).append((cue.start(), bool(cue.group("say"))))
    taken: list[tuple[str, int]] = []
    for key in sorted(ends_at, key=len, reverse=True):
        starts = _occurrences(folded, key)
        counts[key] = len(starts)
        if len(starts) < 2 or any(key in k and counts[k] >= len(starts) for k, _ in taken):
            continue
        if not any(_REPEAT_LEFT.search(folded[max(0, s - 4):s]) for s, _ in starts):
            continue
        first = starts[0][0]
        name = text[first:first + len(key)]
        say_only = all(say for _, say in ends_at[key])
        person = 2 <= len(name) <= 3 and (say_only and name[0] in _SURNAMES or
                                            _person_cued(text, name))
        taken.append((key, first))
        yield name, first, "Person" if person else "Company"


#: what only a person does right after their name, an adverb or two between: takes up a post
#: (吳泳銘上任, 印奇当选, 印奇正式出任)
_PERSON_ONLY_AFTER = re.compile(r"(?:正式|将|將|同时|同時|已|已经|已經|再次|也|亦|曾|曾经|曾經|即将|即將|"
                                r"先后|先後){0,3}(?:上任|上台|上臺|當選|当选|擔任|担任|出任|兼任|身兼|接任|卸任|先生|女士|"
                                r"說道|说道|本人)")


def _person_cued(text: str, name: str) -> bool:
    """Whether a Chinese name is a person's by what stands beside it somewhere in ``text``: a
    title right before it (CEO印奇) or a verb only a person does right after it (吳泳銘上任),
    and never an organisation's cue right after it (百度董事長)."""
    person = False
    for match in re.finditer(re.escape(name), text):
        if _OWNER_CUE.match(text, match.end()):
            return False
        person = person or bool(_PERSON_ONLY_AFTER.match(text, match.end()) or _TITLE_BEFORE.search(
            text, max(0, match.start() - 12), match.start()))
    return person


def _without_fragments(candidates: list[Candidate], text: str,
                       mentions: list[Mention]) -> list[Candidate]:
    """The candidates that are not fragments: a name goes when every one of its occurrences
    is inside a longer candidate or a known name (云从 in 云从科技; not 华为 beside 华为云)."""
    folded = fold(text)
    found = {id(c): _occurrences(folded, fold(c.name)) for c in candidates}
    names = {fold(n) for o in candidates for n in (o.name, *o.short)}  # short names too:
    spans = {n: _occurrences(folded, n) for n in names}  # 科技 in 曠視科技 (of 曠視科技有限公司)
    out = []
    for c in candidates:
        if c.alias_of is None:
            longer = [span for n in names if len(n) > len(c.name)
                      for span in spans[n]] + [(m.start, m.end) for m in mentions]
            if all(any(s <= start and end <= e for s, e in longer)
                   for start, end in found[id(c)]):
                continue
        out.append(c)
    return out


def _occurrences(folded: str, key: str) -> list[tuple[int, int]]:
    out, at = [], folded.find(key)
    while at >= 0:
        out.append((at, at + len(key)))
        at = folded.find(key, at + len(key))
    return out


_LATIN_ORG_AFTER = re.compile(rf"\s?(?:[\u4e00-\u9fff]{{0,8}}?(?:{_TITLES})|"
                              r"(?:推出|發布|发布|宣布|旗下|收購|收购|投資|投资|的CEO|執行長|执行长))")


#: what a product is, right before its name: 模型Qwen3, 芯片M100, 車型X9
_PRODUCT_KIND_BEFORE = re.compile(r"(?:模型|芯片|晶片|App|APP|操作系统|作業系統|車型|车型)$")


def _class_from_context(text: str, name: str, cls: str) -> str | None:
    """The class that the words around ``name`` give it: a product when one of its
    occurrences follows what a product is (模型Qwen3), an organisation when one is followed
    by what organisations do (推出, 旗下, 的CEO, 等公司), a person when followed by a verb of
    saying or preceded by a title; ``None`` for a person's name that has neither (jieba's tag
    alone is weak)."""
    org = person = product = False
    for match in re.finditer(re.escape(name), text):
        if _PRODUCT_KIND_BEFORE.search(text, max(0, match.start() - 6), match.start()) and \
                not re.match(r"[-A-Za-z0-9]", text[match.end():match.end() + 1]):
            product = True  # 模型Qwen3; not Qwen of 模型Qwen-Long, a piece of a longer name
        after = text[match.end():match.end() + 12]
        after = re.sub(r"^(?:[、,，和与與及][^、,，。]{1,8}?)*(?=等)", "", after)
        listing = _ORG_AFTER.match(after) and after.startswith("上市") and \
            re.search(r"(?:在|于|於|登陸|登陆)[\u4e00-\u9fff]{0,4}$",
                      text[max(0, match.start() - 8):match.start()])  # 在纳斯达克上市: a place
        if (_ORG_AFTER.match(after) and not listing) or \
                re.match(r"的(?:CEO|首席|董事|創始人|创始人|總裁|总裁)", after):
            org = True
        # a Latin name in a Chinese text, a space or one of its units before a title:
        # Google 執行長, Google硬體資深副總裁 (a person has no vice president)
        if name.isascii() and (_LATIN_ORG_AFTER.match(text, match.end()) and not listing):
            org = True
        if _PERSON_AFTER.match(after) or _TITLE_BEFORE.search(
                text, max(0, match.start() - 12), match.start()):
            person = True
    if product and not person:  # 通义千问模型Qwen3 ... Qwen3发布: a model, whatever follows it
        return "Product"
    if org and not person:
        return "Company"
    if person and not org and cls != "Company" and HAN.match(name):
        return "Person"
    return None


_EN_ORG_BEFORE = re.compile(r"(?:\b[Rr]ivals?|\b[Aa]nalysts at|\bpartners? with|\bpartnership with|"
                            r"\bcompetes? with|\binvest(?:s|ed|ing)? in|\bstake in|\bacquir(?:e|es|ed|ing)|"
                            r"\bbacked by|\bled by|\bunit of|\bsubsidiary of|\bclients? of|"
                            r"\bcustomers? of|\bsuppliers? to|\bteamed up with|\btie-up with|"
                            r"\b(?:collaborat|cooperat)\w* with|\b(?:deal|agreement|partnership) with|"
                            # who holds a post in it, who made it: chairman of X, developed by X
                            r"\b(?:[Cc]hairman|[Cc]hairwoman|[Cc]hief executive|CEO|CFO|CTO|[Pp]resident|"
                            r"[Ff]ounder|[Cc]o-?founder|[Ee]xecutives?|[Ee]mployees?) (?:of|at)|"
                            r"\b(?:developed|built|made|owned|operated|backed)\s+(?:jointly\s+)?by"
                            r"(?:\s+[A-Z][\w.-]*){1,3},?\s+(?:and|&)|"
                            r"\b(?:developed|built|made|owned|operated)\s+(?:jointly\s+)?by)\s+(?:the\s+)?$")
_EN_ORG_AFTER = re.compile(r"(?:'s|’s)\s+(?:shares?|share price|revenue|profit|chief|CEO|founder|unit|"
                           r"subsidiary|rival|stock|results|board|chairman|chairwoman|president|"
                           r"market value|valuation)|\s+(?:said|says|reported|announced|launched|"
                           r"unveiled|released|shares|stock|executives?|employees?|engineers?|"
                           r"spokes(?:person|man|woman)|raised|has raised|brought in|secured|"
                           r"has confirmed|confirmed)\b|"
                           # counts Geely among its customers
                           r"\s+(?:as|among)\s+(?:its|their|our)\s+(?:biggest\s+|largest\s+|major\s+)?"
                           r"(?:customers|clients|partners|investors|backers|shareholders|suppliers)\b|,\s+(?:which|that)\s+(?:develops|makes|builds|"
                           r"designs|provides|offers|sells|operates|runs|owns|has)\b")
_EN_SAID = re.compile(r"\s+(?:said|says|told|added|noted|wrote)\b")
#: what a product is, right after its name: the Qwen models, the Ernie chatbot, Kimi app
_EN_PRODUCT_AFTER = re.compile(r"\s+(?:AI\s+)?(?:models?|model family|API|APIs|chatbots?|apps?|"
                               r"application|assistant|LLMs?|large language models?|smartphones?|"
                               r"robotaxis?|operating system|series|"
                               # the TikTok owner, the ChatGPT maker: what the product's owner is
                               r"owner|parent|maker|developer|creator)\b")
#: what a product is, right before its name: the AI chatbot Qwen, the model Kimi
_EN_PRODUCT_BEFORE = re.compile(r"\b(?:chatbot|model|app|assistant|smartphone|LLM)\s+$")
#: an owner's possessive before a name: Alibaba's Qwen, OpenAI's ChatGPT (the owner's name)
_EN_OWNER_BEFORE = re.compile(r"\b(?P<owner>[A-Z][\w.-]*[A-Za-z0-9])(?:'s|’s)\s+$")
#: what a unit is, right after its name: ByteDance's Volcano Engine unit
_EN_UNIT_AFTER = re.compile(r"\s+(?:unit|division|business unit|arm)\b")
#: a unit's name, when an owner comes before it: its Cloud Intelligence Group, Alibaba's X Lab
_EN_UNIT_NAME = re.compile(r"\b(?:Group|Division|Unit|Labs?)$")
#: a unit named at its organisation: "the Programmable Solutions Group at Intel"
_EN_UNIT_AT = re.compile(r"\bthe\s+$")
_EN_AT_ORG = re.compile(r"\s+(?:at|of)\s+(?:the\s+)?[A-Z]")


def _unit_at(text: str, name: str, start: int) -> bool:
    """Whether an English group's name is written at its organisation: "the Programmable
    Solutions Group at Intel" (a unit), not "Alibaba Group" alone (a company)."""
    return bool(" " in name and re.search(r"\s(?:Group|Division|Unit)$", name)
                and _EN_UNIT_AT.search(text, max(0, start - 4), start)
                and _EN_AT_ORG.match(text, start + len(name)))


#: a word in capitals right before a capitalised name (ERNIE Bot), and the capitals that are
#: a title or a place before one (CEO Robin Li, US Steel is a name but US Treasury Secretary...)
_EN_CAPS_BEFORE = re.compile(r"\b([A-Z]{2,}[0-9]*) $")
_EN_CAPS_NOT_NAME = frozenset("""CEO CFO CTO COO CIO CMO CSO CPO EVP SVP VP MD GM AI US USA UK EU
HK PRC UN IPO AGM ETF SEO API SDK GPU CPU LLM PC TV ESG IT AM PM""".split())


def _english_names(text: str):
    """(name, start, class) of capitalised English names: ending in Inc, Group, Cloud, AI,
    Robotics, Partners... (an organisation; a university or a ministry is none); else, in an
    English text, a person's two names with a cue (before "said", after a title, before an
    apposition naming what they are, after "founded by"), and other names before or after
    what organisations do (rival X, startup X, X said, X, which develops, X's shares) or
    written twice (ByteDance ... ByteDance); names listed before a product's head
    ("including Pixel, Nest and Fitbit products") are products. In a Chinese text other
    Latin names need jieba's context."""
    han = bool(HAN.search(text))
    for match in _EN_NAME.finditer(text):
        words = match.group().split()
        while words and words[0] in _EN_STOP:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        start = match.start() + match.group().index(words[0])
        caps = _EN_CAPS_BEFORE.search(text, max(0, start - 12), start)
        if caps and caps.group(1) not in _EN_CAPS_NOT_NAME:
            # ERNIE Bot, NIO House: the capitals begin the name (Bot is no company)
            name, start = text[caps.start(1):start] + name, caps.start(1)
        if _EN_NOT_COMPANY.search(name) or re.match(r"\s+family\b", text[start + len(name):]):
            continue  # the Pinault family: people, no organisation
        if name.endswith(" AI") and _EN_PRODUCT_AFTER.match(text, start + len(name)):
            yield name[:-3], start, "Product"  # the Qwen AI application: Qwen
            continue
        if len(words) >= 2 and _EN_MEDIA_END.search(name):
            yield name, start, "MediaOutlet"  # the South China Morning Post, the Financial Times
            continue
        if _EN_ORG.search(name):
            owned = re.search(r"(?:\b(?:its|their)|[A-Z][\w.-]*[A-Za-z0-9](?:'s|’s))\s+$",
                              text[max(0, start - 40):start])
            unit = (owned or _unit_at(text, name, start)) and _EN_UNIT_NAME.search(name) and " " in name
            # its Cloud Intelligence Group, Alibaba's Damo Lab: a unit of the owner
            yield name, start, ("Department" if name.endswith(("Lab", "Labs")) else
                                "BusinessGroup") if unit else "Company"
            continue
        if han:
            continue
        cls = _english_class(text, name, start)
        if cls:
            yield name, start, cls
    for match in _EN_DOTCOM.finditer(text):
        yield match.group(), match.start(), "Company"
    if not han:
        for match in _EN_MADE_BY.finditer(text):
            yield match.group("latin"), match.start("latin"), "Product"
        for match in _EN_ORG_LIST.finditer(text):
            for item in re.finditer(r"[A-Z][A-Za-z0-9-]+(?:\s+[A-Z][A-Za-z0-9-]+)?",
                                    match.group("items")):
                if item.group() not in _EN_STOP and item.group() not in _EN_PLACES:
                    yield item.group(), match.start("items") + item.start(), "Company"
        for match in _EN_PRODUCT_LIST.finditer(text):
            for item in re.finditer(r"[A-Z][A-Za-z0-9-]+(?:\s+[A-Z][A-Za-z0-9-]+)?",
                                    match.group("items")):
                yield item.group(), match.start("items") + item.start(), "Product"


#: the names listed after what only organisations are to one another: "collaborating with
#: major tech players, including Microsoft, Oracle, SoftBank, and Stargate"
_EN_ORG_LIST = re.compile(r"\b(?i:partners?|partnerships?|collaborat\w*|cooperat\w*|rivals?|competitors?|"
                          r"customers?|clients?|investors?|backers?|players|companies|firms|giants)\b"
                          r"[^.;:]{0,40}?\b(?:including|such as|like|led by)\s+"
                          r"(?P<items>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?(?:,\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)*"
                          r",?\s+(?:and|or)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)")
#: a product named by who makes it: "OpenAI, the developer of ChatGPT"
_EN_MADE_BY = re.compile(r"\b(?:the\s+)?(?:developer|maker|creator)\s+of\s+(?:the\s+)?"
                         r"(?P<latin>[A-Z][A-Za-z0-9-]*[A-Za-z0-9])(?![\w-]*\s+(?:Inc|Ltd|Group|Corp))")
#: place words: a name with one is no person's (Sequoia China)
_EN_PLACES = frozenset({"China", "Asia", "America", "Europe", "Japan", "India", "Korea",
                        "Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Singapore", "Taiwan"})
#: how the name of a newspaper, an agency or a channel ends
_EN_MEDIA_END = re.compile(r"\s(?:Post|Times|Journal|Daily|Herald|Tribune|Gazette|Weekly|Telegraph|"
                           r"Chronicle|News|Press|Economist)$")
#: a name ending in .com, .ai, .io (JD.com, Pony.ai)
_EN_DOTCOM = re.compile(r"\b[A-Z][A-Za-z0-9]*\.(?:com|ai|io)\b")
#: names listed before a product's head: "including Pixel, Nest, and Fitbit products"
_EN_PRODUCT_LIST = re.compile(r"\b(?:including|such as|like)\s+(?P<items>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?"
                              r"(?:,\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)*,?\s+(?:and|or)\s+"
                              r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s+(?:products|devices|apps|brands|"
                              r"models|phones|smartphones|services|chips)\b")
#: a kind of organisation right before its name: "AI startup, Frontis", "chip maker Intellifusion"
_EN_KIND_BEFORE = re.compile(r"\b(?:start-?up|company|firm|maker|developer|giant|unicorn|"
                             r"conglomerate|operator|provider|platform)s?,?\s+$")


def _english_class(text: str, name: str, start: int) -> str | None:
    """The class the words around an English name give it, or None (no cue, written once).
    The cues of every occurrence count: a unit (X's Volcano Engine unit), a product (the Qwen
    models, the AI chatbot Qwen, OpenAI's ChatGPT), an organisation (rival X, chairman of X,
    developed by X and Y, X's share price, X announced, X's Ernie); a name that is a
    person's shape needs a person's cue or a unit's or a product's."""
    words = name.split()
    before, after = text[max(0, start - 40):start], text[start + len(name):start + len(name) + 100]
    person = 2 <= len(words) <= 3 and all(re.fullmatch(r"(?:Mc|Mac|O')?[A-Z][a-z]+", w)
                                          and w not in _EN_STOP and w not in _EN_PLACES
                                          for w in words)
    if _names_an_institution(text, name):
        return None  # Tsinghua of Tsinghua University: no company
    sentence_start = start == 0 or re.search(r"(?:^|[.!?]\s+|\n)$", before)
    if len(words) == 1 and not sentence_start and not re.search(
            r"[A-Z].*[A-Z]|^[A-Z][a-z]{2,}$|^[a-z]+[A-Z]|^[0-9]", name):
        return None  # Wu said: a surname alone, a short word
    if _EN_ORG_BEFORE.search(before[-30:]):
        return "Company"  # rival X said: the cue before it outweighs a person's shape
    unit, product, company = _english_cues(text, name)
    if person:
        if _EN_SAID.match(after) or _EN_PERSON_AFTER.match(after) or \
                _EN_PERSON_BEFORE.search(before):
            return "Person"
        return "BusinessGroup" if unit else "Product" if product and not company else None
    if unit:
        return "BusinessGroup"
    if product and not company:
        return "Product"
    if _owned_speaker(text, name):
        return None  # Alibaba's Tsai said: a person named by the surname
    if company:
        return "Company"
    if len(_english_occurrences(text, name)) >= 2:
        return "Company"  # written twice, no cue: an organisation's name is the likeliest
    return None


# each name's occurrences and cues are read once per text (a name written n times is not
# read n times over: proposing stays linear in the text's length)
@lru_cache(maxsize=4096)
def _english_occurrences(text: str, name: str) -> tuple[re.Match, ...]:
    return tuple(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


@lru_cache(maxsize=4096)
def _names_an_institution(text: str, name: str) -> bool:
    return bool(re.search(rf"\b{re.escape(name)}\s+(?:University|College|Institute)\b", text))


@lru_cache(maxsize=4096)
def _english_cues(text: str, name: str) -> tuple[bool, bool, bool]:
    """(unit, product, organisation): whether some occurrence of ``name`` has the cue of one.
    An owner's possessive makes a product only of what never speaks and has no person's shape
    (Alibaba's Qwen; not Alibaba's Joe Tsai, nor Tsai who said)."""
    unit = product = owned_product = company = speaks = False
    for match in _english_occurrences(text, name):
        before, after = text[max(0, match.start() - 40):match.start()], text[match.end():match.end() + 100]
        owner = _EN_OWNER_BEFORE.search(before)
        owner = owner if owner and owner.group("owner") not in _EN_STOP | _EN_PLACES else None
        owned = owner or re.search(r"\b(?:its|their)\s+$", before)
        speaks = speaks or bool(_EN_SAID.match(after))
        if _EN_UNIT_AFTER.match(after) or (owned and _EN_UNIT_NAME.search(name)):
            unit = True
        elif _EN_PRODUCT_AFTER.match(after) or _EN_PRODUCT_BEFORE.search(before):
            product = True
        elif owner:
            owned_product = True
        if _EN_ORG_BEFORE.search(before[-30:]) or _EN_ORG_AFTER.match(after) or \
                _EN_KIND_BEFORE.search(before) or _EN_OWNER_AFTER.match(after):
            company = True
    person_shaped = bool(re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", name))
    return unit, product or (owned_product and not speaks and not person_shaped), company


@lru_cache(maxsize=4096)
def _owned_speaker(text: str, name: str) -> bool:
    """Whether ``name`` is written after an owner's possessive and speaks (Alibaba's Tsai said)."""
    occurrences = _english_occurrences(text, name)
    return any(_EN_SAID.match(text, m.end()) for m in occurrences) and any(
        _EN_OWNER_BEFORE.search(text, max(0, m.start() - 40), m.start()) for m in occurrences)


#: a name owning what follows it: X's Ernie, X's Cloud Intelligence Group (not X's Answer)
_EN_OWNER_AFTER = re.compile(r"(?:'s|’s)\s+(?=[A-Z][a-z]*[A-Z0-9]|[A-Z][a-z]+\b)(?!(?:The|A|An)\b)")


def organisation_spans(text: str, candidates: list[Candidate]) -> list[tuple[int, int]]:
    """``(start, end)`` of every occurrence of the organisations proposed, and of the names
    that look like organisations by their suffix: the other companies a text names, for
    linking generic names (``kg.inputs.mentions.Linker.find``)."""
    spans = set(find_organisations(text))
    folded = fold(text)
    for c in candidates:
        if c.cls in {"Company", "BusinessGroup"} and not c.alias_of:
            for name in (c.name, *c.short):
                spans.update(_occurrences(folded, fold(name)))
    return sorted(spans)


def _jieba_names(text: str):
    """(name, start, class, found_by) from jieba's segmentation with part-of-speech tags."""
    import logging

    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(logging.WARNING)
    # cut the Simplified fold of the Chinese characters (jieba's dictionary is Simplified: a
    # Traditional text would be cut character by character, slowly), read back as written
    folded = fold(text)
    simplified = "".join(f if HAN.match(c) else c for c, f in zip(text, folded))
    tokens, pos = [], 0
    for pair in posseg.cut(simplified):
        tokens.append((text[pos:pos + len(pair.word)], pair.flag, pos))
        pos += len(pair.word)
    i = 0
    while i < len(tokens):
        word, flag, start = tokens[i]
        if flag not in _NAME_FLAGS or not (HAN.search(word) or flag == "eng"):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1][1] in _NAME_FLAGS | {"vn", "b"}:
            j += 1
        run = tokens[i:j + 1]
        # trim to the last suffix piece, keeping at most 3 tokens before the suffix
        k = len(run) - 1
        while k >= 0 and run[k][0] not in _SUFFIX_PIECES:
            k -= 1
        first_suffix = k
        while first_suffix - 1 >= 0 and run[first_suffix - 1][0] in _SUFFIX_PIECES:
            first_suffix -= 1
        if k >= 0 and first_suffix >= 1:
            # the name's core: the token before the suffix, and more before it up to 4
            # characters, never a generic word (公司, 人工智能) or a place name
            head = first_suffix - 1
            core = len(run[head][0])
            while head >= 1 and run[head - 1][0] not in _GENERIC and \
                    run[head - 1][1] not in {"ns", "m"} and core + len(run[head - 1][0]) <= 4:
                head -= 1
                core += len(run[head][0])
            name = "".join(w for w, _, _ in run[head:k + 1])
            suffix = "".join(w for w, _, _ in run[first_suffix:k + 1])
            cls = next((c for s, c in _ORG_SUFFIXES.items() if suffix.endswith(s)), "Company")
            if HAN.search(run[first_suffix - 1][0]) or run[first_suffix - 1][1] == "eng":
                yield name, run[head][2], cls, "jieba+suffix"
        for word, flag, start in run:
            if flag in {"nr", "nrfg"} and 2 <= len(word) <= 4 and HAN.fullmatch(word[0]):
                yield word, start, "Person", "jieba"
            elif flag in {"nt", "nz"} and len(word) >= 2:
                yield word, start, "Company", "jieba"
            elif flag == "eng" and re.fullmatch(r"[A-Z][A-Za-z0-9]+", word) and len(word) >= 3:
                yield word, start, None, "jieba"  # a Latin name: its class only from context
        i = j + 1


# --- products, platforms and events named by their own shape or a list (issue 13) ------------

#: how a proposal of this region was found: a whole name, which may open with its maker's
#: (騰訊文件, OpenAI O3): a new product, never an alias of the maker
#: a unit named after a product or its company (千问事业部) is neither: no alias either
_WHOLE_NAMES = frozenset({"model-name", "product-list", "owned-model", "event", "unit-suffix",
                          "unit-gloss", "unit-function"})
#: a Latin model name with a digit in it, joined by hyphens or glued (Qwen3-Max, GPT-5-Chat,
#: DeepSeek-R1, GPT-4o); a period (Q2, H1, FY2025) is none, nor a 2 or 4 read as "to" or
#: "for" (B2B, AI4S)
_MODEL_NAME = re.compile(r"(?<![A-Za-z0-9_.+@/-])(?!(?:Q[1-4]|H[12]|FY\d*|(?i:top)\d+|[A-Z]+[24][A-Z]+)(?![A-Za-z0-9_]))"
                         r"(?P<name>(?=[A-Za-z0-9-]*\d)[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[A-Za-z]{2,}\d[A-Za-z0-9]*)"
                         r"(?![A-Za-z0-9_+@/]|-[A-Za-z0-9]|\.\d)")
#: a name, a space, then a version (ERNIE X1, DeepSeek R1, Llama 3.1, OpenAI O3), no amount
_MODEL_VERSION = re.compile(r"(?<![A-Za-z0-9_.-])(?!(?:Figure|Fig|Table|Chapter|Section|Page|Version|Step|"
                            r"Phase|Round|Part|Article|Item|Note|Appendix|Level|Stage|Grade|Class|"
                            r"Line|Gate|Terminal|Room|Flight|Route|Rule|Tier|Series|Season) )(?P<name>(?:[A-Z][A-Za-z]+|[a-z]+[A-Z][A-Za-z]*) "
                            r"(?:(?![QH][1-4](?![A-Za-z0-9]))[A-Z]\d{1,2}[a-z]?|\d{1,2}\.\d{1,2}))(?![A-Za-z0-9_.%])"
                            r"(?!\s*(?:percent|per|billion|million|trillion|bn|m|times|years?|"
                            r"months?|days?|yuan|dollars?)\b)")
#: a list of products closed by its kind: 元寶、ima、QQ瀏覽器等多款產品, ...等產品和應用
_PRODUCT_LIST_END = re.compile(r"等(?:[多幾几數数一二三四五六七八九十兩两0-9]+款)?(?:AI)?"
                               r"(?:產品|产品|應用|应用|App|APP|工具|軟件|软件)")
#: a list joiner before an item
_LIST_JOINER = re.compile(r"(?:[、和及与與]|以及)$")
#: a model named by its maker right before it: 騰訊混元大模型, 百度文心大模型
_OWNED_MODEL = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4}?(?:大模型|模型))")
#: what a model's head follows as a kind, no name: 多模態大模型, 自研大模型
_MODEL_KINDS = re.compile(r"^(?:多模[態态]|自研|開源|开源|國產|国产|通用|垂直|行業|行业|基礎|基础|預訓練|预训练|"
                          r"生成式|視覺|视觉|語言|语言|端側|端侧|推理|醫療|医疗|金融|千億|千亿|萬億|万亿|"
                          r"新一代|下一代|次世代|全新|最新|旗艦|旗舰|超大|大型|小型|該|该|這|这|其|"
                          # what a model does or reads, not its name: 長文本模型, 對話模型
                          r"長文本|长文本|文本|對話|对话|語音|语音|圖像|图像|影片|视频|視頻|代碼|代码|"
                          r"多語言|多语言|混合專家|混合专家)")
#: how an event's name ends
_EVENT_END = r"(?:開發者大會|开发者大会|大會|大会|峰會|峰会|論壇|论坛|發布會|发布会|發佈會|博覽會|博览会|年會|年会)"
#: an event named with its year or edition (2025雲棲大會, 第七屆世界智能大會) or in quotes
_EVENT_RE = re.compile(rf"(?P<year>(?<![0-9])(?:19|20)[0-9]{{2}}(?!年)|"
                       rf"(?:(?:19|20)[0-9]{{2}}年|第[一二三四五六七八九十百0-9]+[屆届]))"
                       rf"(?P<core>[\u4e00-\u9fffA-Za-z]{{2,12}}?{_EVENT_END})|"
                       rf"[“「\"《](?P<quoted>[^”」\"《》\n，,。]{{2,16}}{_EVENT_END})[”」\"》]")
#: a series of products: 思元系列加速卡, 思元系列新品 (the name before 系列)
_SERIES = re.compile(r"系列(?=的?(?:新品|產品|产品|芯片|晶片|加速卡|處理器|处理器|手機|手机|模型|大模型|汽車|汽车|"
                     r"車型|车型|服務器|服务器|顯卡|显卡|GPU))")
#: a name, AI, then a product's head: 先知AI平台
_AI_HEAD = re.compile(r"(?<=[\u4e00-\u9fff])AI(?P<head>平台|平臺|助手|大模型|模型|應用|应用|App|APP)")
#: a product's head, then its name: the facial recognition platform Face++, framework MegEngine
_EN_HEAD_NAME = re.compile(r"\b(?P<head>platform|framework|engine|chatbot|assistant|model|app)\s+"
                           r"(?P<name>[A-Z][A-Za-z0-9]*[A-Za-z0-9](?:\+\+?)?)(?![A-Za-z0-9_+-])")
#: an English event: the Xili Lake Forum, World Artificial Intelligence Conference
_EN_EVENT_RE = re.compile(r"(?<![\w-])(?P<name>(?:[A-Z][\w-]*\s+){1,4}(?:Conference|Summit|Forum|Expo))\b")


def _products_and_events(text: str, mentions: list[Mention], makers: list[str]):
    """(name, start, class, found_by) of products named by their own shape (a Latin model
    name with a digit, a name and its version), listed before their kind (A、B等產品), a model
    right after its maker (騰訊混元大模型), and events named with their year or edition, in
    quotes, or in English (2025雲棲大會, the Xili Lake Forum)."""
    for regex in (_MODEL_NAME, _MODEL_VERSION):
        for match in regex.finditer(text):
            yield match.group("name"), match.start("name"), "Product", "model-name"
    for match in _EN_HEAD_NAME.finditer(text):
        if match.group("name") not in _EN_STOP:
            yield match.group("name"), match.start("name"), \
                "Platform" if match.group("head") == "platform" else "Product", "model-name"
    if HAN.search(text):
        yield from _series_and_ai_heads(text)
        yield from _coded_products(text, mentions, makers)
        yield from _listed_products(text)
        yield from _owned_models(text, mentions, makers)
        yield from _events(text)
    for match in _EN_EVENT_RE.finditer(text):
        words = match.group("name").split()
        while words and words[0] in _EN_STOP:
            words.pop(0)
        if len(words) >= 2:
            name = " ".join(words)
            yield name, match.end("name") - len(name), "Event", "event"


def _series_and_ai_heads(text: str):
    """A series' name (思元系列加速卡: 思元) and a name with AI and a product's head (先知AI平台,
    whole), never a common word or a kind (產品系列, 生成式AI平台)."""
    for match in _SERIES.finditer(text):
        name, start = _name_before(text, match.start())  # not by nouns: 元 of 思元 is no count
        name, start = _after_last_verb(name, start)
        latin = re.search(r"(?<=[\u4e00-\u9fff])[A-Za-z][A-Za-z0-9 ]*$", name)
        if latin:  # 華為Mate系列: the maker's name, then the series'
            name, start = latin.group(), start + latin.start()
        if len(name) >= 2 and not _common_word(name) and not _MODEL_KINDS.search(name):
            yield name, start, "Product", "model-name"
    for match in _AI_HEAD.finditer(text):
        name, start = _after_last_verb(*_name_before(text, match.start(), nouns=True))
        if len(name) >= 2 and not _common_word(name) and not _MODEL_KINDS.search(name):
            cls = "Platform" if match.group("head") in ("平台", "平臺") else "Product"
            yield text[start:match.end()], start, cls, "model-name"


#: a model number: one to three capitals and digits (P7, H20, SU7, GB300), maybe a letter or two
_CODE = r"[A-Z]{1,3}[0-9]{1,4}[A-Za-z]{0,2}"
#: a period, no model: Q2, H1, FY2025
_PERIOD_CODE = re.compile(r"Q[1-4]|H[12]|FY[0-9]*")
#: a model number after a word of novelty (新款G6, 全新P7, 全新小鵬P7: its maker between)
_NEW_CODE = re.compile(rf"(?:新款|全新|新版本?|新一代|旗艦|旗舰|型號|型号)(?:[\u4e00-\u9fff]{{2,4}}?)?"
                       rf"(?<![A-Za-z0-9])(?P<name>{_CODE})(?![A-Za-z0-9])")
#: a model number before its kind of product: H2仿生机器人, GB300芯片 (a period never reads so)
_CODE_HEAD = re.compile(rf"(?<![A-Za-z0-9])(?P<name>{_CODE})(?:仿生|人形|四足|智能|旗艦|旗舰)?"
                        rf"(?:{_PRODUCT_KIND_HEADS})")
#: a further model number joined to one: G6和G9, P7及X9
_CODE_JOINED = re.compile(rf"(?:和|及|與|与|、|以及)(?P<name>{_CODE})(?![A-Za-z0-9])")
#: a Latin product name glued right after its maker's Chinese name: 特斯拉Optimus, 联想Qira,
#: 小鵬MONA M03 (a word with a digit may follow), 小米SU7 Ultra
_GLUED_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])(?P<name>[A-Za-z][A-Za-z0-9]*(?: (?=[A-Za-z0-9]*[0-9])"
                          r"[A-Z0-9][A-Za-z0-9]*| (?:Pro|Max|Ultra|Plus|Mini))?)(?![A-Za-z0-9])")


def _period_or_model(text: str, name: str) -> bool:
    """Whether ``name`` is a period written in capitals (H1, Q3, FY2025) or a model number
    written before its kind of product somewhere (M20芯片): no organisation's name."""
    if _PERIOD_CODE.fullmatch(name):
        return True
    return bool(re.fullmatch(_CODE, name)) and any(
        _CODE_HEAD.match(text, m.start()) for m in re.finditer(re.escape(name), text))


def _coded_products(text: str, mentions: list[Mention], makers: list[str]):
    """(name, start, class, "model-name") of products named by a model number after a word
    of novelty or before their kind (全新P7, H2仿生机器人), those joined to one (G6和G9), and
    Latin names glued after their maker's name (特斯拉Optimus; a platform if one follows:
    联想xIQ技术平台). A Latin word that is an abbreviation in capitals (腾讯AI, 英伟达GPU) or a
    word of the language is none."""
    coded = [m for regex in (_NEW_CODE, _CODE_HEAD) for m in regex.finditer(text)
             if regex is _CODE_HEAD or not _PERIOD_CODE.fullmatch(m.group("name"))]
    for match in coded:
        yield match.group("name"), match.start("name"), "Product", "model-name"
        pos = match.end("name")
        while (more := _CODE_JOINED.match(text, pos)) is not None:
            yield more.group("name"), more.start("name"), "Product", "model-name"
            pos = more.end()
    ends = {m.end for m in mentions}
    for match in _GLUED_LATIN.finditer(text):
        name, start = match.group("name"), match.start("name")
        word = name.split()[0]
        if (word.isupper() and not re.search(r"[0-9]", word)) or common_english(word.lower()) or \
                _PERIOD_CODE.fullmatch(word) or not _made_by(text, start, ends, makers):
            continue
        platform = re.match(r"(?:技术|技術)?(?:平台|平臺)", text[match.end():])
        yield name, start, "Platform" if platform else "Product", "model-name"


def _made_by(text: str, start: int, ends: set[int], makers: list[str]) -> bool:
    """Whether the Chinese written right before ``start`` ends with an organisation's name: a
    known one, a company of the gazetteer or one proposed (``makers``)."""
    if start in ends:
        return True
    before = re.search(r"[\u4e00-\u9fff]{2,8}$", text[max(0, start - 8):start])
    if before is None:
        return False
    pieces = [before.group()[-n:] for n in range(2, len(before.group()) + 1)]
    return any(p in makers or ((e := entry_named(p)) is not None and e.cls == "Company")
               for p in pieces)


def _listed_products(text: str):
    """The items of a list closed by a kind of product (騰訊將元寶、ima、QQ瀏覽器等多款產品):
    every item between the joiners, the first from after its verb or particle; never a
    common word (手機、電腦等產品)."""
    for match in _PRODUCT_LIST_END.finditer(text):
        end, items = match.start(), []
        while len(items) < 12:
            piece = re.search(r"(?:[\u4e00-\u9fffA-Za-z0-9]| (?=[A-Za-z0-9])){1,12}$",
                              text[max(0, end - 12):end])
            if not piece:
                break
            name, start = _name_before(text, end)
            if not name:
                break
            items.append((name, start))
            joiner = _LIST_JOINER.search(text, max(0, start - 2), start)
            if not joiner or start - len(joiner.group()) != joiner.start():
                break
            end = joiner.start()
        if len(items) < 2:
            continue  # one name before 等產品 is as likely a kind (智能手機等產品)
        for name, start in items:
            if name.isascii() or not _common_word(name):
                yield name, start, "Product", "product-list"


#: a verb of developing right before a model's name: 自主研發的萬語醫療大模型, 宣布研發X大模型
#: what is done to a model of one's own before its name: 自主研發的萬語醫療大模型, 開源文心大模型,
#: 繼續投入星火大模型
_DEVELOPED = re.compile(r"(?:自主研發|自主研发|自主開發|自主开发|自研|研發|研发|開發|开发|開源|开源|投入|"
                        r"訓練|训练|迭代|升級|升级)(?:的|了)?")


def _owned_models(text: str, mentions: list[Mention], makers: list[str]):
    """A model named right after its maker (騰訊混元大模型): the maker a known name, an
    organisation's by its suffix or one proposed; a kind of model (騰訊多模態大模型) is no name."""
    folded = fold(text)
    ends = {m.end for m in mentions} | {e for _, e in find_organisations(text)} | \
        {e for name in makers for _, e in _occurrences(folded, fold(name))} | \
        {m.end() for m in _DEVELOPED.finditer(text)}  # 自主研發的萬語醫療大模型
    for start in sorted(ends):
        match = _OWNED_MODEL.match(text, start)
        core = re.sub(r"大?模型$", "", match.group("name")) if match else ""
        if len(core) >= 2 and not _MODEL_KINDS.search(core) and not _common_word(core) and \
                "的" not in core:  # 開發自己的大模型: whose model, no name
            yield match.group("name"), start, "Product", "owned-model"


def _events(text: str):
    """Events named with their year or edition, or in quotes: 2025雲棲大會 (with its year, as
    written), 第七屆世界智能大會, "騰訊全球數字生態大會"; a kind alone (股東大會) is none."""
    for match in _EVENT_RE.finditer(text):
        if match.group("quoted"):
            yield match.group("quoted"), match.start("quoted"), "Event", "event"
            continue
        core = match.group("core")
        stem = re.sub(_EVENT_END + "$", "", core)
        if len(stem) < 2 or re.search(r"[的在和与與上]", stem) or _common_word(stem) or \
                _common_word(core):
            continue
        year = match.group("year")
        if year.isdigit():  # 2025雲棲大會: the year is part of the name as written
            yield year + core, match.start("year"), "Event", "event"
        else:
            yield core, match.start("core"), "Event", "event"


#: a Chinese personal name right where a title ends: the surname, one or two characters more
_NAME_AT = re.compile(rf"(?:{_COMPOUND_SURNAMES})[\u4e00-\u9fff]{{1,2}}|[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}")
_NAME_END_AT = re.compile(_PERSON_END)


def person_after_title(text: str, at: int) -> tuple[int, int] | None:
    """(start, end) of the Chinese name of a person that starts at ``at``, right after a title
    (董事長兼 CEO 王寧化身帶貨博主): the longest that a verb, particle or punctuation ends, else
    the one jieba tags a person's name (王寧 of 王寧化身, which no word list ends); None when
    ``at`` opens no name. Owned by the relation rules (kg.ingest.relations), which bind it to
    the post the title names."""
    match = _NAME_AT.match(fold(text[at:at + 3]))  # a slice: linear in the text's length
    if match is None:
        return None
    for end in range(at + match.end(), at + 1, -1):
        if _NAME_END_AT.match(text, end):
            return at, end
    # 董事長林百里昨(15)日預告 ... 林百里表示: the name written again a little further on,
    # where a verb ends it (within a bounded window: linear in the text's length)
    for end in range(at + match.end(), at + 1, -1):
        name, window = text[at:end], text[end:end + 2000]
        again = window.find(name)
        while again >= 0:
            if _NAME_END_AT.match(window, again + len(name)) and \
                    not _NAME_AT.match(fold(window[again - 1:again])):
                return at, end
            again = window.find(name, again + 1)
    import jieba.posseg as posseg

    _jieba()
    first = next(iter(posseg.cut(fold(text[at:at + 6]))), None)
    if first is not None and first.flag == "nr" and 2 <= len(first.word) <= 3:
        return at, at + len(first.word)
    return None


#: a unit's abbreviation in brackets after its name: 系統事業群（SYS BG）, 交通（EV BG）; BG is
#: a business group, BU a business unit, whatever words the name is made of
_UNIT_GLOSS = re.compile(r"[（(](?P<abbr>[A-Z]{1,6}[ -]?(?:BG|BU))[)）]")
#: the work a department does, then 部: 研發部, 海外銷售部 (not 部分, 部件, 部隊, 部長: a part,
#: a component, troops, a minister)
_FUNCTION_DEPARTMENT = re.compile(
    r"(?:研發|研发|銷售|销售|市場|市场|技術|技术|產品|产品|運營|运营|營運|营运|財務|财务|人力資源|"
    r"人力资源|法務|法务|硬件|硬體|軟件|软件|軟體|设计|設計|工程|戰略|战略|投資|投资|公關|公关|"
    r"客服|採購|采购|數據|数据|算法|供應鏈|供应链)部(?![分件隊队署落長长委屬属位下門门])")
#: what may open a department's name before its function (智能硬件, 海外, 大模型): no boundary,
#: particle or conjunction inside
_DEPARTMENT_LEAD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,4}$")
_DEPARTMENT_CUT = re.compile(r".*[、，,。；;：:的和与與及在是由被向对對从從把将將为為于於据據跟同其该該各]")


def _units_named(text: str):
    """(name, start, class, found_by) of units named by what they are, not by a suffix that
    ``_units_by_suffix`` reads: a name glossed with a unit's abbreviation (交通（EV BG）, 系統事業群
    （SYS BG）: the words before the bracket, from after the last function word), and a
    department named by its work with words before it (智能硬件部, 海外銷售部; 研發部 alone is
    any company's)."""
    for match in _UNIT_GLOSS.finditer(text):
        name, start = _name_before(text, match.start(), nouns=True)
        if len(name) >= 2 and HAN.search(name):
            yield name, start, _unit_class(name) if name.endswith("部") else "BusinessGroup", \
                "unit-gloss"
    for match in _FUNCTION_DEPARTMENT.finditer(text):
        window = text[max(0, match.start() - 4):match.start()]
        lead = _DEPARTMENT_LEAD.search(_DEPARTMENT_CUT.sub("", window))
        if lead is None or fold(lead.group()) in _GENERIC_KEYS or \
                _KIND_ONLY.fullmatch(lead.group()) or _common_word(lead.group()[-2:]) and \
                _tags().get(fold(lead.group()[-2:]), "x")[:1] in set("vdr"):
            continue  # 公司研發部, 主要涉及研發部: a company's department of that work, unnamed
        start = match.start() - len(lead.group())
        yield text[start:match.end()], start, "Department", "unit-function"


#: a kind of organisation, then the ones of it: a consortium including A, B and C; rivals
#: such as A and B
_EN_ORG_KIND_LIST = re.compile(
    r"\b(?:consortium|companies|firms|investors|backers|rivals|competitors|partners|automakers|"
    r"carmakers|chipmakers|startups|start-ups|retailers|banks|lenders|suppliers|conglomerates)"
    r"(?:,?\s+(?:including|such as|like|led by|comprising|namely)|\s+(?:that|which)\s+"
    r"(?:includes?|included))\s+(?=[A-Z])")
#: a company's name as a list item: capitalised words, an apostrophe inside one (Arc'teryx)
_EN_ORG_ITEM = re.compile(r"[A-Z][\w'’&-]*[\w](?: (?:[A-Z][\w'’&-]*[\w]|of|&))*(?<! of)(?<! &)\b(?!\.\w)")


def _english_organisations_listed(text: str):
    """(name, start, "Company", "listed") of the organisations listed after their kind (see
    ``_EN_ORG_KIND_LIST``)."""
    for match in _EN_ORG_KIND_LIST.finditer(text):
        for item in _english_items(text, match.end(), _EN_ORG_ITEM):
            if not _EN_NOT_COMPANY.search(item.group()) and item.group() not in _EN_PLACES:
                yield item.group(), item.start(), "Company", "listed"


#: a model named in Chinese characters and a number (天璣9500, 麒麟9000S, 驍龍8 Gen 3 is Latin):
#: the characters' last word, then the number, no measure word or unit after it
_HAN_MODEL = re.compile(r"(?P<han>[\u4e00-\u9fff]{2,6})(?P<number>[0-9]{2,5}[A-Z]?(?: ?(?:Pro|Max|Ultra|Plus)|\+)?)"
                        r"(?![0-9.,%])(?![\u4e00-\u9fff]{0,1}(?:萬|万|億|亿|元|年|月|日|號|号|個|个|家|人|"
                        r"台|臺|款|顆|颗|輛|辆|部|名|位|倍|次|件|套|張|张|米|克|度|歲|岁|多|餘|余))")
#: what says such a model is a product: a kind before it (旗艦芯片天璣9500), a launch, a maker's
#: 的; or a kind right after it (天璣9500芯片)
_HAN_MODEL_BEFORE = re.compile(rf"(?:{_PRODUCT_KIND_HEADS}|推出|發布|发布|發佈|亮相|搭載|搭载|採用|采用|"
                               r"的)(?:了|的)?(?:新一代|全新|旗艦|旗舰)?$")
_HAN_MODEL_AFTER = re.compile(rf"\s?(?:{_PRODUCT_KIND_HEADS}|系列)")


def _han_models(text: str):
    """(name, start, "Product", "model-name") of the models named by a word and a number with a
    product's cue beside them (``_HAN_MODEL_BEFORE``, ``_HAN_MODEL_AFTER``)."""
    for match in _HAN_MODEL.finditer(text):
        tokens = _tokens(match.group("han"))
        word = tokens[-1] if tokens else ""
        start = match.start("number") - len(word)
        if len(word) < 2 or _common_word(word) or fold(word) in _GENERIC_KEYS:
            continue  # 營收9500: a metric and its number
        if _HAN_MODEL_BEFORE.search(text[max(0, start - 12):start]) or \
                _HAN_MODEL_AFTER.match(text, match.end()):
            yield text[start:match.end()], start, "Product", "model-name"


#: what joins the items of a list; the last one may be joined by a conjunction
_ITEM_JOINER = re.compile(r"、|以及|和|及|與|与")
#: what may close a list's item: a separator, a joiner, the clause's end, 等, a bracket
_ITEM_CLOSE = re.compile(r"[、，,。；;：:）)」”\s]|等|以及|和|及|與|与|$")
#: a Latin item (DeepSeek, Arc'teryx, Qwen 3)
_LATIN_ITEM = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?: [A-Z0-9][A-Za-z0-9'’-]*){0,2}")
_LISTED_CLASSES = frozenset({"Company", "Product"})


def _noun_item(name: str) -> str:
    """``name`` up to its first verb, adverb or adjective of two characters or more after a
    word (騰訊雲|迅速成長; 蓝湾新材: one character is a name's as often): a
    list's item is a name, the sentence goes on after it (a rare name that jieba tags a
    verb, 昇腾, may open it)."""
    kept: list[str] = []
    for token in _tokens(name):
        if kept and len(token) > 1 and _tags().get(fold(token), "x")[:1] in set("vad"):
            break
        kept.append(token)
    return "".join(kept)


def _item_closed(text: str, pos: int) -> bool:
    """Whether a list's item may end at ``pos``: a separator or a joiner follows, or a function
    word or a cue verb (豆包和元宝竞争, 远航动力和蓝湾新材都公布)."""
    if _ITEM_CLOSE.match(text, pos):
        return True
    tokens = _tokens(text[pos:pos + 4]) if HAN.match(text[pos:pos + 1]) else []
    return bool(tokens) and fold(tokens[0]) in _STOP_TOKENS


def _with_units_and_lists(found: dict[str, Candidate], text: str, mentions: list[Mention],
                          linker: Linker, add) -> None:
    """The units named after their company made whole (in place), then the other items of the
    lists beside a company or a product given to ``add``: a unit is named before a list reads
    it (阿里巴巴中国电商集团、云智能集团: units, not companies listed with 阿里巴巴)."""
    _units_of_companies(found, text, mentions)
    _departments_after_their_company(found, text, mentions)
    _units_listed_with_units(found, text)
    for name, start, cls, how in _listed_beside(text, _list_anchors(found, mentions, linker)):
        add(name, start, cls, how)


def _departments_after_their_company(found: dict[str, Candidate], text: str,
                                     mentions: list[Mention]) -> None:
    """A department named by its work whose words begin inside the company's name written
    before it (台達電企業投資部: 達電企業投資部 read four characters back) made the words after
    the company (企業投資部), in place; dropped when no words are left before its work
    (阿里巴巴集團研發部, read 巴集團研發部: the company's 研發部, unnamed)."""
    folded = fold(text)
    companies = [(m.start, m.end) for m in mentions] + \
        [span for c in found.values() if c.cls == "Company"
         for span in _occurrences(folded, fold(c.name))]
    for key, c in list(found.items()):
        if c.found_by != "unit-function":
            continue
        end = max((e for s, e in companies if s < c.start < e < c.end), default=None)
        if end is None:
            continue
        del found[key]
        name = text[end:c.end]
        work = _FUNCTION_DEPARTMENT.search(name)
        if work is not None and work.start() >= 2 and fold(name) not in found:
            found[fold(name)] = Candidate(name, c.cls, end, c.end, found_by=c.found_by)


def _list_anchors(found: dict[str, Candidate], mentions: list[Mention],
                  linker: Linker) -> list[tuple[int, int, str]]:
    """(start, end, class) of the companies and products proposed or linked, in text order."""
    return sorted([(c.start, c.end, c.cls) for c in found.values() if c.cls in _LISTED_CLASSES] +
                  [(m.start, m.end, linker.classes[m.entities[0]]) for m in mentions
                   if linker.classes.get(m.entities[0]) in _LISTED_CLASSES])


def _listed_beside(text: str, anchors: list[tuple[int, int, str]]):
    """(name, start, class, "list-item") of the other items of a list of names joined by 、
    (豆包、DeepSeek、元宝和蚂蚁阿福) one of which (an anchor: start, end, class) is a company
    or a product, known or proposed: of the same class. A list with no 、 (A和B) may join
    clauses, not names, and is passed over."""
    for start, end, cls in anchors:
        items, pos = [], end
        while (joiner := _ITEM_JOINER.match(text, pos)) is not None:
            item = _LATIN_ITEM.match(text, joiner.end())
            name = item.group() if item else _noun_item(_name_after(text, joiner.end(), nouns=True))
            if not name or not _item_closed(text, joiner.end() + len(name)):
                break
            items.append((name, joiner.end(), joiner.group()))
            pos = joiner.end() + len(name)
        at = start
        while at > 0 and text[at - 1] == "、" or (items and text[at - 1:at] in ("和", "及", "与", "與")):
            before = _LATIN_ITEM.search(text, max(0, at - 30), at - 1) if text[at - 2:at - 1].isascii() else None
            name, first = (before.group(), before.start()) if before and before.end() == at - 1 else \
                _name_before(text, at - 1, nouns=True)
            if not name:
                break
            items.append((name, first, text[at - 1]))
            at = first
        if any(j == "、" for _, _, j in items) or text[start - 1:start] == "、":
            for name, first, _ in items:
                if not _common_word(name):
                    yield name, first, cls, "list-item"


#: a product named by capitalised words and a number after its maker's possessive or its
#: kind (Huawei's Mate 70, the chipmaker's M100 chip, its Ascend 910C processors): the words
#: with a digit in one of them, an edition word after them (SU7 Ultra)
_EN_POSSESSED_MODEL = re.compile(
    r"(?:\b[A-Z][\w.-]*(?:'s|’s)|\b(?:[a-z]*maker|developer|start-?up|giant)(?:'s|’s)|"
    r"\b(?:its|their))\s+(?:new\s+|latest\s+|flagship\s+)?"
    r"(?P<name>[A-Z][A-Za-z0-9-]*(?:\s+(?:[0-9][0-9A-Za-z.]*[0-9A-Za-z]|[0-9]|Pro|Max|Ultra|Plus|Mini|"
    r"Lite|Air|[A-Z][A-Za-z-]*[0-9][A-Za-z0-9-]*))*)(?![\w'’])")
#: a quoted name, then 等 and a product's kind: "元寶"等微信生態AI產品
_QUOTED_OF_A_KIND = re.compile(rf"[“「\"](?P<name>[^”」\"《》\n，,。]{{2,16}})[”」\"]等[\u4e00-\u9fffA-Za-z]{{0,8}}?"
                               rf"(?:{_PRODUCT_HEADS})")


def _products_named(text: str):
    """(name, start, "Product", "model-name") of the products named by ``_EN_POSSESSED_MODEL``
    (a digit in the name: Huawei's Mate is a word, Mate 70 a model) and ``_QUOTED_OF_A_KIND``."""
    for match in _EN_POSSESSED_MODEL.finditer(text):
        name = match.group("name")
        if re.search(r"[0-9]", name) and not _PERIOD_CODE.fullmatch(name.split()[0]):
            yield name, match.start("name"), "Product", "model-name"
    for match in _QUOTED_OF_A_KIND.finditer(text):
        yield match.group("name"), match.start("name"), "Product", "product-head"


def _people_before_a_verb(text: str):
    """(name, start, "Person", "title") of the names right after a title whose end no word of
    ``_PERSON_END`` marks (董事長林志遠坐鎮現場, CEO王寧化身): jieba's first word after the
    title, cut with its model of unknown words, when it is a surname and one or two
    characters and no common word."""
    jieba = _jieba()
    for match in _TITLE_THEN_PERSON.finditer(text):
        window = text[match.end():match.end() + 8]
        words = jieba.lcut(fold(window), HMM=True) if HAN.match(window) else [""]
        first = words[0]
        if len(first) == 1 and len(words) > 1 and len(words[1]) <= 2 and \
                words[1] not in _STOP_TOKENS and not _common_word(words[1]):
            first += words[1]  # 林|志远|坐镇: a given name that is a word of the dictionary
        if len(first) == 3 and _NAME_END_AT.match(window, 2):
            first = first[:2]  # 余凯称: the name before the word that ends a person's
        if 2 <= len(first) <= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", window[:len(first)]) \
                and not _common_word(first):
            yield window[:len(first)], match.end(), "Person", "title"

