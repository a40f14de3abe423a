"""The 填写说明 sheet: what each sheet, column and key is for, in the user's words."""

from __future__ import annotations

from ..vocabulary import PARTS
from .schema import (PART_TITLE_KEYS, ANALYSIS, ASPECT, CAUSE, CAUSES, CONTENT, DATE, DETAIL, DIRECTIONS, INFO, INTRO, MEASURE,
                     ORGANIZATION, PROBLEMS, SUMMARY, TITLE)

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
    (f"　{ORGANIZATION}", "落款单位，如“中共云溪县发展改革局机关第二支部委员会”，显示在文末。"),
    (f"　{DATE}", "落款日期。可以输入 2026年1月20日、2026-01-20、2026/1/20 或 2026.1.20，也可以使用日期格式的单元格。"),
    (f"　{INTRO}", "正文开头的几段话。单元格内每一行（Alt+Enter 换行）是一个自然段。"),
    (f"　{'、'.join(PART_TITLE_KEYS)}",
     f"可选。正文三个部分的标题，不填时分别为{''.join(f'“{part.title}”' for part in PARTS)}。"),
    (PROBLEMS, "每行填写一个问题。"),
    (f"　{ASPECT}", "问题所属的方面，如“学习贯彻党的创新理论方面”。同一方面的几个问题连续填写，"
                    "“方面”只需在第一行填写，下面几行留空（或合并单元格）即表示与上一行相同。"),
    (f"　{SUMMARY}", "问题的一句话概括，如“理论学习的系统性不够”。"),
    (f"　{DETAIL}", "问题的具体表现，一般写两三句话，可以不填。"),
    (CAUSES, "每行填写一条原因。"),
    (f"　{CAUSE}", "原因的一句话概括。"),
    (f"　{ANALYSIS}", "对这条原因的具体分析。"),
    (DIRECTIONS, "每行填写一条整改措施。"),
    (f"　{MEASURE}", "措施的一句话概括。"),
    (f"　{CONTENT}", "这条措施的具体内容。"),
)
