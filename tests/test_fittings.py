"""Fittings: slots in the site's local time, clashes refused with who holds the slot, day and
week views, the fitting page with its outcome, photos and alteration tasks."""

import html
import io
from datetime import UTC, date, datetime, time

import pytest
from PIL import Image
from sqlalchemy import event, func, select

from costume_tracker.assignments.models import Alteration
from costume_tracker.auth.models import User
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.models import Costume
from costume_tracker.extensions import db
from costume_tracker.fittings.models import Fitting, FittingPhoto
from costume_tracker.fittings.services import (
    FittingError,
    FittingValues,
    add_fitting_photo,
    cancel_fitting,
    local_start,
    record_outcome,
    room_key,
    save_fitting,
)
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Site
from costume_tracker.people.models import Performer
from tests.breakdown_factories import character, make_change
from tests.conftest import dressed_costume, make_performer, site_id

SUMMER, WINTER = date(2027, 7, 1), date(2027, 1, 14)  # a Thursday each


def set_site_zones() -> None:
    """The fixture's sites in their real zones (the reference lists leave them UTC)."""
    zones = {"Paris": "Europe/Paris", "New York": "America/New_York"}
    for site in db.session.scalars(select(Site)):
        site.timezone = zones[site.name]
    db.session.commit()


def fitting_world() -> dict:
    """Two Paris performers, a New York one, two costumes, a fitter named Claire."""
    set_site_zones()
    claire = save_user("claire@example.org", "wardrobe", "correct horse battery", name="Claire")[0]
    return {
        "ines": make_performer("Inès Laurent"),
        "lea": make_performer("Léa Moreau", kind="double"),
        "maya": make_performer("Maya Okafor", company_site_id=site_id("New York")),
        "wedding": dressed_costume("Aurora, Act III wedding"),
        "party": dressed_costume("Clara, Act I party"),
        "claire": claire,
    }


def book(performer, at: str, minutes: int = 45, room: str = "Fitting room 2", **fields):
    """Book through the service (as the booking form does); call inside an app context."""
    fitting = fields.pop("fitting", None)
    values = {
        "performer": performer,
        "day": fields.pop("day", SUMMER),
        "at": time.fromisoformat(at),
        "minutes": minutes,
        "room": room,
        "costumes": fields.pop("costumes", None) or [db.session.scalar(select(Costume).limit(1))],
        **fields,
    }
    return save_fitting(fitting, FittingValues(**values), None)


@pytest.fixture
def world(app):
    with app.app_context():
        return {key: value.id for key, value in fitting_world().items()}


def get(model, key_id):
    return db.session.get(model, key_id)


# --- Local time, both seasons ------------------------------------------------------------


def test_ten_o_clock_in_paris_is_eight_utc_in_summer_and_nine_in_winter(app, world):
    with app.app_context():
        paris = get(Site, site_id("Paris"))
        assert local_start(SUMMER, time(10), paris) == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)
        assert local_start(WINTER, time(10), paris) == datetime(2027, 1, 14, 9, 0, tzinfo=UTC)
        new_york = get(Site, site_id("New York"))
        assert local_start(SUMMER, time(10), new_york) == datetime(2027, 7, 1, 14, tzinfo=UTC)
        assert local_start(WINTER, time(10), new_york) == datetime(2027, 1, 14, 15, tzinfo=UTC)


def test_a_booked_fitting_is_stored_in_utc(app, world):
    with app.app_context():
        summer = book(get(Performer, world["ines"]), "10:00")
        winter = book(get(Performer, world["ines"]), "10:00", day=WINTER)
        assert summer.starts_at == datetime(2027, 7, 1, 8, tzinfo=UTC)
        assert winter.starts_at == datetime(2027, 1, 14, 9, tzinfo=UTC)
        assert summer.site.name == "Paris"  # the performer's company site by default


def test_a_time_the_clocks_skip_is_refused(app, world):
    with app.app_context(), pytest.raises(FittingError) as refused:
        book(get(Performer, world["ines"]), "02:30", day=date(2027, 3, 28))
    assert "does not exist" in refused.value.errors["at"]


@pytest.mark.parametrize("minutes", [0, 4, 481, 1000])
def test_a_duration_outside_5_to_480_minutes_is_refused(app, world, minutes):
    with app.app_context(), pytest.raises(FittingError) as refused:
        book(get(Performer, world["ines"]), "10:00", minutes=minutes)
    assert "5 to 480" in refused.value.errors["minutes"]


# --- Clashes -----------------------------------------------------------------------------


def test_the_same_room_at_the_same_site_is_refused_naming_who_holds_it(app, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "10:00", fitter=get(User, world["claire"]))
        with pytest.raises(FittingError) as refused:
            book(get(Performer, world["lea"]), "10:30", room="  fitting   ROOM 2 ")
    assert refused.value.errors == {
        "room": "Fitting room 2 is taken 10:00–10:45 by Inès Laurent's fitting (fitter Claire)."
    }


def test_the_same_performer_is_refused_naming_their_other_fitting(app, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "10:15", minutes=30, room="Fitting room 1")
        with pytest.raises(FittingError) as refused:
            book(get(Performer, world["ines"]), "10:00", room="Fitting room 2")
    assert refused.value.errors == {
        "performer": "Inès Laurent already has a fitting 10:15–10:45 in Fitting room 1."
    }


def test_the_same_room_name_at_another_site_is_free(app, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "10:00")
        other = book(get(Performer, world["maya"]), "04:00")  # 10:00 in Paris
        assert other.site.name == "New York"
        assert other.starts_at == datetime(2027, 7, 1, 8, tzinfo=UTC)


def test_a_performer_cannot_be_in_two_cities_at_once(app, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "10:00")
        with pytest.raises(FittingError) as refused:
            book(get(Performer, world["ines"]), "04:30", site=get(Site, site_id("New York")))
    assert refused.value.errors == {
        "performer": "Inès Laurent already has a fitting 10:00–10:45 in Fitting room 2 (Paris)."
    }


def test_back_to_back_fittings_are_fine(app, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "10:00", minutes=45)
        after = book(get(Performer, world["ines"]), "10:45")
        before = book(get(Performer, world["lea"]), "09:30", minutes=30)
        assert after.id and before.id


def test_editing_a_fitting_does_not_clash_with_itself(app, world):
    with app.app_context():
        fitting = book(get(Performer, world["ines"]), "10:00", minutes=45)
        moved = book(get(Performer, world["ines"]), "10:15", minutes=60, fitting=fitting)
        assert moved.id == fitting.id and moved.minutes == 60 and moved.sequence == 1


def test_a_cancelled_fitting_frees_its_slot(app, world):
    with app.app_context():
        fitting = book(get(Performer, world["ines"]), "10:00")
        cancel_fitting(fitting, None)
        assert book(get(Performer, world["lea"]), "10:00").id != fitting.id
        assert book(get(Performer, world["ines"]), "10:10", room="Fitting room 3").id


def test_room_names_compare_without_case_or_spaces():
    assert room_key("  Fitting  Room 2 ") == room_key("fitting room 2")
    assert room_key("Fitting room 2") != room_key("Fitting room 21")


# --- Every change is in the history ------------------------------------------------------


def test_booking_moving_cancelling_and_closing_are_recorded(app, world):
    with app.app_context():
        fitting = book(get(Performer, world["ines"]), "10:00")
        book(get(Performer, world["ines"]), "11:00", fitting=fitting)
        record_outcome(fitting, "Hem pinned 2 cm", None)
        other = book(get(Performer, world["ines"]), "15:00")
        cancel_fitting(other, None)
        summaries = db.session.scalars(
            select(Event.summary).where(Event.kind == "fitting").order_by(Event.id)
        ).all()
        performers = set(
            db.session.scalars(select(Event.performer_id).where(Event.kind == "fitting"))
        )
    assert [s.split(":")[0] for s in summaries] == [
        "Fitting booked",
        "Fitting moved",
        "Fitting done",
        "Fitting booked",
        "Fitting cancelled",
    ]
    assert "2027-07-01 11:00 CEST" in summaries[1] and "Hem pinned 2 cm" in summaries[2]
    assert performers == {world["ines"]}


def test_a_done_or_cancelled_fitting_cannot_be_moved(app, world):
    with app.app_context():
        fitting = book(get(Performer, world["ines"]), "10:00")
        record_outcome(fitting, "", None)
        with pytest.raises(FittingError):
            book(get(Performer, world["ines"]), "11:00", fitting=fitting)
        with pytest.raises(FittingError):
            cancel_fitting(fitting, None)


# --- The booking form --------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {
        "performer": "P-1 Inès Laurent",
        "costumes": "C-1",
        "changes": "",
        "site_id": "",
        "day": "2027-07-01",
        "at": "10:00",
        "minutes": "45",
        "room": "Fitting room 2",
        "fitter_id": "",
    }
    return data | changes


def test_booking_through_the_form(app, as_wardrobe, world):
    response = as_wardrobe.post("/fittings/new", data=form_data(costumes="C-1, c-2"))
    assert response.status_code == 302
    page = as_wardrobe.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fitting booked for Inès Laurent, 10:00–10:45." in page
    assert "Europe/Paris" in page and "CEST" in page
    with app.app_context():
        fitting = db.session.scalar(select(Fitting))
        assert [c.code for c in fitting.costumes] == ["C-1", "C-2"]


def test_the_form_shows_the_clash_beside_the_field(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    response = as_wardrobe.post(
        "/fittings/new", data=form_data(performer="P-2", at="10:30", room="FITTING ROOM 2")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fitting room 2 is taken 10:00–10:45 by Inès Laurent&#39;s fitting." in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Fitting.id))) == 1


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("performer", "P-999", "No single performer matches"),
        ("costumes", "C-1, C-77", "No costume matches 'C-77'"),
        ("minutes", "500", "From 5 to 480 minutes"),
        ("changes", "Aurora 9", "No change matches 'Aurora 9'"),
    ],
)
def test_bad_booking_input_is_named(app, as_wardrobe, world, field, value, reason):
    response = as_wardrobe.post("/fittings/new", data=form_data(**{field: value}))
    assert response.status_code == 200
    assert reason in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count(Fitting.id))) == 0


def test_a_change_can_be_named_by_its_character_and_number(app, as_wardrobe, world):
    with app.app_context():
        aurora = character("Aurora")
        change = make_change(aurora, "2A")
        change_id = change.id
    page = as_wardrobe.get(f"/fittings/new?change={change_id}&performer=1").get_data(as_text=True)
    assert 'value="Aurora 2A"' in page
    response = as_wardrobe.post("/fittings/new", data=form_data(costumes="", changes="aurora 2a"))
    assert response.status_code == 302
    with app.app_context():
        assert [c.id for c in db.session.scalar(select(Fitting)).changes] == [change_id]


def test_the_new_fitting_form_is_prefilled(app, as_wardrobe, world):
    with app.app_context():
        new_york = site_id("New York")
    page = as_wardrobe.get(
        f"/fittings/new?performer=1&costume=2&site={new_york}&date=2027-07-02"
    ).get_data(as_text=True)
    assert 'value="P-1 Inès Laurent"' in page and 'value="C-2"' in page
    assert 'value="2027-07-02"' in page
    assert f'<option selected value="{new_york}">' in page


def test_editing_through_the_form_bumps_the_calendar_sequence(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    page = as_wardrobe.get("/fittings/1/edit").get_data(as_text=True)
    assert 'value="10:00"' in page and 'value="Fitting room 2"' in page
    response = as_wardrobe.post("/fittings/1/edit", data=form_data(at="10:30"))
    assert response.status_code == 302
    with app.app_context():
        fitting = get(Fitting, 1)
        assert (
            fitting.sequence == 1 and fitting.starts_at.hour == 8 and fitting.starts_at.minute == 30
        )


def test_viewers_read_but_do_not_book(app, client, users, world):
    from tests.conftest import login

    login(client, "viewer")
    assert client.get("/fittings").status_code == 200
    assert client.get("/fittings/new").status_code == 403
    assert client.post("/fittings/new", data=form_data()).status_code == 403


def test_unknown_ids_are_404(as_wardrobe, world):
    for url in ("/fittings/9", "/fittings/9/edit", "/fitting-photos/9/thumb", "/fittings?site=99"):
        assert as_wardrobe.get(url).status_code == 404, url
    assert as_wardrobe.post("/fittings/9/cancel").status_code == 404


def test_a_bad_date_in_the_address_is_named(as_wardrobe, world):
    response = as_wardrobe.get("/fittings?date=2027-13-40")
    assert response.status_code == 400
    assert "is not a date" in response.get_data(as_text=True)


# --- Day and week views ------------------------------------------------------------------


def test_the_day_view_shows_the_sites_local_day(app, as_wardrobe, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "00:30")  # 30 June 22:30 UTC: still 1 July in Paris
        book(get(Performer, world["lea"]), "23:30", room="Fitting room 1")
        book(get(Performer, world["lea"]), "10:00", day=date(2027, 7, 2), room="Fitting room 1")
        paris, new_york = site_id("Paris"), site_id("New York")
    page = as_wardrobe.get(f"/fittings?site={paris}&date=2027-07-01").get_data(as_text=True)
    assert "00:30–01:15" in page and "23:30–00:15" in page and "10:00–10:45" not in page
    assert page.index("00:30–01:15") < page.index("23:30–00:15")
    assert "Times are local to Paris (Europe/Paris)" in page
    assert "date=2027-06-30" in page and "date=2027-07-02" in page  # previous and next day
    empty = as_wardrobe.get(f"/fittings?site={new_york}&date=2027-07-01").get_data(as_text=True)
    assert "No fitting at New York" in empty


def test_the_day_view_defaults_to_my_site_and_its_today(app, as_wardrobe, world):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "wardrobe@example.org"))
        user.site_id = site_id("New York")
        db.session.commit()
    page = as_wardrobe.get("/fittings").get_data(as_text=True)
    assert "Fittings at New York" in page


def test_the_week_view_lists_monday_to_sunday(app, as_wardrobe, world):
    with app.app_context():
        book(get(Performer, world["ines"]), "10:00", day=date(2027, 6, 28))  # Monday
        book(get(Performer, world["ines"]), "18:00", day=date(2027, 7, 4))  # Sunday
        book(get(Performer, world["ines"]), "10:00", day=date(2027, 7, 5))  # next Monday
        paris = site_id("Paris")
    page = as_wardrobe.get(f"/fittings/week?site={paris}&date=2027-07-01").get_data(as_text=True)
    assert "week of 28 Jun 2027" in page
    assert page.index("Monday 28 Jun 2027") < page.index("Sunday 4 Jul 2027")
    assert "Monday 5 Jul 2027" not in page
    assert page.count("fitting-item") == 2
    assert "date=2027-06-21" in page and "date=2027-07-05" in page


def test_the_day_view_runs_a_few_queries_whatever_the_number_of_fittings(app, as_wardrobe, world):
    def statements(url: str) -> int:
        counted = []
        with app.app_context():
            listener = lambda *args: counted.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert as_wardrobe.get(url).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(counted)

    with app.app_context():
        paris = site_id("Paris")
        book(get(Performer, world["ines"]), "09:00")
    few = statements(f"/fittings/week?site={paris}&date=2027-07-01")
    with app.app_context():
        for hour in range(10, 18):
            book(get(Performer, world["ines"]), f"{hour}:00", minutes=30, room=f"Room {hour}")
    assert statements(f"/fittings/week?site={paris}&date=2027-07-01") <= few


# --- The fitting page: outcome, photos, alteration tasks ---------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 30, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_outcome_notes_make_the_fitting_done(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    response = as_wardrobe.post("/fittings/1/outcome", data={"notes": "Bodice: take in 1 cm"})
    assert response.status_code == 302
    page = as_wardrobe.get("/fittings/1").get_data(as_text=True)
    assert "Bodice: take in 1 cm" in page and "done" in page
    with app.app_context():
        assert get(Fitting, 1).state == "done"


def test_a_photo_from_the_phone_is_stored_with_a_thumbnail(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    response = as_wardrobe.post(
        "/fittings/1/photos",
        data={"photo": (io.BytesIO(_png()), "fit.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        photo = db.session.scalar(select(FittingPhoto))
        assert (photo.width, photo.height) == (64, 48)
    thumb = as_wardrobe.get(f"/fitting-photos/{photo.id}/thumb")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    thumb.close()
    assert f"/fitting-photos/{photo.id}/thumb" in as_wardrobe.get("/fittings/1").get_data(
        as_text=True
    )


def test_a_file_that_is_not_a_photo_is_refused(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    as_wardrobe.post(
        "/fittings/1/photos",
        data={"photo": (io.BytesIO(b"not an image"), "fit.png")},
        content_type="multipart/form-data",
    )
    page = as_wardrobe.get("/fittings/1").get_data(as_text=True)
    assert "Photo refused" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(FittingPhoto.id))) == 0


def test_the_fitting_page_lists_its_alteration_tasks(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data(fitter_id=str(world["claire"])))
    with app.app_context():
        db.session.add(
            Alteration(
                costume_id=world["wedding"],
                description="Let out the bodice 1.5 cm",
                state="doing",
                maker_id=world["claire"],
                due_on=date(2027, 7, 8),
                fitting_id=1,
            )
        )
        db.session.commit()
    page = as_wardrobe.get("/fittings/1").get_data(as_text=True)
    assert "Let out the bodice 1.5 cm" in page and "8 Jul 2027" in page
    assert "Claire" in page and "doing" in page


def test_the_task_links_appear_only_where_the_task_pages_exist(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    page = as_wardrobe.get("/fittings/1").get_data(as_text=True)
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert ("/alterations/new?fitting=1&amp;costume=1" in page) == ("/alterations/new" in rules)
    assert ('action="/alterations/from-fit"' in page) == ("/alterations/from-fit" in rules)


def test_cancelling_frees_the_room_for_the_next_booking(app, as_wardrobe, world):
    as_wardrobe.post("/fittings/new", data=form_data())
    assert as_wardrobe.post("/fittings/1/cancel").status_code == 302
    response = as_wardrobe.post("/fittings/new", data=form_data(performer="P-2"))
    assert response.status_code == 302
    with app.app_context():
        assert get(Fitting, 1).state == "cancelled" and get(Fitting, 1).sequence == 1


def fitting_examples(performer, costume) -> dict[str, object]:
    """URL examples for the fitting routes (tests/test_security_access.py): a fitting, a feed."""
    from costume_tracker.fittings.ics import create_feed

    fitting = save_fitting(
        None,
        FittingValues(performer, SUMMER, time(10), 30, "Fitting room 2", costumes=[costume]),
        None,
    )
    # The first fitting photo is id 1, as the first garment photo the routes' photo_id names.
    add_fitting_photo(fitting, _png(), "fit.png", None)
    feed = create_feed(None, fitting.site)
    return {"fitting_id": fitting.id, "feed_id": feed.id, "token": feed.token}
