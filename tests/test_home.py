"""The home page answers "what needs me today" for a site, each card linking to its list."""

import html
import re
from datetime import timedelta

import pytest

from costume_tracker.assignments.alterations import pending_select, record_alteration
from costume_tracker.assignments.doubles import coverage_gaps, create_multiple
from costume_tracker.assignments.services import assign_costume, overdue_select
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.workflow import change_status
from costume_tracker.extensions import db
from costume_tracker.i18n.times import local_today
from costume_tracker.tracking.services import activity_select
from tests.conftest import PASSWORD, make_costume, make_garment, make_performer, site_id

FR = {"Accept-Language": "fr"}


@pytest.fixture
def two_sites(app):
    """Paris: a costume overdue, a double without a multiple, a laundry and a repair, an
    alteration to mirror. New York: a costume worn (not due yet), a laundry, a lost piece."""
    with app.app_context():
        paris, new_york = site_id("Paris"), site_id("New York")
        today = local_today("UTC")
        aurora = make_costume("Aurora, Act III wedding")
        make_garment(name="Wedding tutu", category="tutu", costume_id=aurora.id)
        make_garment(name="Wedding bodice", costume_id=aurora.id)
        ines = make_performer("Inès Laurent")
        make_performer("Clémence Aubry", kind="double", doubles_for_id=ines.id)
        assign_costume(
            aurora, ines, None, starts_on=today - timedelta(days=10), due_on=today - timedelta(3)
        )
        lilac = make_costume("Lilac Fairy")
        make_garment(name="Lilac bodice", costume_id=lilac.id)
        create_multiple(lilac, None)
        db.session.commit()
        db.session.refresh(lilac)
        record_alteration(lilac, "Bodice taken in 1 cm at the waist", None)
        change_status(make_garment(name="Paris shirt", category="shirt"), "in laundry", None, None)
        change_status(make_garment(name="Torn jacket", category="jacket"), "in repair", None, None)

        clara = make_costume("Clara, party scene")
        make_garment(
            name="Party dress", category="dress", home_site_id=new_york, costume_id=clara.id
        )
        make_garment(
            name="Party shoes", category="shoes", home_site_id=new_york, costume_id=clara.id
        )
        sofia = make_performer("Sofia Chen", company_site_id=new_york)
        assign_costume(clara, sofia, None, due_on=today + timedelta(days=5))
        for name, status in (("NY tights", "in laundry"), ("NY headpiece", "lost")):
            garment = make_garment(name=name, category="tights", home_site_id=new_york)
            change_status(garment, status, None, None)
        db.session.commit()
        return {"Paris": paris, "New York": new_york}


def main(page: str) -> str:
    """The page's own content, without the header and menus every page has."""
    return page[page.index("<main") : page.index("</main>")]


def cards(page: str) -> dict[str, str]:
    """Each card's HTML by its name (out, overdue, coverage, alterations, activity)."""
    found = re.findall(
        r'<section[^>]*aria-labelledby="home-(\w+)"[^>]*>(.*?)</section>', page, re.S
    )
    return dict(found)


def count(card: str) -> int:
    return int(re.search(r'class="home-count">([\d\s,.]+)', card).group(1).strip())


def links(card: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', card)]


def more_link(card: str) -> str:
    return html.unescape(re.search(r'class="home-more"><a href="([^"]+)"', card).group(1))


def test_counts_for_each_card_at_each_site(as_wardrobe, two_sites):
    paris = cards(as_wardrobe.get(f"/?site={two_sites['Paris']}").text)
    assert {name: count(card) for name, card in paris.items() if name != "activity"} == {
        "out": 4,
        "overdue": 1,
        "coverage": 1,
        "alterations": 1,
    }
    assert "Aurora, Act III wedding" in paris["overdue"] and "3 days late" in paris["overdue"]
    assert "Clémence Aubry, double of Inès Laurent" in paris["coverage"]
    assert "Bodice taken in 1 cm at the waist" in paris["alterations"]
    new_york = cards(as_wardrobe.get(f"/?site={two_sites['New York']}").text)
    counts = {name: count(card) for name, card in new_york.items() if name != "activity"}
    assert counts == {"out": 4, "overdue": 0, "coverage": 0, "alterations": 0}
    everywhere = cards(as_wardrobe.get("/?site=all").text)
    assert (count(everywhere["out"]), count(everywhere["overdue"])) == (8, 1)


def test_out_by_status_longest_out_first(app, as_wardrobe, two_sites):
    out = cards(as_wardrobe.get(f"/?site={two_sites['Paris']}").text)["out"]
    statuses = re.findall(r'status=([^&"]+)&amp;site=(\d+)#out">.*?<b>(\d+)</b>', out, re.S)
    paris = str(two_sites["Paris"])
    assert statuses == [
        ("with+performer", paris, "2"),
        ("in+laundry", paris, "1"),
        ("in+repair", paris, "1"),
    ]
    names = re.findall(r'class="tag">ET-\d+</span> ([^<]+)</a>', out)
    assert names == ["Wedding tutu", "Wedding bodice", "Paris shirt", "Torn jacket"]
    assert "Party dress" not in out and "NY tights" not in out


def test_the_home_site_is_the_default_and_the_switch_is_in_the_url(app, client, two_sites):
    with app.app_context():
        save_user("ny@example.org", "viewer", PASSWORD, site_id=two_sites["New York"])
    client.post("/login", data={"email": "ny@example.org", "password": PASSWORD})
    page = client.get("/").text
    assert "Today at New York" in page
    assert f'href="/?site={two_sites["New York"]}" aria-current="page"' in page
    assert count(cards(page)["out"]) == 4
    paris = client.get(f"/?site={two_sites['Paris']}").text
    assert "Today at Paris" in paris and count(cards(paris)["overdue"]) == 1
    assert 'href="/?site=all">' in paris
    everywhere = client.get("/?site=all").text
    assert "Today at every site" in everywhere
    assert 'href="/?site=all" aria-current="page"' in everywhere
    # Nothing is remembered: the next visit is the home site again.
    assert "Today at New York" in client.get("/").text
    # An unknown site falls back to the home site.
    assert "Today at New York" in client.get("/?site=999").text


def test_each_card_links_to_its_filtered_list_with_the_same_count(as_wardrobe, two_sites):
    paris = two_sites["Paris"]
    home = cards(as_wardrobe.get(f"/?site={paris}").text)
    out_link = next(link for link in links(home["out"]) if "status=in+laundry" in link)
    assert out_link == f"/where?status=in+laundry&site={paris}#out"
    assert "1 garment" in as_wardrobe.get(out_link).text
    assert more_link(home["out"]) == f"/where?site={paris}#out"
    assert "4 garments" in as_wardrobe.get(more_link(home["out"])).text
    assert more_link(home["overdue"]) == f"/overdue?site={paris}"
    assert "1 costume past their due date" in as_wardrobe.get(more_link(home["overdue"])).text
    assert more_link(home["coverage"]) == f"/doubles?site={paris}"
    coverage = as_wardrobe.get(more_link(home["coverage"])).text
    assert "1 gap" in coverage and "Clémence Aubry" in coverage
    assert more_link(home["alterations"]) == f"/alterations?site={paris}"
    alterations = as_wardrobe.get(more_link(home["alterations"])).text
    assert "1 alteration waiting" in alterations and "Lilac Fairy, multiple 1" in alterations
    assert more_link(home["activity"]) == f"/activity?site={paris}"
    new_york = cards(as_wardrobe.get(f"/?site={two_sites['New York']}").text)
    assert "0 costumes past their due date" in as_wardrobe.get(more_link(new_york["overdue"])).text
    assert "0 gaps" in as_wardrobe.get(more_link(new_york["coverage"])).text
    assert "0 alterations waiting" in as_wardrobe.get(more_link(new_york["alterations"])).text


def test_recent_activity_is_the_site_garments_newest_first(as_wardrobe, two_sites):
    activity = cards(as_wardrobe.get(f"/?site={two_sites['Paris']}").text)["activity"]
    rows = re.findall(r"<li>(.*?)</li>", activity, re.S)
    assert len(rows) == 8
    assert "Torn jacket" in rows[0] and "in repair" in rows[0]
    assert not any(name in activity for name in ("Party dress", "NY tights", "NY headpiece"))
    # The card is the top of the Activity page filtered to the site.
    tags = re.findall(r'class="tag">(ET-\d+)<', activity)
    full = main(as_wardrobe.get(more_link(activity)).text)
    assert re.findall(r'class="tag" href="/garments/\d+">(ET-\d+)<', full)[:8] == tags
    new_york = cards(as_wardrobe.get(f"/?site={two_sites['New York']}").text)["activity"]
    assert "NY headpiece" in new_york and "Torn jacket" not in new_york


def test_empty_states_name_the_site(as_viewer, app):
    with app.app_context():
        paris = site_id("Paris")
    page = as_viewer.get(f"/?site={paris}").text
    for words in (
        "No garments out at Paris: everything is in stock.",
        "Nothing overdue at Paris.",
        "No gaps at Paris: every double wears a multiple of their principal's costume.",
        "No alterations to mirror at Paris.",
        "Nothing recorded yet for the garments of Paris.",
    ):
        assert words in page, words
    assert "Nothing is overdue." in as_viewer.get("/?site=all").text


def test_viewer_sees_the_figures_but_no_actions(as_viewer, two_sites):
    page = main(as_viewer.get(f"/?site={two_sites['Paris']}").text)
    assert count(cards(page)["overdue"]) == 1
    assert 'href="/scan"' not in page and "Scan garments" not in page
    assert "Assign a costume" not in page and "<form" not in page


def test_wardrobe_gets_the_scan_entry(as_wardrobe, two_sites):
    page = main(as_wardrobe.get("/").text)
    assert re.search(r'<a class="button primary home-scan" href="/scan">', page)
    assert "Scan garments" in page


def test_signing_in_without_next_lands_on_the_home_page(client, users):
    response = client.post("/login", data={"email": "viewer@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200 and "Today at every site" in page.text


def test_home_page_in_french(as_wardrobe, two_sites):
    page = as_wardrobe.get(f"/?site={two_sites['Paris']}", headers=FR).text
    for words in (
        "Aujourd’hui à Paris",
        "Pièces sorties",
        "En retard",
        "Manques dans la couverture des doublures",
        "Retouches à reporter",
        "Activité récente",
        "3 jours de retard",
        "Scanner des pièces",
    ):
        assert words in page, words
    assert "Nothing" not in page and "Garments out" not in page


def test_alterations_list_marks_one_mirrored_and_comes_back(app, as_wardrobe, two_sites):
    listed = as_wardrobe.get(f"/alterations?site={two_sites['Paris']}").text
    action = re.search(r'action="(/alterations/\d+/done)"', listed).group(1)
    back = f"/alterations?site={two_sites['Paris']}"
    response = as_wardrobe.post(action, data={"back": back})
    assert response.headers["Location"] == back
    assert "0 alterations waiting" in as_wardrobe.get(back).text
    page = as_wardrobe.get(f"/?site={two_sites['Paris']}").text
    assert count(cards(page)["alterations"]) == 0


def test_list_queries_filter_by_site(app, two_sites):
    paris, new_york = two_sites["Paris"], two_sites["New York"]
    with app.app_context():
        later = local_today("UTC") + timedelta(days=30)  # a date: everyone's today
        for site, names in ((paris, ["Inès Laurent"]), (new_york, ["Sofia Chen"])):
            rows = db.session.scalars(overdue_select(later, site))
            assert [a.performer.name for a in rows] == names
        assert [g.double.name for g in coverage_gaps(site_id=paris)] == ["Clémence Aubry"]
        assert coverage_gaps(site_id=new_york) == []
        assert len(db.session.scalars(pending_select(paris)).all()) == 1
        assert db.session.scalars(pending_select(new_york)).all() == []
        events = db.session.scalars(activity_select(site_id=new_york)).all()
        assert events and {e.garment.home_site_id for e in events} == {new_york}
