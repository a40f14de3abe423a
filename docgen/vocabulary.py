"""The genre's fixed words: the parts of a report and their titles, the kinds of report, statuses (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One of the report's standard parts: the Report field holding it, its usual title and the nouns a
    title of it ends on (the head noun names the part: 检视剖析的问题 is about problems, 问题产生的原因 about
    causes)."""

    name: str  # "problems": the Report field; Meta's title field is name + "_title"
    title: str
    head_words: tuple[str, ...]
    variants: tuple[str, ...] = ()  # other titles reports use for it, for documentation and tests


RECTIFIED = Part("rectified", "上年度问题整改情况", ("整改情况", "整改落实情况", "落实情况"),
                 ("上年度整改情况", "上年度民主生活会整改落实情况", "上年度组织生活会查摆问题整改落实情况",
                  "上一年度问题整改情况"))
PROBLEMS = Part("problems", "存在的问题", ("问题", "不足", "差距", "短板", "查摆", "检视"),
                ("查摆的问题", "存在的主要问题", "检视剖析的问题", "存在的不足"))
CAUSES = Part("causes", "原因剖析", ("原因", "根源", "剖析", "根子", "症结"),
              ("原因分析", "产生问题的原因", "问题产生的根源"))
DIRECTIONS = Part("directions", "下一步努力方向",
                  ("方向", "措施", "努力", "整改", "打算", "今后", "下一步", "举措", "思路", "改进"),
                  ("整改措施", "今后努力方向", "下一步整改措施", "努力方向"))
PARTS = (PROBLEMS, CAUSES, DIRECTIONS)  # the three every report has, in their order
DEFAULT_PART_TITLES = tuple(part.title for part in PARTS)
# Where an extra part (one a source document has beyond the standard ones) stands: after the 开篇 ("") or
# after the named part.
EXTRA_POSITIONS = ("", RECTIFIED.name, *(part.name for part in PARTS))


@dataclass(frozen=True)
class Kind:
    """A kind of report: who hands it in, at which meeting, and the defaults that follow from that."""

    name: str  # as typed in 基本信息's 类型
    meeting: str  # 组织生活会 or 民主生活会
    personal: bool  # signed by a person (a name, with an optional unit line) rather than by a unit
    part_titles: tuple[str, str, str]  # the usual titles of problems, causes, directions for this kind
    # the title `docgen new` offers: {unit} and {meeting_name} (2025年度组织生活会, or a 专题 meeting's name)
    title_pattern: str
    who: str  # who speaks in the 开篇: 支部委员会, 本人 …

    @property
    def signer(self) -> str:
        """The Meta field that signs a report of this kind: a person's name, or the unit."""
        return "name" if self.personal else "organization"


_USUAL = DEFAULT_PART_TITLES
# 民主生活会 materials usually say 原因分析 and 整改措施 (the variants above); 组织生活会 ones the defaults.
_DEMOCRATIC = (PROBLEMS.title, "原因分析", "整改措施")
BRANCH = Kind("支部班子", "组织生活会", False, _USUAL, "{unit}{meeting_name}对照检查材料", "支部委员会")
MEMBER = Kind("党员个人", "组织生活会", True, _USUAL, "{meeting_name}个人对照检查材料", "本人")
LEADERSHIP = Kind("领导班子", "民主生活会", False, _DEMOCRATIC, "{unit}领导班子{meeting_name}对照检查材料", "领导班子")
LEADER = Kind("领导干部个人", "民主生活会", True, _DEMOCRATIC, "{meeting_name}个人对照检查材料", "本人")
MEETINGS = ("组织生活会", "民主生活会")
KINDS = {kind.name: kind for kind in (BRANCH, MEMBER, LEADERSHIP, LEADER)}
DEFAULT_KIND = BRANCH

# What became of one of last year's problems; the first is done, the others go on.
DONE, ONGOING, LASTING = "已完成", "持续推进", "长期坚持"
STATUSES = (DONE, ONGOING, LASTING)
# What people write for a status, beyond the three words themselves.
STATUS_WORDS = {"已整改": DONE, "完成": DONE, "已完成整改": DONE, "整改完成": DONE, "已整改完成": DONE,
                "整改中": ONGOING, "正在整改": ONGOING, "推进中": ONGOING, "持续整改": ONGOING,
                "长期": LASTING, "长期推进": LASTING, "长期整改": LASTING}

# Words of a report's title: a line break inside one of them (对照检⏎查材料, from a PDF) is not the
# author's, so the title's lines are joined there.
TITLE_WORDS = ("对照检查材料", "检视剖析材料", "个人剖析材料", "党性分析材料", "发言提纲", "发言材料", "对照检查",
               "检视剖析", "组织生活会", "民主生活会", "专题组织生活会", "领导班子", "党支部", "党总支", "委员会",
               "年度")


def kind_of_title(title: str) -> Kind:
    """The kind a report's title names: 民主生活会 is a leadership meeting, 个人 (or 党员) a person's report."""
    flat = title.replace("\n", "")
    personal = "个人" in flat or "党员" in flat and "支部" not in flat
    if "民主生活会" in flat:
        return LEADER if personal else LEADERSHIP
    return MEMBER if personal else BRANCH

# The 整改清单 appended as 附件: its title when 基本信息 gives none, made from the report's own title
# (…2025年度组织生活会对照检查材料 -> …2025年度组织生活会查摆问题整改清单).
LIST_TITLE = "查摆问题整改清单"
DOCUMENT_NAMES = ("对照检查发言材料", "对照检查材料", "发言提纲")


def list_title(report_title: str) -> str:
    """The 整改清单's default title for a report titled `report_title` (its line breaks kept)."""
    for name in DOCUMENT_NAMES:
        if report_title.endswith(name):
            return report_title[: -len(name)] + LIST_TITLE
    return LIST_TITLE
