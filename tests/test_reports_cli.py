"""``flask --app costume_tracker report``: the same CSV as the page's download."""

import pytest

from costume_tracker.auth.models import User
from costume_tracker.extensions import db
from costume_tracker.reports.columns import PERFORMER_COLUMNS, measurement_columns
from costume_tracker.reports.services import REPORTS

from .reporting import csv_cells
from .test_reports import build_wardrobe


@pytest.fixture
def wardrobe(app, users):
    with app.app_context():
        return build_wardrobe(db.session.get(User, users["wardrobe"]))


def test_help_lists_every_report(runner):
    result = runner.invoke(args=["report", "--help"])
    assert result.exit_code == 0
    for name in REPORTS:
        assert name in result.output
    for option in ("--site", "--production", "--status", "--since", "--until", "--garment",
                   "--performer", "--user", "--kind", "--unit", "--out"):  # fmt: skip
        assert option in result.output


@pytest.mark.parametrize(
    ("name", "options", "query"),
    [
        ("inventory", ["--site", "paris"], "site=1"),
        ("tutus", [], ""),
        ("out", ["--status", "in laundry"], "status=in+laundry"),
        ("history", ["--kind", "status"], "kind=status"),
        ("costume-plot", ["--production", "Sleeping Beauty"], "production=1"),
        ("doubles-coverage", ["--status", "gap"], "status=gap"),
        ("costumes", [], ""),
    ],
)
def test_cli_writes_the_download(runner, as_wardrobe, wardrobe, tmp_path, name, options, query):
    out = tmp_path / f"{name}.csv"
    result = runner.invoke(args=["report", name, *options, "--out", str(out)])
    assert result.exit_code == 0, result.output
    web = as_wardrobe.get(f"/reports/{name}.csv?{query}").get_data()
    assert out.read_bytes() == web
    rows = len(csv_cells(web)[1])
    words = f"{rows} row" if rows == 1 else f"{rows} rows"
    assert f"Wrote {words} of the {name} report to {out}." in result.output


def test_cli_performers_in_inches_or_without_measurements(runner, wardrobe, tmp_path):
    out = tmp_path / "cast.csv"
    assert (
        runner.invoke(args=["report", "performers", "--unit", "in", "--out", str(out)]).exit_code
        == 0
    )
    header, rows = csv_cells(out.read_bytes())
    assert tuple(header) == PERFORMER_COLUMNS + measurement_columns("in")
    args = ["report", "performers", "--no-measurements", "--out", str(out)]
    assert runner.invoke(args=args).exit_code == 0
    assert tuple(csv_cells(out.read_bytes())[0]) == PERFORMER_COLUMNS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "stock"], "no report called 'stock'; reports: inventory, tutus"),
        (["report", "inventory", "--kind", "edit"], "--kind: does not apply to this report."),
        (["report", "history", "--since", "yesterday"], "--since: 'yesterday' is not a date"),
        (["report", "inventory", "--site", "Lyon"], "--site: no site called 'Lyon'"),
        (["report", "inventory", "--status", "borrowed"], "--status: 'borrowed' is not one of"),
        (["report", "history", "--garment", "ET-99999"], "no garment has the tag code 'ET-99999'"),
        (["report", "history", "--user", "nobody@example.org"], "no user with the email"),
        (["report", "performers", "--unit", "mm"], "--unit: 'mm' is not one of: cm, in."),
    ],
)
def test_cli_refuses_unknown_names_and_values(runner, wardrobe, tmp_path, args, message):
    out = tmp_path / "report.csv"
    result = runner.invoke(args=[*args, "--out", str(out)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not out.exists(), "a refused report leaves no file behind"


def test_cli_to_standard_output(runner, wardrobe):
    result = runner.invoke(args=["report", "costumes", "--out", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfCostume ID,Name,")
