"""The 填写说明 sheet: what each sheet, column and key is for, in the user's words."""

from __future__ import annotations

from ..vocabulary import DEFAULT_KIND, KINDS, LIST_TITLE, PARTS, RECTIFIED, STATUSES
from .schema import (ACTION_MEASURE, ACTIONS, ANALYSIS, ASPECT, CAUSE, CAUSES, CONTENT, DATE, DEADLINE,
                     DETAIL, DIRECTIONS, EXTRA_TEXT, EXTRA_TITLE, EXTRAS, INFO, INTRO, KIND, LEAD,
                     LIST_TITLE_KEY, MEASURE, NAME, ORGANIZATION, PART_TITLE_KEYS, PERSON, POSITION,
                     POSITIONS, PROBLEMS, RECTIFIED_SHEET, RECTIFIED_TITLE_KEY, STATUS, SUMMARY, TITLE,
                     WHAT_WAS_DONE)

_KINDS = "、".join(KINDS)
_STATUSES = "、".join(STATUSES)

GUIDE_TITLE = "对照检查材料工作簿·填写说明"
# (what, how) rows of the 填写说明 sheet; an indented "what" is a column or key of the sheet above it
GUIDE_ROWS: tuple[tuple[str, str], ...] = (
    ("用途", "填好本工作簿后，运行 docgen make 文件名.xlsx，即可生成符合党政机关公文格式（GB/T 9704）的"
             "对照检查材料 Word 文档。运行 docgen check 文件名.xlsx 可以先检查填写中的问题，"
             "提示会指出具体位置，如“存在的问题!C7”表示“存在的问题”工作表的 C7 单元格。"),
    ("基本规则", "请不要修改各工作表的名称和第一行的列名；列的先后顺序可以调整，多出的列和其他工作表会被忽略。"
                 "每一行填写一条内容，空行会被跳过。"),
    ("编号自动生成", "“一、”“（一）”“一是、二是”等序号由程序按先后顺序自动生成，请不要自己输入；"
                     "如果已经输入了“一是”“（一）”“1.”之类的序号，程序会自动去掉，不会重复编号。"),
    ("句号", "“问题”“原因”“措施”三列是一句话的概括，句末的句号可以不写，程序会自动补上。"),
    ("换行", "在单元格内换行请按 Alt+Enter（WPS 同样）。除“标题”和“开篇”外，单元格内的换行会被合并成一段。"),
    ("公式", "请直接填写文字，不要使用公式。如果使用了公式，请在 Excel 中打开并保存一次，使计算结果保存在文件中。"),
    ("长度", "每个单元格最多 32,767 个字符（Excel 的上限）。"),
    (INFO, "“项目”列是固定的项目名称，请只在“内容”列填写。"),
    (f"　{TITLE}", "材料的标题。标题较长需要分成两三行时，在单元格内按 Alt+Enter 换行，生成的文档按此分行。"),
    (f"　{KIND}", f"材料的类型：{_KINDS}，不填时为{DEFAULT_KIND.name}。类型决定落款的写法和各部分标题的常用叫法"
                  "（民主生活会材料一般为“原因分析”“整改措施”）。"),
    (f"　{ORGANIZATION}", "落款单位，如“中共云溪县发展改革局机关第二支部委员会”，显示在文末。"
                          "个人材料可以不填；填写时显示在姓名上方。"),
    (f"　{NAME}", "个人材料（党员个人、领导干部个人）的落款：本人姓名。班子材料不填。"),
    (f"　{DATE}", "落款日期。可以输入 2026年1月20日、2026-01-20、2026/1/20 或 2026.1.20，也可以使用日期格式的单元格。"),
    (f"　{INTRO}", "正文开头的几段话。单元格内每一行（Alt+Enter 换行）是一个自然段。"),
    (f"　{'、'.join(PART_TITLE_KEYS)}",
     f"可选。正文三个部分的标题，不填时分别为{''.join(f'“{part.title}”' for part in PARTS)}"
     "（民主生活会材料为“原因分析”“整改措施”）。"),
    (f"　{RECTIFIED_TITLE_KEY}", f"可选。“{RECTIFIED_SHEET}”部分的标题，不填时为“{RECTIFIED.title}”。"),
    (f"　{LIST_TITLE_KEY}", f"可选。“{ACTIONS}”附件的标题，不填时由材料标题生成（“……对照检查材料”改为"
                            f"“……{LIST_TITLE}”）。"),
    (RECTIFIED_SHEET, f"可选。每行填写一个上年度查摆的问题及其整改情况；填写后，“{RECTIFIED.title}”作为正文第一部分，"
                      "并自动统计共几项、已完成几项。不需要时留空。"),
    (f"　{SUMMARY}", "上年度的问题，一句话概括。"),
    (f"　{WHAT_WAS_DONE}", "采取了哪些措施、取得了什么效果。"),
    (f"　{STATUS}", f"{_STATUSES}，三者选一。"),
    (PROBLEMS, "每行填写一个问题。"),
    (f"　{ASPECT}", "问题所属的方面，如“学习贯彻党的创新理论方面”。同一方面的几个问题连续填写，"
                    "“方面”只需在第一行填写，下面几行留空（或合并单元格）即表示与上一行相同。"),
    (f"　{LEAD}", "可选。这一方面的总体表述，写在“一是”之前、与各条问题在同一段，如“支部在理论学习上下了功夫，"
                  "但对照要求还有差距。”只在这一方面的第一行填写。"),
    (f"　{SUMMARY}", "问题的一句话概括，如“理论学习的系统性不够”。"),
    (f"　{DETAIL}", "问题的具体表现，一般写两三句话，可以不填。"),
    (CAUSES, "每行填写一条原因。"),
    (f"　{CAUSE}", "原因的一句话概括。"),
    (f"　{ANALYSIS}", "对这条原因的具体分析。"),
    (DIRECTIONS, "每行填写一条整改措施。"),
    (f"　{MEASURE}", "措施的一句话概括。"),
    (f"　{CONTENT}", "这条措施的具体内容。"),
    (ACTIONS, "可选。整改清单，每行一项，作为附件附在材料之后（另起一页，正文下注明“附件：……”）；序号自动生成。"
              f"新建或导入的工作簿已把“{PROBLEMS}”中的每个问题列好，只需补上整改措施、责任人和完成时限；"
              "如果一项也没有补写，就当作不需要整改清单，不生成附件，也不提示。"),
    (f"　{ASPECT}", "问题所属的方面；与上一行相同时可以留空。"),
    (f"　{SUMMARY}", f"要整改的问题，可从“{PROBLEMS}”表复制。"),
    (f"　{ACTION_MEASURE}", "具体的整改措施。"),
    (f"　{PERSON}", "负责整改的人。"),
    (f"　{DEADLINE}", "完成的时间，如 2026年6月30日、2026年6月底前、2026年上半年，或“长期坚持”“立行立改”。"
                      "早于材料日期的时限会报错（状态为“已完成”的除外）。"),
    (f"　{STATUS}", f"{_STATUSES}，可以不填。"),
    (EXTRAS, "可选。材料中三个部分以外的其他部分（如“基本情况”），导入旧材料时会放在这里。不需要时留空。"),
    (f"　{EXTRA_TITLE}", "这一部分的标题，不写编号。"),
    (f"　{EXTRA_TEXT}", "这一部分的正文，单元格内每一行是一个自然段。"),
    (f"　{POSITION}", f"这一部分放在哪里：{'、'.join(POSITIONS)}，不填时为开篇之后。"),
)
