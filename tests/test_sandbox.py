"""The template sandbox: what a template may call, the bounds on what it builds, and the limited first run
of an unknown template in a child process (issue 8, point 10)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from docgen.errors import TemplateError
from docgen.rendering import documents as engine
from docgen.rendering import vetting
from docgen.rendering.sandbox import FILTER_NAMES, METHOD_NAMES, TEST_NAMES, Environment, Exhausted, render

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run(source: str, **context: object) -> str:
    env = Environment()
    return render(env, env.from_string(source), context)


def test_what_a_report_template_needs_still_works() -> None:
    source = ("{% for x in items|sort|reverse %}{{ loop.index }}.{{ x|upper|replace('A', 'a') }}"
              "{% if not loop.last %}、{% endif %}{% endfor %}|{{ items|join('，') }}|{{ title.strip()[:2] }}"
              "|{{ (items|length) * 2 }}|{{ '%d' if false else 'ok' }}|{{ items|first|default('无') }}")
    assert run(source, items=["Ab", "Cd"], title=" 标题 ") == "1.CD、2.aB|Ab，Cd|标题|4|ok|Ab"
    assert run("{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}"
               "{{ ns.n }}{{ dict(a=1).get('a') }}{{ '学习'.startswith('学') }}") == "31True"


@pytest.mark.parametrize("source", ["{{ x|safe }}", "{{ x|center(9) }}", "{{ x|format(1) }}", "{{ x|tojson }}",
                                    "{{ x|random }}", "{{ x|indent }}", "{{ x|urlize }}", "{{ x|xmlattr }}"])
def test_filters_outside_the_list_are_refused_when_compiling(source: str) -> None:
    with pytest.raises(Exception, match="No filter named"):
        Environment().from_string(source)


@pytest.mark.parametrize("source", ["{{ x.ljust(9) }}", "{{ x.center(9) }}", "{{ x.zfill(9) }}",
                                    "{{ x.format(1) }}", "{{ x.expandtabs(9) }}", "{{ x.encode() }}"])
def test_methods_outside_the_list_are_refused(source: str) -> None:
    with pytest.raises(Exception, match="unsafe|not allowed"):
        run(source, x="学习")


def test_every_value_is_bounded_before_it_is_built() -> None:
    big = "字" * 900_000
    with pytest.raises(Exhausted, match="value too large"):
        run("{{ x ~ x }}", x=big)
    with pytest.raises(Exhausted, match="value too large"):
        run("{{ x.replace('', 'yy') }}", x="字" * 400_000)
    with pytest.raises(Exhausted, match="integer too large"):
        run("{{ x * x }}", x=1 << 15_000)
    assert len(run("{{ x ~ x }}", x="字" * 400_000)) == 800_000


def test_loops_and_work_are_bounded_per_rendering() -> None:
    with pytest.raises(Exhausted, match="loop limit"):
        run("{% for a in x %}{% for b in x %}{% endfor %}{% endfor %}", x="字" * 2_000)
    env = Environment()
    template = env.from_string("{% for a in x %}{% endfor %}")
    for _ in range(3):  # each rendering starts with a fresh budget
        render(env, template, {"x": "字" * 900_000})


def test_a_rendering_is_bounded_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.rendering import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.05)
    start = time.monotonic()
    with pytest.raises(Exhausted, match="time limit"):
        run("{% for a in x %}{{ (a * 1000)|upper }}{% endfor %}", x="字" * 900_000)
    assert time.monotonic() - start < 5


def test_nesting_is_bounded_when_compiling() -> None:
    with pytest.raises(Exception, match="too deeply nested"):
        Environment().from_string("{{ x" + "|e" * 300 + " }}")
    with pytest.raises(Exception, match="too deeply nested"):
        Environment().from_string("{{ " + "(" * 3000 + "x" + ")" * 3000 + " }}")


# -- the first rendering of an unknown template runs in a child process, under limits -------------------


def _sleep() -> None:
    time.sleep(30)


def _hog() -> None:
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def _refuse() -> None:
    raise TemplateError("正文第 1 段：模板使用了未知的变量", file="mine.docx", hint="请修改")


def test_a_child_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vetting, "TIME_LIMIT", 0.5)
    start = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        vetting.run_limited(_sleep, "mine.docx")
    assert str(caught.value).startswith("mine.docx：模板运行时间过长（超过 0 秒），已停止。")
    assert time.monotonic() - start < 10


@pytest.mark.skipif(not vetting.sys.platform.startswith("linux"), reason="the memory limit is Linux's")
def test_a_child_that_takes_too_much_memory_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vetting, "MEMORY_LIMIT", 256 * 1024 * 1024)
    with pytest.raises(TemplateError) as caught:
        vetting.run_limited(_hog, "mine.docx")
    assert str(caught.value).startswith("mine.docx：模板运行占用的内存过多，已停止。")


def test_the_childs_own_error_reaches_the_user_unchanged() -> None:
    with pytest.raises(TemplateError) as caught:
        vetting.run_limited(_refuse, "mine.docx")
    assert str(caught.value) == "mine.docx：正文第 1 段：模板使用了未知的变量。请修改"


def test_only_the_first_rendering_of_an_unknown_template_is_vetted(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from reports import report

    runs: list[str] = []
    real = vetting.run_limited
    monkeypatch.setattr(vetting, "run_limited", lambda work, label: (runs.append(label), real(work, label)))
    mine = tmp_path / "mine.docx"
    mine.write_bytes(engine.default_template().read_bytes() + b"")  # the same bytes under another name
    engine.render(report())  # the built-in template is trusted
    assert runs == []
    monkeypatch.setattr(engine, "_VETTED", set())
    engine.render(report(), mine)
    engine.render(report(), mine)
    assert runs == ["mine.docx"]


# -- the README lists what a template may use ----------------------------------------------------------


def test_the_readme_lists_the_allowed_filters_tests_and_methods() -> None:
    section = re.search(r"^## 自定义模板.*?(?=^## )", README, re.M | re.S).group(0)  # type: ignore[union-attr]
    for name in FILTER_NAMES + tuple(t for t in TEST_NAMES if t.isalpha()):
        assert f"`{name}`" in section, name
    for kind, names in METHOD_NAMES.items():
        for name in names:
            assert f"`{name}`" in section, (kind, name)


@pytest.mark.parametrize("expression", [
    "a.title", "a.number", "a.items", "a.items[0].summary", "a.text", "a.lead", "a.heading|length",
    "a.__class__", "a.__init__", "a.__dict__", "a.__dataclass_fields__", "a.__class__.__mro__", "a.missing",
    "a.items.__len__", "a.title.format", "a.title.upper()", "a.items[0].__reduce__"])
def test_the_views_fields_read_straight_give_what_the_checked_path_gives(expression: str) -> None:
    """The sandbox reads the fields of the report's views without its attribute checks (a field holds
    plain values): whatever a template asks of a view gives what the checked path gives, refusals too."""
    from docgen.rendering.context import VIEWS, AspectView, ItemView

    view = AspectView("（一）", "学习方面", "（一）学习方面", [ItemView("一是", "学习不够。", "具体表现。")], "概述。")

    def outcome(env: Environment) -> object:
        try:
            return render(env, env.from_string("{{ " + expression + " }}"), {"a": view})
        except Exception as err:  # noqa: BLE001 - the refusal itself is compared
            return type(err).__name__, str(err)

    plain = Environment(plain=VIEWS)
    assert outcome(plain) == outcome(Environment())
    assert "title" in plain._plain[AspectView] and "text" not in plain._plain[AspectView]  # a property is checked
