"""The rules of a scanned table are found where they are ruled, and a letter's stroke is no rule."""

from PIL import Image, ImageDraw, ImageFont

from kinerja.intake import ruling


def page_with_a_table() -> Image.Image:
    page = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(page)
    for y in (100, 200, 300):
        draw.line((100, y, 1100, y), fill=0, width=2)  # rows across the whole table
    draw.line((500, 400, 1100, 400), fill=0, width=2)  # a row of the right-hand columns only
    draw.line((100, 601, 1100, 599), fill=0, width=2)  # a rule a pixel off level
    draw.line((300, 700, 520, 700), fill=60, width=1)
    draw.line((521, 700, 540, 700), fill=255, width=1)
    draw.line((541, 700, 800, 700), fill=60, width=1)  # a grey rule the scan broke for a moment
    draw.line((100, 800, 130, 800), fill=0, width=3)  # a letter's stroke, far shorter than a column
    draw.text((120, 140), "Pengelolaan Keuangan dan Barang Milik Negara", fill=0, font=ImageFont.load_default(size=40))
    return page


def test_the_rules_of_a_table_are_found_and_a_stroke_is_not_one():
    found = ruling.rules(page_with_a_table(), threshold=128)
    assert [(rule.y, rule.left, rule.right) for rule in found] == [
        (101, 96, 1104),
        (201, 96, 1104),
        (301, 96, 1104),
        (401, 496, 1104),
        (601, 96, 1104),
        (700, 304, 800),
    ]
    assert found[3].crosses(800) and not found[3].crosses(300)


def test_a_page_without_rules_has_none():
    page = Image.new("L", (1200, 900), 255)
    ImageDraw.Draw(page).text((100, 100), "Sorong, 6 Maret 2024", fill=0, font=ImageFont.load_default(size=60))
    assert ruling.rules(page, threshold=128) == ()
