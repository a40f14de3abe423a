"""The office review made cheap on long texts finds what it found before (tests/office_before.py, 54ae954) on
varied reports from a seeded generator: the same findings in the same order with the same text and places;
and on a text longer than answers.MATCH_CHARS only the beginning is matched."""

from __future__ import annotations

import random

import office_before
import pytest
from test_office_review import report

from docgen.model import Action
from docgen.review.office import default_rules
from docgen.review.office.answers import MATCH_CHARS, answer_findings, match
from docgen.review.office.specific import specific_findings

RULES = default_rules()
# pieces a text is made of: plain words, stock phrases, praise, numbers and times, posts, Latin, counts,
# punctuation of every kind (clause marks, spaces, newlines, numbering)
PIECES = ["理论学习", "专题研讨", "支部书记", "领学发言", "学习不够深入", "理论学习不够系统", "学习的自觉性不够高",
          "思想认识不到位", "虽然取得了一定成绩，但", "在项目审批中", "3月", "上半年", "12次", "三个", "每季度",
          "同志", "WPS", "Excel", "2025", "整改落实", "制度建设", "谈心谈话", "联系群众", "工作", "问题", "的",
          "一是", "（一）", "1.", "①", "，", "。", "；", "、", "！", "? ", " ", "\n", "：", "_", "—", "ａｂ", "くに"]


def text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def random_report(rng: random.Random):
    aspects = {f"{text(rng, 2)}方面{a}": [(text(rng, 4), text(rng, rng.choice((0, 3, 12, 40)))) for _ in
                                        range(rng.randint(0, 4))] for a in range(rng.randint(1, 4))}
    directions = [(text(rng, 3), text(rng, 15)) for _ in range(rng.randint(1, 4))]
    causes = [(text(rng, 3), text(rng, 10)) for _ in range(rng.randint(0, 3))]
    titles = list(aspects)
    actions = tuple(Action(rng.choice(titles + [""]), text(rng, 4), rng.choice(("", text(rng, 8))))
                    for _ in range(rng.randint(0, 3)))
    return report(aspects, directions=directions, causes=causes, actions=actions)


@pytest.mark.parametrize("seed", range(300))
def test_same_findings_as_before(seed: int) -> None:
    rng = random.Random(seed)
    built = random_report(rng)
    assert list(specific_findings(built, RULES)) == list(office_before.specific_findings(built, RULES))
    assert match(built, RULES) == office_before.match(built, RULES)


def test_generator_reaches_the_rules() -> None:
    """The differential test is worth something only if the generated reports trigger the rules."""
    seen = set()
    for seed in range(300):
        built = random_report(random.Random(seed))
        seen.update(f.code for f in specific_findings(built, RULES))
        seen.update(f.code for f in answer_findings(built, RULES))
    assert {"praise-first", "stock-detail", "thin-detail", "nothing-concrete", "no-root", "aspect-unanswered",
            "measure-unanswering", "answers-shown"} <= seen


def test_a_long_text_is_matched_by_its_beginning() -> None:
    shared = "整改落实"
    head = "支部集中学习以读文件为主。" * (MATCH_CHARS // 13 + 1)
    late = report({"理论学习方面": [("学习不深", head + shared)]}, directions=[("抓好" + shared, "每月检查一次。")])
    early = report({"理论学习方面": [("学习不深", shared + head)]}, directions=[("抓好" + shared, "每月检查一次。")])
    assert match(early, RULES).shared and not match(late, RULES).shared
    assert office_before.match(late, RULES).shared  # before, the whole text was segmented
