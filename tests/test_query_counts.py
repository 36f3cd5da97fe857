"""No page runs one query per row: statement counts stay the same when the stock grows."""

import pytest

from costume_tracker.bench.pages import run_size


@pytest.fixture(scope="module")
def figures():
    """Every benchmarked page on a small and a ten times larger wardrobe."""
    small = {f.name: f for f in run_size(80, repeat=1)}
    large = {f.name: f for f in run_size(800, repeat=1)}
    return small, large


def test_every_page_answers(figures):
    small, large = figures
    for name in small:
        assert small[name].status == 200, name
        assert large[name].status == 200, name


def test_statements_per_page_do_not_follow_the_stock_size(figures):
    small, large = figures
    # A list that fits on one page skips its count query: one statement less, never more.
    grown = {
        name: (small[name].statements, large[name].statements)
        for name in small
        if not small[name].statements <= large[name].statements <= small[name].statements + 1
    }
    assert grown == {}, f"statements per page (80 → 800 garments): {grown}"


def test_pages_run_a_handful_of_statements(figures):
    _small, large = figures
    heavy = {name: f.statements for name, f in large.items() if f.statements > 25}
    assert heavy == {}
