"""The indicator chart: a well-formed, accessible SVG that states every number in Swedish."""

from xml.etree import ElementTree

from remiss.followup.charts import indicator_chart_svg, swedish_number, y_scale

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_it_is_an_image_with_a_title_and_a_description_of_every_value():
    svg = indicator_chart_svg(
        [(2020, 3.4), (2019, 3.1), (2021, 3.65)],
        title="FoU-utgifter som andel av BRP",
        unit="%",
        base=(2019, 3.1),
        target=(2030, 4.0),
    )
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "FoU-utgifter som andel av BRP"
    assert root.find(f"{SVG}title").text == "FoU-utgifter som andel av BRP"
    desc = root.find(f"{SVG}desc").text
    assert "2019: 3,1 %; 2020: 3,4 %; 2021: 3,65 %" in desc, "in year order, decimal comma"
    assert "Basvärde 2019: 3,1 %" in desc
    assert "Mål 2030: 4 %" in desc


def test_values_are_a_line_with_a_point_per_year_and_the_target_is_dashed():
    svg = indicator_chart_svg(
        [(2019, 10), (2020, 12), (2021, 11)], title="Nya företag", target=(2025, 15)
    )
    root = parse(svg)
    assert len(root.findall(f"{SVG}polyline")) == 1
    points = [c for c in root.findall(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    assert [c.find(f"{SVG}title").text for c in points] == ["2019: 10", "2020: 12", "2021: 11"]
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert dashed, "the target is a dashed line"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Mål 2025: 15" in texts
    assert {"2019", "2025", "Värde", "Mål"} <= set(texts), "years on the axis, a legend in words"


def test_the_years_run_to_the_target_year_so_the_target_sits_at_its_year():
    root = parse(indicator_chart_svg([(2020, 1.0)], title="t", target=(2024, 2.0)))
    years = [t.text for t in root.iter(f"{SVG}text") if len(t.text or "") == 4]
    assert years[:1] == ["2020"] and "2024" in years


def test_the_text_is_escaped():
    svg = indicator_chart_svg(
        [(2020, 1)], title='Andel <företag> & "export"', unit="<%>", target=(2030, 2)
    )
    root = parse(svg)  # would raise on unescaped markup
    assert root.find(f"{SVG}title").text == 'Andel <företag> & "export"'
    assert "<företag>" not in svg
    assert "1 <%>" in root.find(f"{SVG}desc").text


def test_the_full_label_carries_the_numbers_for_documents():
    root = parse(indicator_chart_svg([(2020, 0.5)], title="Andel", full_label=True))
    assert "2020: 0,5" in root.get("aria-label")


def test_a_chart_without_values_says_so():
    root = parse(indicator_chart_svg([], title="Sysselsättning"))
    assert "Inga värden ännu." in root.find(f"{SVG}desc").text
    assert "Inga värden ännu." in [t.text for t in root.iter(f"{SVG}text")]


def test_numbers_are_written_the_swedish_way():
    assert swedish_number(3.5) == "3,5"
    assert swedish_number(12000) == "12\u00a0000"
    assert swedish_number(-0.25) == "\u22120,25"
    assert swedish_number(2.0) == "2"
    assert swedish_number(1234.567) == "1\u00a0234,57"


def test_the_axis_starts_at_zero_unless_that_would_flatten_the_values():
    assert y_scale([3.1, 3.4, 4.0])[0] > 0, "values bunched far above zero keep a closer axis"
    assert y_scale([1.0, 5.0])[0] == 0
    bottom, top, _ = y_scale([-2.0, 3.0])
    assert bottom <= -2 and top >= 3
    bottom, top, _ = y_scale([70.0, 70.0])
    assert bottom < 70 < top
