"""The print page, the calibration page and the ``labels`` and ``bench`` commands."""

import os
from pathlib import Path

import pytest

from costume_tracker.extensions import db
from costume_tracker.labels.layout import label_box
from costume_tracker.labels.presets import PRESETS
from costume_tracker.labels.services import CONFIRM_LOCAL, calibration
from tests.conftest import login, make_costume, make_garment
from tests.test_labels_decode import crop, decode, render

PUBLIC = "https://wardrobe.example.org"
OPTIONS = {"preset": "L7160", "start": "1", "copies": "1", "ec": "M"}
# Addresses no phone can open: refused by the command, confirmed explicitly on the page.
UNREACHABLE = ["", "http://localhost:5000", "http://127.0.0.1", "http://127.0.1.1:8000",
               "http://[::1]:5000", "http://0.0.0.0:5000", "http://wardrobe.localhost"]  # fmt: skip


@pytest.fixture(autouse=True)
def public_base_url(app):
    """Labels are printed for the wardrobe's public address unless a test says otherwise."""
    app.config["PUBLIC_BASE_URL"] = PUBLIC


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


@pytest.mark.parametrize("base_url", UNREACHABLE)
def test_print_page_warns_and_asks_to_confirm_local_labels(app, as_wardrobe, wardrobe, base_url):
    app.config["PUBLIC_BASE_URL"] = base_url
    page = as_wardrobe.get(f"/labels?garment={wardrobe['ET-00001']}").text
    assert "Phones will not reach these labels" in page
    assert CONFIRM_LOCAL in page and 'name="confirm_local"' in page


@pytest.mark.parametrize("base_url", [PUBLIC, "http://192.168.1.20:5000"])
def test_print_page_needs_no_confirmation_for_a_reachable_address(
    app, as_wardrobe, wardrobe, base_url
):
    app.config["PUBLIC_BASE_URL"] = base_url
    page = as_wardrobe.get(f"/labels?garment={wardrobe['ET-00001']}").text
    assert "Phones will not reach these labels" not in page
    assert 'name="confirm_local"' not in page
    assert f"{base_url.upper()}/G/ET-00001" in page
    local_network = "Only phones on the local network will reach these labels" in page
    assert local_network is (base_url != PUBLIC)
    response = as_wardrobe.post(f"/labels?garment={wardrobe['ET-00001']}", data=OPTIONS)
    assert response.mimetype == "application/pdf"


@pytest.mark.parametrize("base_url", UNREACHABLE)
def test_local_labels_print_only_once_confirmed(app, as_wardrobe, wardrobe, base_url):
    """The server refuses them without the box ticked: no script can skip the question."""
    app.config["PUBLIC_BASE_URL"] = base_url
    address = f"/labels?garment={wardrobe['ET-00001']}"
    refused = as_wardrobe.post(address, data=OPTIONS)
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    assert f"{CONFIRM_LOCAL}: Tick this box to print labels that point at" in refused.text
    assert "Phones will not reach these labels" in refused.text
    unticked = as_wardrobe.post(address, data={**OPTIONS, "confirm_local": ""})
    assert unticked.status_code == 400 and unticked.mimetype == "text/html"
    confirmed = as_wardrobe.post(address, data={**OPTIONS, "confirm_local": "y"})
    assert confirmed.status_code == 200 and confirmed.mimetype == "application/pdf"
    (code,) = decode(render(confirmed.data, 150)[0])
    expected = (base_url or "http://localhost").upper()
    assert code.text == f"{expected}/G/ET-00001"


def test_print_page_says_print_at_100_percent(as_wardrobe, wardrobe):
    page = as_wardrobe.get(f"/labels?garment={wardrobe['ET-00001']}").text
    assert "Print at 100 %" in page


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
    assert "Wrote 4 labels for 2 garments on 1 page" in result.output
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
    assert unknown.exit_code != 0 and "Unknown tag code: ET-09999." in unknown.output
    start = runner.invoke(args=["labels", "--preset", "L7160", "--start", "30", "--all",
                                "--out", str(out)])  # fmt: skip
    assert start.exit_code != 0 and "--start: Start position must be between 1 and 21" in (
        start.output
    )
    nothing = runner.invoke(args=["labels", "--preset", "L7160", "--out", str(out)])
    assert nothing.exit_code == 2 and "exactly one of them" in nothing.output
    assert not out.exists()


@pytest.mark.parametrize("base_url", UNREACHABLE)
def test_cli_refuses_labels_no_phone_can_open(app, runner, wardrobe, tmp_path, base_url):
    app.config["PUBLIC_BASE_URL"] = base_url
    out = tmp_path / "labels.pdf"
    result = runner.invoke(args=["labels", "--preset", "L7160", "--all", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: Not printing: PUBLIC_BASE_URL ")
    assert "--base-url URL" in result.output and len(result.output.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("base_url", ["", "http://127.0.0.1:5000"])
def test_cli_base_url_overrides_the_configuration(app, runner, wardrobe, tmp_path, base_url):
    app.config["PUBLIC_BASE_URL"] = base_url
    out = tmp_path / "labels.pdf"
    given = "https://Costumes.Example.net/wardrobe/"
    args = ["labels", "--preset", "L7160", "ET-00001", "--base-url", given, "--out", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    (code,) = decode(render(out.read_bytes(), 150)[0])
    assert code.text == "HTTPS://COSTUMES.EXAMPLE.NET/wardrobe/G/ET-00001"
    assert "Warning" not in result.output
    # Given explicitly, even a local address prints (a test print), with the warning.
    local = runner.invoke(
        args=[*args[:4], "--base-url", "http://localhost:5000", "--out", str(out)]
    )
    assert local.exit_code == 0 and "Warning: PUBLIC_BASE_URL is http://localhost:5000" in (
        local.stderr
    )


@pytest.mark.parametrize(
    "given, words",
    [
        ("wardrobe.example.org", "must start with http:// or https://"),
        ("https://", "has no host name"),
        ("https://wardrobe.example.org/?x=1", "must not have a query"),
        ("https://wardrobe.example.org:http", "is not a valid address"),
    ],
)
def test_cli_bad_base_url_is_named(runner, wardrobe, tmp_path, given, words):
    out = tmp_path / "labels.pdf"
    result = runner.invoke(
        args=["labels", "--preset", "L7160", "--all", "--base-url", given, "--out", str(out)]
    )
    assert result.exit_code == 2 and "--base-url" in result.output and words in result.output
    assert not out.exists()


def test_cli_allows_a_local_network_address_with_a_warning(app, runner, wardrobe, tmp_path):
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000"
    out = tmp_path / "labels.pdf"
    result = runner.invoke(args=["labels", "--preset", "L7160", "ET-00001", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Warning: PUBLIC_BASE_URL is http://192.168.1.20:5000, a local-network address" in (
        result.stderr
    )
    assert decode(render(out.read_bytes(), 150)[0])[0].text == "HTTP://192.168.1.20:5000/G/ET-00001"


def test_cli_writes_the_pdf_to_standard_output(runner, wardrobe):
    result = runner.invoke(args=["labels", "--preset", "L7160", "ET-00001", "--out", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stdout_bytes.rstrip().endswith(
        b"%%EOF"
    )
    assert tags_in(result.stdout_bytes) == ["ET-00001"]
    assert "Wrote 1 label for ET-00001 on 1 page to standard output." in result.stderr


def _unwritable(tmp_path):
    """A folder this user cannot write to (root writes anywhere but in /sys)."""
    if os.geteuid() == 0:
        return Path("/sys/labels.pdf")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "labels.pdf"


@pytest.mark.parametrize(
    "where, tag, words",
    [
        (lambda tmp: tmp / "missing" / "labels.pdf", "ET-09999", "does not exist."),
        (lambda tmp: tmp, "ET-09999", "is a folder; give a file name."),
        (_unwritable, "ET-00001", "writable."),
    ],
)
def test_cli_reports_an_unwritable_output_in_one_line(
    runner, wardrobe, tmp_path, where, tag, words
):
    out = where(tmp_path)
    if out == Path("/sys/labels.pdf"):
        words = "Permission denied."
    # An unknown tag code is reported after the output path: that is checked before any work.
    result = runner.invoke(args=["labels", "--preset", "L7160", tag, "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.endswith(f"{words}\n")
    assert len(result.output.splitlines()) == 1 and str(out) in result.output


def test_cli_leaves_no_partial_file_and_keeps_the_old_one_on_failure(runner, wardrobe, tmp_path):
    out = tmp_path / "sheets" / "labels.pdf"
    out.parent.mkdir()
    out.write_bytes(b"yesterday's labels")
    failed = runner.invoke(args=["labels", "--preset", "L7160", "ET-09999", "--out", str(out)])
    assert failed.exit_code == 1 and out.read_bytes() == b"yesterday's labels"
    written = runner.invoke(args=["labels", "--preset", "L7160", "ET-00001", "--out", str(out)])
    assert written.exit_code == 0 and out.read_bytes().startswith(b"%PDF-")
    assert [path.name for path in out.parent.iterdir()] == ["labels.pdf"]
