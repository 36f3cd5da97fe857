"""The print page, the calibration page and the ``labels`` and ``bench`` commands."""

import pytest

from costume_tracker.extensions import db
from costume_tracker.labels.layout import label_box
from costume_tracker.labels.presets import PRESETS
from costume_tracker.labels.services import calibration
from tests.conftest import login, make_costume, make_garment
from tests.test_labels_decode import crop, decode, render

PUBLIC = "https://wardrobe.example.org"


@pytest.fixture
def wardrobe(app):
    """A costume with two garments, a retired one, and a stock tutu: ids by tag code."""
    with app.app_context():
        costume = make_costume()
        garments = [
            make_garment(name="Aurora wedding bodice", costume_id=costume.id, size_label="36"),
            make_garment(name="Aurora wedding tutu", category="tutu", costume_id=costume.id),
            make_garment(name="Old tutu", category="tutu", costume_id=costume.id),
            make_garment(name="Practice tutu", category="tutu"),
        ]
        garments[2].status = "retired"
        db.session.commit()
        return {"costume": costume.id, **{g.tag_code: g.id for g in garments}}


def tags_in(pdf: bytes, preset: str = "L7160") -> list[str]:
    """The tag codes the PDF's labels decode to, label by label (first page)."""
    page = render(pdf, 150)[0]
    found = []
    for position in range(PRESETS[preset].per_sheet):
        found += [code.text for code in decode(crop(page, _box(preset, position), 150))]
    return [text.rsplit("/G/", 1)[1] for text in found]


def test_viewer_cannot_print_and_wardrobe_can(client, users, wardrobe):
    login(client, "viewer")
    assert client.get(f"/labels?garment={wardrobe['ET-00001']}").status_code == 403
    assert client.post(f"/labels?garment={wardrobe['ET-00001']}").status_code == 403
    client.post("/logout")
    login(client, "wardrobe")
    assert client.get(f"/labels?garment={wardrobe['ET-00001']}").status_code == 200


def test_print_one_garment_downloads_a_pdf(app, as_wardrobe, wardrobe):
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    response = as_wardrobe.post(
        f"/labels?garment={wardrobe['ET-00001']}",
        data={"preset": "L7160", "start": "1", "copies": "2", "ec": "M"},
    )
    assert response.status_code == 200, response.text
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=labels-L7160-ET-00001.pdf"
    )
    page = render(response.data, 150)[0]
    (code,) = decode(crop(page, _box("L7160", 1), 150))
    assert code.text == "HTTPS://WARDROBE.EXAMPLE.ORG/G/ET-00001"


def _box(preset: str, position: int):
    return label_box(PRESETS[preset], position)


def test_print_a_costume_skips_retired_garments(app, as_wardrobe, wardrobe):
    response = as_wardrobe.post(
        f"/labels?costume_id={wardrobe['costume']}",
        data={"preset": "L7160", "start": "1", "copies": "1", "ec": "Q"},
    )
    assert response.status_code == 200
    assert f"costume-C-{wardrobe['costume']}" in response.headers["Content-Disposition"]
    assert tags_in(response.data) == ["ET-00001", "ET-00002"]


def test_print_the_filtered_list_and_a_checked_selection(as_wardrobe, wardrobe):
    options = {"preset": "L7160", "start": "1", "copies": "1", "ec": "M"}
    listed = as_wardrobe.post("/labels?list=1&category=tutu", data=options)
    assert tags_in(listed.data) == ["ET-00002", "ET-00004"]
    checked = as_wardrobe.post(
        f"/labels?garment={wardrobe['ET-00004']}&garment={wardrobe['ET-00001']}", data=options
    )
    assert tags_in(checked.data) == ["ET-00004", "ET-00001"]


def test_print_page_summarises_the_garments(as_wardrobe, wardrobe):
    page = as_wardrobe.get(f"/labels?costume_id=C-{wardrobe['costume']}").text
    assert "2 garments" in page and "ET-00001" in page and "ET-00003" not in page
    assert "Avery L7160: A4, 21 a sheet (3×7), 63.5×38.1 mm" in page
    assert "Dymo 30252: 28×89 mm, one label a page" in page


@pytest.mark.parametrize(
    "base_url, warned",
    [("", True), ("http://localhost:5000", True), ("http://127.0.0.1", True), (PUBLIC, False)],
)
def test_print_page_warns_when_phones_cannot_reach_the_labels(
    app, as_wardrobe, wardrobe, base_url, warned
):
    app.config["PUBLIC_BASE_URL"] = base_url
    page = as_wardrobe.get(f"/labels?garment={wardrobe['ET-00001']}").text
    assert ("Phones will not reach these labels" in page) is warned
    if not warned:
        assert "HTTPS://WARDROBE.EXAMPLE.ORG/G/ET-00001" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"preset": "L7999"}, "Label stock: Unknown label preset &#39;L7999&#39;"),
        ({"start": "22"}, "Start at label: Start position must be between 1 and 21"),
        ({"start": ""}, "Start at label: Give a whole number."),
        ({"copies": "0"}, "Copies per garment: Copies must be between 1 and 50, not 0."),
        ({"copies": "51"}, "Copies per garment: Copies must be between 1 and 50, not 51."),
        ({"ec": "H"}, "Error correction: Error correction must be M or Q"),
    ],
)
def test_bad_options_name_the_field(as_wardrobe, wardrobe, data, message):
    form = {"preset": "L7160", "start": "1", "copies": "1", "ec": "M", **data}
    response = as_wardrobe.post(f"/labels?garment={wardrobe['ET-00001']}", data=form)
    assert response.status_code == 400
    assert message in response.text


def test_no_garments_gets_a_clear_message(as_wardrobe, wardrobe):
    form = {"preset": "L7160", "start": "1", "copies": "1", "ec": "M"}
    response = as_wardrobe.post("/labels", data=form)
    assert response.status_code == 400
    assert "Choose at least one garment to print labels for." in response.text
    assert "No garments to print labels for" in as_wardrobe.get("/labels?list=1&q=zzz").text
    assert "There is no costume C-999" in as_wardrobe.get("/labels?costume_id=999").text


def test_too_many_labels_are_refused(monkeypatch, as_wardrobe, wardrobe):
    monkeypatch.setattr("costume_tracker.labels.sources.MAX_LABELS", 2)
    page = as_wardrobe.get("/labels?list=1").text
    assert "The list has 3 garments; at most 2 labels are printed at once" in page
    monkeypatch.setattr("costume_tracker.labels.services.MAX_LABELS", 2)
    form = {"preset": "L7160", "start": "1", "copies": "3", "ec": "M"}
    response = as_wardrobe.post(f"/labels?garment={wardrobe['ET-00001']}", data=form)
    assert "would be 3 labels; at most 2" in response.text


def test_catalog_pages_link_to_printing(as_wardrobe, wardrobe):
    garment = as_wardrobe.get(f"/garments/{wardrobe['ET-00001']}").text
    assert f'href="/labels?garment={wardrobe["ET-00001"]}">Print labels' in garment
    costume = as_wardrobe.get(f"/costumes/{wardrobe['costume']}").text
    assert f'href="/labels?costume_id={wardrobe["costume"]}">Print labels' in costume
    listing = as_wardrobe.get("/garments?category=tutu").text
    assert 'action="/labels"' in listing
    assert f'name="garment" value="{wardrobe["ET-00002"]}"' in listing
    assert 'href="/labels?list=1&amp;category=tutu">Print labels for all 2 found' in listing


def test_viewers_see_no_print_controls(as_viewer, wardrobe):
    assert "Print labels" not in as_viewer.get("/garments").text
    assert "Print labels" not in as_viewer.get(f"/garments/{wardrobe['ET-00001']}").text


def test_only_admins_calibrate_and_the_offset_moves_the_labels(app, client, users, wardrobe):
    login(client, "wardrobe")
    assert client.get("/labels/calibration").status_code == 403
    assert client.post("/labels/calibration/L7160", data={}).status_code == 403
    client.post("/logout")
    login(client, "admin")
    before = _qr_corner(client, wardrobe)
    assert "Avery L7651" in client.get("/labels/calibration").text
    form = {"L7160-offset_x": "2", "L7160-offset_y": "-1.5"}
    response = client.post("/labels/calibration/L7160", data=form, follow_redirects=True)
    assert "Avery L7160 labels now move +2 mm across and -1.5 mm down." in response.text
    with app.app_context():
        assert calibration("L7160") == (2.0, -1.5)
    bad = client.post("/labels/calibration/L7160", data={**form, "L7160-offset_x": "20"})
    assert bad.status_code == 400
    assert "Offset x (mm): Offsets must be between -15 and 15 mm." in bad.text
    empty = client.post("/labels/calibration/L7160", data={"L7160-offset_x": "1"})
    assert "Offset y (mm): Give a number of millimetres" in empty.text
    page = client.get(f"/labels?garment={wardrobe['ET-00001']}").text
    assert "Avery L7160 +2 mm across, -1.5 mm down" in page
    after = _qr_corner(client, wardrobe)
    assert after[0] - before[0] == pytest.approx(2.0 / 25.4 * 300, abs=1.5)
    assert after[1] - before[1] == pytest.approx(-1.5 / 25.4 * 300, abs=1.5)


def _qr_corner(client, wardrobe) -> tuple[float, float]:
    """Where the printed QR's top-left corner is found on the page, in 300 dpi pixels."""
    options = {"preset": "L7160", "start": "1", "copies": "1", "ec": "M"}
    pdf = client.post(f"/labels?garment={wardrobe['ET-00001']}", data=options).data
    (code,) = decode(render(pdf, 300)[0])
    return code.position.top_left.x, code.position.top_left.y


def test_cli_writes_the_same_labels(app, runner, wardrobe, tmp_path):
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    out = tmp_path / "labels.pdf"
    result = runner.invoke(
        args=[
            "labels",
            "--preset",
            "l7160",
            "--start",
            "3",
            "--copies",
            "2",
            "et-00001",
            "ET-00004",
            "--out",
            str(out),
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 4 label(s) for 2 garments on 1 page(s)" in result.output
    assert tags_in(out.read_bytes()) == ["ET-00001", "ET-00001", "ET-00004", "ET-00004"]
    costume = runner.invoke(
        args=[
            "labels",
            "--preset",
            "DK-11209",
            "--costume",
            f"C-{wardrobe['costume']}",
            "--ec",
            "q",
            "--out",
            str(out),
        ]  # fmt: skip
    )
    assert costume.exit_code == 0, costume.output
    assert [code.ec_level for page in render(out.read_bytes(), 150) for code in decode(page)] == [
        "Q",
        "Q",
    ]


def test_cli_errors_name_what_is_wrong(app, runner, wardrobe, tmp_path):
    out = tmp_path / "labels.pdf"
    unknown = runner.invoke(
        args=["labels", "--preset", "L7160", "ET-00001", "ET-09999", "--out", str(out)]
    )
    assert unknown.exit_code != 0 and "Unknown tag code(s): ET-09999." in unknown.output
    start = runner.invoke(args=["labels", "--preset", "L7160", "--start", "30", "--all",
                                "--out", str(out)])  # fmt: skip
    assert start.exit_code != 0 and "--start: Start position must be between 1 and 21" in (
        start.output
    )
    nothing = runner.invoke(args=["labels", "--preset", "L7160", "--out", str(out)])
    assert nothing.exit_code == 2 and "exactly one of them" in nothing.output
    assert not out.exists()
    local = runner.invoke(args=["labels", "--preset", "L7160", "--all", "--out", str(out)])
    assert local.exit_code == 0 and "PUBLIC_BASE_URL is not set" in local.output


def test_cli_help_lists_the_presets(runner):
    result = runner.invoke(args=["labels", "--help"])
    assert result.exit_code == 0
    for preset in PRESETS.values():
        assert preset.key in result.output and preset.name in result.output


def test_bench_prints_a_table(runner):
    result = runner.invoke(args=["bench", "labels", "--counts", "21"])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()[1:3]
    assert header.split() == [
        "garments",
        "sheets",
        "seconds",
        "labels/s",
        "peak",
        "MiB",
        "PDF",
        "KiB",
    ]
    assert row.split()[:2] == ["21", "1"]
