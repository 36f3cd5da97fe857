"""Who may reach what: every route × signed out / viewer / wardrobe / admin.

The table below classifies every route the app serves. A route missing from it fails
``test_every_route_is_classified`` by name, so a new page cannot ship unclassified.
"""

import io
import re
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from costume_tracker import create_app
from costume_tracker.assignments.alterations import record_alteration
from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.models import User
from costume_tracker.catalog.photos import add_photo
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.lists.models import Location, Site
from tests.conftest import dressed_costume, login, make_config, make_performer
from tests.test_continuity import continuity_examples
from tests.test_fittings import fitting_examples

PUBLIC = "public"  # anyone, signed in or not
VIEWER = "viewer"  # any signed-in user
WARDROBE = "wardrobe"
ADMIN = "admin"
SIGN_OUT = "sign-out"  # anyone; always ends on the sign-in page
ROLES = (VIEWER, WARDROBE, ADMIN)
RANK = {VIEWER: 0, WARDROBE: 1, ADMIN: 2}

# "METHOD rule": the least role that may use it. Anything that changes data is POST only.
ACCESS = {
    "GET /static/<path:filename>": PUBLIC,
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "POST /logout": SIGN_OUT,
    "GET /account": VIEWER,
    "POST /account": VIEWER,
    "GET /users": ADMIN,
    "GET /users/new": ADMIN,
    "POST /users/new": ADMIN,
    "GET /users/<int:user_id>/edit": ADMIN,
    "POST /users/<int:user_id>/edit": ADMIN,
    "POST /account/sessions/end": VIEWER,
    "POST /users/<int:user_id>/sessions/end": ADMIN,
    # Garments and photos
    "GET /": VIEWER,
    "GET /garments": VIEWER,
    "GET /garments/<int:garment_id>": VIEWER,
    "GET /garments/new": WARDROBE,
    "POST /garments/new": WARDROBE,
    "GET /garments/<int:garment_id>/edit": WARDROBE,
    "POST /garments/<int:garment_id>/edit": WARDROBE,
    "POST /garments/<int:garment_id>/status": WARDROBE,
    "POST /garments/<int:garment_id>/retire": WARDROBE,
    "POST /garments/<int:garment_id>/photos": WARDROBE,
    "GET /photos/<int:photo_id>/<any(full, thumb):variant>": VIEWER,
    # Costumes and multiples
    "GET /costumes": VIEWER,
    "GET /costumes/suggest": VIEWER,
    "GET /costumes/<int:costume_id>": VIEWER,
    "GET /costumes/new": WARDROBE,
    "POST /costumes/new": WARDROBE,
    "GET /costumes/<int:costume_id>/edit": WARDROBE,
    "POST /costumes/<int:costume_id>/edit": WARDROBE,
    "POST /costumes/<int:costume_id>/garments": WARDROBE,
    "GET /costumes/<int:costume_id>/garments/<int:garment_id>/remove": WARDROBE,
    "POST /costumes/<int:costume_id>/garments/<int:garment_id>/remove": WARDROBE,
    "POST /costumes/<int:costume_id>/photos": WARDROBE,
    "POST /costumes/<int:costume_id>/retire": WARDROBE,
    "POST /costumes/<int:costume_id>/alterations": WARDROBE,
    "GET /costumes/<int:costume_id>/multiples/new": WARDROBE,
    "POST /costumes/<int:costume_id>/multiples/new": WARDROBE,
    "POST /alterations/<int:alteration_id>/done": WARDROBE,
    # Performers, assignments, doubles
    "GET /performers": VIEWER,
    "GET /performers/suggest": VIEWER,
    "GET /performers/<int:performer_id>": VIEWER,
    "GET /performers/new": WARDROBE,
    "POST /performers/new": WARDROBE,
    "GET /performers/<int:performer_id>/edit": WARDROBE,
    "POST /performers/<int:performer_id>/edit": WARDROBE,
    "POST /performers/<int:performer_id>/measurements": WARDROBE,
    "POST /performers/<int:performer_id>/photos": WARDROBE,
    "GET /assignments/<int:assignment_id>": VIEWER,
    "GET /assignments/new": WARDROBE,
    "POST /assignments/new": WARDROBE,
    "POST /assignments/<int:assignment_id>/return": WARDROBE,
    "POST /assignments/<int:assignment_id>/doubles/<int:double_id>": WARDROBE,
    "GET /doubles": VIEWER,
    "GET /overdue": VIEWER,
    "GET /alterations": VIEWER,
    # Where things are
    "GET /where": VIEWER,
    "GET /activity": VIEWER,
    # Reference lists (locations here; sites need an admin, see test_sites_need_an_admin)
    "GET /lists": VIEWER,
    "POST /lists/<any(sites, locations, productions, characters):kind>/new": WARDROBE,
    "GET /lists/<any(sites, locations, productions, characters):kind>/<int:item_id>/edit": (
        WARDROBE
    ),
    "POST /lists/<any(sites, locations, productions, characters):kind>/<int:item_id>/edit": (
        WARDROBE
    ),
    # The phone page a label opens, floor actions and batch scanning
    "GET /g/<tag>": VIEWER,
    "GET /search": VIEWER,
    "GET /G/<tag>": VIEWER,
    "GET /g/<tag>/<action>": WARDROBE,
    "POST /g/<tag>/<action>": WARDROBE,
    "GET /scan": WARDROBE,
    "POST /scan": WARDROBE,
    # The installable app: manifest and service worker (fetched before sign-in), and the
    # page the worker shows offline for a label this phone never opened
    "GET /manifest.webmanifest": PUBLIC,
    "GET /sw.js": PUBLIC,
    "GET /offline/garment": WARDROBE,
    # Undo of the last floor action (only one's own, shortly after; see tests/test_undo.py)
    "POST /undo/<int:event_id>": WARDROBE,
    # Labels
    "GET /labels": WARDROBE,
    "POST /labels": WARDROBE,
    "GET /labels/calibration": ADMIN,
    "POST /labels/calibration/<preset>": ADMIN,
    # Reports (measurements only for wardrobe and admins, checked in the report tests)
    "GET /reports": VIEWER,
    "GET /reports/<name>": VIEWER,
    "GET /reports/<name>.csv": VIEWER,
    # CSV imports
    "GET /imports": WARDROBE,
    "POST /imports": WARDROBE,
    "POST /imports/confirm": WARDROBE,
    "POST /imports/cancel": WARDROBE,
    "GET /imports/template/<kind>.csv": WARDROBE,
    # Change plot of an episode and the costumes' day-out-of-days
    "GET /episodes/<int:number>/change-plot": VIEWER,
    "GET /day-out-of-days": VIEWER,
    # Continuity photos and notes of a change (the photo form is the phone's: wardrobe only)
    "GET /changes/<int:change_id>/photos/new": WARDROBE,
    "POST /changes/<int:change_id>/photos/new": WARDROBE,
    "GET /continuity-photos/<int:continuity_photo_id>/<any(full, thumb):variant>": VIEWER,
    "POST /continuity-photos/<int:continuity_photo_id>/delete": WARDROBE,
    "POST /changes/<int:change_id>/notes": WARDROBE,
    "POST /continuity-notes/<int:note_id>/delete": WARDROBE,
    # Script breakdown: episodes, scenes, cast, shooting days, characters' changes
    "GET /breakdown": VIEWER,
    "GET /episodes/new": WARDROBE,
    "POST /episodes/new": WARDROBE,
    "GET /episodes/<int:number>": VIEWER,
    "GET /episodes/<int:number>/edit": WARDROBE,
    "POST /episodes/<int:number>/edit": WARDROBE,
    "GET /episodes/<int:number>/scenes/new": WARDROBE,
    "POST /episodes/<int:number>/scenes/new": WARDROBE,
    "GET /scenes/<int:scene_id>": VIEWER,
    "GET /scenes/<int:scene_id>/edit": WARDROBE,
    "POST /scenes/<int:scene_id>/edit": WARDROBE,
    "POST /scenes/<int:scene_id>/cast": WARDROBE,
    "POST /scenes/<int:scene_id>/cast/<int:cast_id>/remove": WARDROBE,
    "GET /shooting-days": VIEWER,
    "GET /shooting-days/new": WARDROBE,
    "POST /shooting-days/new": WARDROBE,
    "GET /shooting-days/<int:day_id>/edit": WARDROBE,
    "POST /shooting-days/<int:day_id>/edit": WARDROBE,
    "GET /characters/<int:character_id>/changes": VIEWER,
    "GET /characters/<int:character_id>/changes/new": WARDROBE,
    "POST /characters/<int:character_id>/changes/new": WARDROBE,
    "GET /changes/<int:change_id>": VIEWER,
    "GET /changes/<int:change_id>/edit": WARDROBE,
    "POST /changes/<int:change_id>/edit": WARDROBE,
    # Fittings: day and week views, booking, outcome and photos; calendar feeds (the .ics
    # address is public: its secret token is the key, see tests/test_fittings_ics.py)
    "GET /fittings": VIEWER,
    "GET /fittings/week": VIEWER,
    "GET /fittings/new": WARDROBE,
    "POST /fittings/new": WARDROBE,
    "GET /fittings/<int:fitting_id>": VIEWER,
    "GET /fittings/<int:fitting_id>/edit": WARDROBE,
    "POST /fittings/<int:fitting_id>/edit": WARDROBE,
    "POST /fittings/<int:fitting_id>/cancel": WARDROBE,
    "POST /fittings/<int:fitting_id>/outcome": WARDROBE,
    "POST /fittings/<int:fitting_id>/photos": WARDROBE,
    "GET /fitting-photos/<int:photo_id>/<any(full, thumb):variant>": VIEWER,
    "GET /calendar/<token>.ics": PUBLIC,
    "GET /calendar-feeds": VIEWER,
    "POST /calendar-feeds": VIEWER,
    "POST /calendar-feeds/<int:feed_id>/revoke": VIEWER,
    # Pull list: read by anyone signed in, ticked off by wardrobe
    "GET /pull-list": VIEWER,
    "GET /pull-list/<int:day_id>": VIEWER,
    "GET /pull-list/<int:day_id>/print": VIEWER,
    "POST /pull-list/<int:day_id>/pulled": WARDROBE,
    "POST /pull-list/<int:day_id>/unpull/<int:garment_id>": WARDROBE,
    # Alteration tasks: the workroom queue (GET /alterations above), planning and moving tasks
    "GET /alterations/new": WARDROBE,
    "POST /alterations/new": WARDROBE,
    "POST /alterations/<int:alteration_id>/state": WARDROBE,
    "GET /alterations/<int:alteration_id>/edit": WARDROBE,
    "POST /alterations/<int:alteration_id>/edit": WARDROBE,
    "POST /alterations/from-fit": WARDROBE,
}
# Examples for URL parts that are not ids from the fixture wardrobe.
FIXED_EXAMPLES = {
    "filename": "app.css",
    "variant": "thumb",
    "kind": "locations",
    "action": "laundry",
    "preset": "L7160",
    "name": "inventory",
}
# Where one URL part means different things in different routes.
ROUTE_EXAMPLES = {"/imports/template/<kind>.csv": {"kind": "garments"}}
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([a-z_]+)>")


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def small_wardrobe() -> dict[str, object]:
    """A dressed costume worn by a principal with a double, an alteration and a photo.

    Returns an example value for every URL part the app's routes use. Call in an app context.
    """
    costume = dressed_costume()
    garment = costume.garments[0]
    principal = make_performer("Inès Laurent")
    double = make_performer("Léa Moreau", kind="double", doubles_for_id=principal.id)
    assignment = assign_costume(costume, principal, None)
    alteration = record_alteration(costume, "Bodice taken in 1 cm at the waist", None)
    photo = add_photo(garment, png_bytes(), "front.png", None)
    viewer = db.session.scalar(select(User).where(User.role == "viewer"))
    return FIXED_EXAMPLES | {
        "garment_id": garment.id,
        "costume_id": costume.id,
        "performer_id": principal.id,
        "double_id": double.id,
        "assignment_id": assignment.id,
        "alteration_id": alteration.id,
        "photo_id": photo.id,
        "tag": garment.tag_code,
        "item_id": db.session.scalar(select(Location.id).order_by(Location.id)),
        "user_id": viewer.id if viewer else 1,
        "event_id": db.session.scalar(select(Event.id).order_by(Event.id)),
        **fitting_examples(principal, costume),  # fitting_id, feed_id, token
        **breakdown_examples(costume, principal, double),  # number, scene_id, day_id, …
        **continuity_examples(principal, costume),  # continuity_photo_id, note_id
    }


def breakdown_examples(costume, principal, double) -> dict[str, object]:
    """Episode 3, its scene 14 with Aurora's principal and double in change 1, a shooting day."""
    from tests.breakdown_factories import cast, character, make_change, make_scene, shooting_day

    aurora = character()
    change = make_change(aurora, "1", costume=costume)
    scene = make_scene("14", 3)
    row = cast(scene, aurora, performer=principal, change=change, double=double)
    day = shooting_day(date(2026, 12, 3), scene)
    return {
        "number": scene.episode.number,
        "scene_id": scene.id,
        "cast_id": row.id,
        "day_id": day.id,
        "character_id": aurora.id,
        "change_id": change.id,
    }


def route_keys(app) -> list[str]:
    """'METHOD rule' for every route the app serves (HEAD and OPTIONS follow GET)."""
    keys = {
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    # Sign out last, so the client stays signed in for every other route.
    return sorted(keys, key=lambda key: (key == "POST /logout", key))


def example_url(key: str, examples: dict) -> str:
    """The route's URL with real ids from the fixture wardrobe."""
    rule = key.split(" ", 1)[1]
    examples = examples | ROUTE_EXAMPLES.get(rule, {})
    missing = [name for name in ARGUMENT.findall(rule) if name not in examples]
    assert not missing, f"{key}: no example value for {missing}; add one to small_wardrobe()"
    return ARGUMENT.sub(lambda match: str(examples[match.group(1)]), rule)


def request(client, key: str, url: str):
    method = key.split(" ", 1)[0]
    return client.open(url, method=method, data={} if method == "POST" else None)


def to_sign_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def check(key: str, role: str | None, response) -> str | None:
    """Why the response is wrong for this role, or None when it is right."""
    needed = ACCESS[key]
    status = response.status_code
    if needed == SIGN_OUT:
        ok, want = to_sign_in(response), "a redirect to sign-in"
    elif needed == PUBLIC:
        ok = status in (200, 302) and not to_sign_in(response)
        want = "200 or a redirect"
    elif role is None:
        ok, want = to_sign_in(response), "a redirect to sign-in"
    elif RANK[role] < RANK[needed]:
        ok, want = status == 403, "403"
    elif key.startswith("GET"):
        ok = status in (200, 302) and not to_sign_in(response)
        want = "200 or a redirect"
    else:
        # An empty form: saved, refused with a message, or redisplayed with errors.
        ok = status in (200, 302, 400) and not to_sign_in(response)
        want = "200, 302 or 400"
    if ok:
        return None
    where = response.headers.get("Location", "")
    return f"{key} as {role or 'signed out'}: expected {want}, got {status} {where}".strip()


@pytest.fixture
def wardrobe_examples(app, users):
    with app.app_context():
        return small_wardrobe()


def test_every_route_is_classified(app):
    unclassified = [key for key in route_keys(app) if key not in ACCESS]
    assert not unclassified, (
        "Routes missing from ACCESS in tests/test_security_access.py (say which role may "
        "use each): " + ", ".join(unclassified)
    )
    gone = sorted(set(ACCESS) - set(route_keys(app)))
    assert not gone, "ACCESS lists routes the app no longer has: " + ", ".join(gone)


@pytest.mark.parametrize("role", [None, *ROLES])
def test_access_matrix(app, client, users, wardrobe_examples, role):
    if role is not None:
        login(client, role)
    wrong = []
    for key in route_keys(app):
        if key not in ACCESS:
            continue  # reported by test_every_route_is_classified
        response = request(client, key, example_url(key, wardrobe_examples))
        problem = check(key, role, response)
        response.close()
        if problem:
            wrong.append(problem)
    assert not wrong, "\n".join(wrong)


def test_sites_need_an_admin(app, client, users):
    with app.app_context():
        paris = db.session.scalar(select(Site.id).where(Site.name == "Paris"))
    login(client, "wardrobe")
    assert client.post("/lists/sites/new", data={"name": "Milan", "code": "MIL"}).status_code == 403
    assert client.get(f"/lists/sites/{paris}/edit").status_code == 403
    client.post("/logout")
    login(client, "admin")
    response = client.post("/lists/sites/new", data={"name": "Milan", "code": "MIL"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Site.id).where(Site.name == "Milan")) is not None


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to prove a request changed nothing."""
    return {
        table.name: sorted(map(tuple, db.session.execute(table.select()).all()), key=repr)
        for table in db.metadata.sorted_tables
    }


def test_no_get_route_changes_data(app, client, users, wardrobe_examples):
    login(client, "admin")
    with app.app_context():
        before = snapshot()
    changed = []
    for key in route_keys(app):
        if not key.startswith("GET ") or key not in ACCESS:
            continue
        client.get(example_url(key, wardrobe_examples)).close()
        with app.app_context():
            after = snapshot()
        changed += [f"{key} changed table {t}" for t in before if before[t] != after[t]]
        before = after
    assert not changed, "\n".join(changed)


def test_every_post_route_refuses_a_missing_csrf_token(tmp_path, users):
    """With CSRF on (as in production), a form post without its token changes nothing."""
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    with app.app_context():
        examples = small_wardrobe()
        before = snapshot()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    login_form = {"email": "admin@example.org", "password": "correct horse battery"}
    refused = client.post("/login", data=login_form)
    assert refused.status_code == 400 and "The form expired" in refused.get_data(as_text=True)
    assert client.post("/login", data=login_form | {"csrf_token": token}).status_code == 302
    with app.app_context():
        before = snapshot()  # signing in opened a device session; nothing after may change
    accepted = []
    for key in route_keys(app):
        if key.startswith("POST ") and key in ACCESS:
            response = request(client, key, example_url(key, examples))
            if response.status_code != 400 or "form expired" not in response.get_data(as_text=True):
                accepted.append(f"{key}: {response.status_code}")
    assert not accepted, "Posted without a CSRF token and not refused:\n" + "\n".join(accepted)
    with app.app_context():
        assert snapshot() == before
        db.engine.dispose()
