import re

from django.utils import translation

from jour.lib.charts import Series, axis_ticks, horizontal_bars, stacked_bars


def test_the_axis_has_four_whole_steps_of_one_two_two_and_a_half_or_five_times_a_power_of_ten():
    assert axis_ticks(0) == [0, 1, 2, 3, 4]  # an empty chart still has an axis
    assert axis_ticks(4) == [0, 1, 2, 3, 4]
    assert axis_ticks(5) == [0, 2, 4, 6, 8]
    assert axis_ticks(9) == [0, 5, 10, 15, 20]  # 2.5 is no whole number: 5
    assert axis_ticks(90) == [0, 25, 50, 75, 100]
    assert axis_ticks(101) == [0, 50, 100, 150, 200]
    assert axis_ticks(2137) == [0, 1000, 2000, 3000, 4000]
    assert axis_ticks(12, steps=2) == [0, 10, 20]


def _numbers(svg: str) -> list[str]:
    return re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)


def test_stacked_bars_scale_to_the_axis_and_write_numbers_with_a_dot_in_swedish():
    series = [Series("Telefon", [10, 30], "#111111"), Series("E-post", [5, 0], "#222222")]
    with translation.override("sv"):
        svg = str(stacked_bars(labels=["jan", "feb"], series=series, title="Kontakter <per månad>"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", number) for number in _numbers(svg))
    assert "Kontakter &lt;per månad&gt;" in svg and "<per" not in svg  # texts are escaped
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" fill="#', svg)]
    # Three segments (an empty value draws none); the axis tops at 40, the plot is 284 - 12 - 58 = 214 high.
    assert heights[:3] == [round(214 * 10 / 40, 1), round(214 * 5 / 40, 1), round(214 * 30 / 40, 1)]
    assert "<title>feb: Telefon 30</title>" in svg
    assert svg.count(">Telefon</text>") == 1 and svg.count(">E-post</text>") == 1  # the legend


def test_only_every_nth_bar_is_labelled_beyond_twelve():
    labels = [f"m{i}" for i in range(24)]
    svg = str(stacked_bars(labels=labels, series=[Series("a", [1] * 24, "#000000")], title="t"))
    assert ">m0</text>" in svg and ">m1</text>" not in svg and ">m2</text>" in svg


def test_horizontal_bars_the_longest_fills_the_width():
    svg = str(horizontal_bars([("Telefon", 12), ("Chatt", 3)], title="Kanaler", width=520))
    widths = re.findall(r'<rect x="200" y="\d+" width="([^"]+)"', svg)
    assert widths == ["270.0", "67.5"]
    assert "<title>Telefon: 12</title>" in svg
