"""Presets: the shipped files against their schema and their sources, `docgen new --preset`, `docgen
presets`, and an office's own preset file."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import docgen
from docgen.errors import InputError
from docgen.presets import DEFER, parse_preset, shipped_presets
from docgen.vocabulary import KINDS

PRESETS = shipped_presets()
DATA = Path(docgen.__file__).parent / "presets" / "data"


def plain(text: str) -> str:
    """Words only: punctuation and ellipses differ between a source page and a heading."""
    return re.sub(r"[\W_]+", "", text)


def test_there_is_one_preset_per_year_and_meeting() -> None:
    assert len(PRESETS) == len(list(DATA.glob("*.toml"))) >= 10
    assert len({(p.year, p.meeting) for p in PRESETS}) == len(PRESETS)
    assert len({p.name for p in PRESETS}) == len(PRESETS)
    assert [p.name for p in PRESETS[:4]] == ["2025-民主生活会", "2025-组织生活会", "2024-民主生活会", "2024-组织生活会"]


@pytest.mark.parametrize("preset", PRESETS, ids=[p.name for p in PRESETS])
def test_every_shipped_list_has_official_or_news_sources_and_says_how_far_it_is_verified(preset) -> None:
    for aspect_list in preset.lists:
        assert aspect_list.verified in ("verbatim", "partial")
        assert aspect_list.sources, "every list has its sources"
        for source in aspect_list.sources:
            assert re.match(r"https?://\S+$", source.url) and source.grade in ("A", "B") and source.quote
        if aspect_list.verified == "partial":
            assert DEFER in aspect_list.note
        assert all(KINDS[kind].meeting == preset.meeting for kind in aspect_list.kinds)


@pytest.mark.parametrize("preset", PRESETS, ids=[p.name for p in PRESETS])
def test_every_aspect_and_theme_is_in_its_sources_own_words(preset) -> None:
    """Nothing is shipped that a source does not say: each aspect (without the 方面 docgen adds) and each
    theme is found in the quoted passage of one of its sources."""
    for aspect_list in preset.lists:
        quotes = [plain(source.quote) for source in aspect_list.sources]
        for aspect in aspect_list.aspects:
            words = plain(aspect.removesuffix("方面"))
            assert any(words in quote for quote in quotes), aspect
    if preset.theme:
        assert any(plain(preset.theme) in plain(source.quote) for source in preset.theme_sources)


def test_new_with_a_verified_preset(docgen_cli, tmp_path: Path) -> None:
    code, out, err = docgen_cli("new", "班子.xlsx", "--preset", "2024-民主生活会", "--unit", "中共示例县统计局党组")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "已新建工作簿：班子.xlsx",
        "已按预设“2024-民主生活会”（领导班子）填好 4 个方面，已核实原文；"
        "来源：https://da.nua.edu.cn/2025/0225/c6190a113337/page.htm",
        "请在 Excel 或 WPS 中按“填写说明”填写，然后运行：docgen check 班子.xlsx"]
    book = openpyxl.load_workbook(tmp_path / "班子.xlsx")
    info = {row[0].value: row[1].value for row in book["基本信息"].iter_rows(min_row=2)}
    assert (info["类型"], info["单位"], info["标题"]) == (
        "领导班子", "中共示例县统计局党组", "中共示例县统计局党组领导班子2024年度民主生活会对照检查材料")
    assert info["开篇"].startswith("按照上级党组织关于开好2024年度民主生活会的通知要求，领导班子紧扣“深入学习贯彻")
    problems = [[c.value for c in row] for row in book["存在的问题"].iter_rows(min_row=2)]
    assert [row[0] for row in problems if row[0]] == [
        "带头严守政治纪律和政治规矩，维护党的团结统一方面", "带头增强党性、严守纪律、砥砺作风方面",
        "带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新方面", "带头履行全面从严治党政治责任方面"]
    assert all(row[1] is None and row[2] is None for row in problems)  # problems are the user's to write


def test_new_with_a_partial_preset_says_so(docgen_cli) -> None:
    code, out, _ = docgen_cli("new", "个人.xlsx", "--preset", "2024组织生活会", "--kind", "党员个人", "--name", "张三")
    assert code == 0
    assert out.splitlines()[1:3] == [
        "已按预设“2024-组织生活会”（党员个人）填好 4 个方面，部分核实；来源：http://www.ahdss.com/news/article-4232.html；"
        "https://xlxy.ntu.edu.cn/7823/list.htm；https://da.nua.edu.cn/2025/0225/c6190a113337/page.htm",
        "注意：2024年度组织生活会的中央通知原文未能核实。这里是不少党支部参照的民主生活会“四个带头”；也有党支部按"
        "“六项纪律”，或按政治信仰、党员意识、理论学习、能力本领、作用发挥、纪律作风查摆。请以上级通知为准。"]


def test_a_special_meeting_names_itself_in_the_title(tmp_path: Path) -> None:
    outcome = docgen.new_workbook(tmp_path / "a.xlsx", preset="2023-民主生活会", kind="领导干部个人")
    assert outcome.report.meta.title == "学习贯彻习近平新时代中国特色社会主义思想主题教育专题民主生活会个人对照检查材料"


def test_preset_mistakes_are_usage_errors_and_write_nothing(docgen_cli, tmp_path: Path) -> None:
    code, _, err = docgen_cli("new", "a.xlsx", "--preset", "2023-民主生活会", "--kind", "支部班子")
    assert (code, err) == (2, "错误：预设“2023-民主生活会”没有“支部班子”材料的方面。这个预设可用的类型：领导班子、"
                              "领导干部个人；或去掉 --kind 使用预设的类型\n")
    code, _, err = docgen_cli("new", "a.xlsx", "--preset", "2019-民主生活会")
    assert code == 2 and err.startswith("错误：没有名为“2019-民主生活会”的预设。可用的预设：2025-民主生活会、")
    code, _, err = docgen_cli("new", "a.xlsx", "--example", "--kind", "党员个人")
    assert code == 2 and err.startswith("错误：--example 写入的是现成的示例，不能与 --kind、--preset 同时使用")
    assert not (tmp_path / "a.xlsx").exists()


def test_docgen_presets_lists_year_meeting_kinds_verification_and_sources(docgen_cli) -> None:
    code, out, err = docgen_cli("presets")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:7] == [
        "2025-民主生活会（2025年度民主生活会）",
        "  领导班子、领导干部个人：1 个方面，部分核实",
        "    来源：https://www.sdwu.edu.cn/info/1031/33550.htm",
        "    来源：https://reportify.cn/news/1212376868616015872",
        "2025-组织生活会（2025年度组织生活会）",
        "  支部班子、党员个人：6 个方面，部分核实",
        "    来源：http://smee.gist.edu.cn/2025/1224/c336a58605/page.htm",
    ]
    assert sum(line.startswith("20") for line in lines) == len(PRESETS)
    assert lines[-1] == "用法：docgen new 工作簿.xlsx --preset 名称。“部分核实”的预设只收录了能够核实的表述，以上级通知为准。"


# -- an office's own preset file ------------------------------------------------------------------------

OWN = """\
year = 2026
meeting = "组织生活会"
theme = "本单位的主题"

[[lists]]
kinds = ["支部班子"]
aspects = ["学习贯彻党的创新理论", "履行管党治党责任"]
suffix = "方面"
"""


def test_an_offices_own_preset_file(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "本局.toml").write_text(OWN, encoding="utf-8")
    code, out, err = docgen_cli("new", "a.xlsx", "--preset", "本局.toml", "--unit", "中共示例局机关支部委员会")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "已按预设“2026-组织生活会”（支部班子）填好 2 个方面，已核实原文；来源：预设文件未注明"
    problems = openpyxl.load_workbook(tmp_path / "a.xlsx")["存在的问题"]
    assert [row[0].value for row in problems.iter_rows(min_row=2) if row[0].value] == [
        "学习贯彻党的创新理论方面", "履行管党治党责任方面"]


@pytest.mark.parametrize(("text", "message"), [
    ("year = 2026\nmeeting = '组织生活会'\n", "预设文件中“lists”缺少"),
    (OWN.replace("2026", "二〇二六"), "预设文件第 1 行第 8 列的写法有误"),
    (OWN.replace("year = 2026", "year = 1900"), "预设文件中“year”应为年度，如 2025"),
    (OWN.replace("组织生活会", "民主生活会"), "预设文件中“lists 第 1 组的kinds”中的“支部班子”属于组织生活会，不是民主生活会"),
    (OWN.replace('kinds = ["支部班子"]', 'kinds = ["支部"]'), "预设文件中“lists 第 1 组的kinds”中的“支部”不是材料类型"),
    (OWN + 'verified = "partial"\n', "预设文件中“lists 第 1 组的note”应说明哪些未能核实，并写明“以上级通知为准”"),
    (OWN + "colour = 1\n", "预设文件中“lists 第 1 组的colour”是不认识的项目"),
    (OWN + '[[lists.sources]]\nurl = "ftp://x"\n',
     "预设文件中“lists 第 1 组的sources第 1 项的url”应为以 http:// 或 https:// 开头的网址"),
    (OWN.replace('aspects = ["学习贯彻党的创新理论", "履行管党治党责任"]', "aspects = []"),
     "预设文件中“lists 第 1 组的aspects”应为一组文字"),
])
def test_a_bad_preset_file_is_refused_at_its_key(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_preset(text.encode("utf-8"), "本局.toml")
    assert caught.value.file == "本局.toml" and caught.value.message.startswith(message), caught.value.message


def test_a_missing_preset_file(docgen_cli) -> None:
    assert docgen_cli("new", "a.xlsx", "--preset", "没有.toml") == (
        1, "", "错误：没有.toml：找不到预设文件。请检查文件名和所在文件夹是否正确\n")
