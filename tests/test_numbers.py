"""Numbers as Excel shows them under a number format: what a cell formatted 0% or #,##0.00 prints."""

from __future__ import annotations

import pytest

from docgen.text.numbers import format_number


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (0.95, "0%", "95%"),
    (0.955, "0.0%", "95.5%"),
    (1, "0%", "100%"),
    (1234567.5, "#,##0.00", "1,234,567.50"),
    (1234567.5, "#,##0", "1,234,568"),
    (999, "#,##0", "999"),
    (3.1, "0.00", "3.10"),
    (12, "0.00", "12.00"),
    (2.5, "0", "3"),  # Excel rounds half away from zero
    (-2.5, "0", "-3"),
    (0.125, "0.00", "0.13"),
    (7, "000", "007"),
    (-1234.5, "#,##0.00", "-1,234.50"),
    (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
    (1234.5, "#,##0.00_);[Red](#,##0.00)", "1,234.50"),
    (-1234.5, "#,##0.00_);[Red](#,##0.00)", "(1,234.50)"),
    (0, '#,##0;-#,##0;"-"', "-"),
    (1234.5, '"¥"#,##0.00', "¥1,234.50"),
    (1234.5, "[$¥-804]#,##0.00", "¥1,234.50"),
    (1234.5, "¥#,##0.00", "¥1,234.50"),
    (5, '0"人"', "5人"),
    (5, '0\\人', "5人"),
    (0.5, "0.0#", "0.5"),
    (0.555, "0.0#", "0.56"),
    (0.5, "#.##", ".5"),
    (1200000, "#,##0,", "1,200"),
    (12345, "0.00E+00", "1.23E+04"),
    (0.000123, "0.00E+00", "1.23E-04"),
    (99999, "0.0E+00", "1.0E+05"),
    (-0.004, "0.00", "0.00"),
])
def test_numbers_show_as_in_excel(value: float, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


@pytest.mark.parametrize(("value", "fmt"), [
    (3, "General"), (3, "@"), (3, ""), (45000, "yyyy-mm-dd"), (45000, 'yyyy"年"m"月"d"日"'), (0.5, "h:mm"),
    (0.5, "# ?/?"), (150, "[>100]0;0.00"), (float("nan"), "0.00"), (float("inf"), "0%"), (True, "0"),
    ("95", "0%"), (3, '"¥"General'),
])
def test_formats_it_does_not_render_are_left_to_the_caller(value: object, fmt: str) -> None:
    assert format_number(value, fmt) is None
