"""Build Report values inline for unit tests."""

from __future__ import annotations

import datetime as dt

from docgen.model import Aspect, Item, Meta, Point, Report


def report(aspects: int = 2, items: int = 2, causes: int = 2, directions: int = 2, **meta: object) -> Report:
    """A small valid report; counts choose how many aspects, items, causes and measures it has."""
    fields = {"title": "某支部对照检查材料", "organization": "中共云溪县示例局机关支部委员会",
              "date": dt.date(2026, 1, 20)}
    fields.update(meta)
    return Report(
        meta=Meta(**fields),  # type: ignore[arg-type]
        intro=("按照上级要求，支部认真查摆问题。", "现报告如下。"),
        problems=tuple(
            Aspect(f"第{a}个方面", tuple(Item(f"问题{a}-{i}。", f"表现{a}-{i}。") for i in range(1, items + 1)))
            for a in range(1, aspects + 1)
        ),
        causes=tuple(Point(f"原因{c}。", f"分析{c}。") for c in range(1, causes + 1)),
        directions=tuple(Point(f"措施{d}。", f"内容{d}。") for d in range(1, directions + 1)),
    )
