"""Rules the database enforces even when the forms are bypassed."""

from datetime import UTC

import pytest
from sqlalchemy.exc import IntegrityError

from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.services import GarmentError, next_tag_code, update_garment
from costume_tracker.extensions import db
from tests.conftest import make_costume, make_garment, site_id


def _raw_garment(**fields) -> Garment:
    values = {
        "tag_code": "ET-90000",
        "name": "Raw",
        "category": "bodice",
        "home_site_id": site_id(),
    }
    values.update(fields)
    return Garment(**values)


@pytest.mark.parametrize(
    "fields, constraint",
    [
        ({"category": "tutu"}, "tutu_has_net_layers"),
        ({"category": "bodice", "net_layers": 13}, "tutu_fields_only_on_tutus"),
        ({"category": "bodice", "tutu_style": "platter"}, "tutu_fields_only_on_tutus"),
        ({"category": "tutu", "net_layers": 0}, "net_layers_in_range"),
        ({"category": "hat"}, "category_known"),
        ({"status": "borrowed"}, "status_known"),
    ],
)
def test_database_refuses_invalid_garments(app, fields, constraint):
    with app.app_context():
        db.session.add(_raw_garment(**fields))
        with pytest.raises(IntegrityError, match=constraint):
            db.session.commit()


def test_database_refuses_duplicate_tag_code(app):
    with app.app_context():
        db.session.add(_raw_garment(tag_code="ET-00001"))
        db.session.commit()
        db.session.add(_raw_garment(tag_code="ET-00001", name="Other"))
        with pytest.raises(IntegrityError, match="tag_code"):
            db.session.commit()


def test_database_enforces_foreign_keys(app):
    with app.app_context():
        db.session.add(_raw_garment(home_site_id=9999))
        # SQLite says "FOREIGN KEY constraint failed", PostgreSQL "violates foreign key constraint".
        with pytest.raises(IntegrityError, match="(?i)foreign key"):
            db.session.commit()


def test_tag_codes_are_sequential_and_never_reused(app):
    with app.app_context():
        first = make_garment()
        second = make_garment(name="Tights")
        assert (first.tag_code, second.tag_code) == ("ET-00001", "ET-00002")
        # Even if the newest garment's row vanished, its number is not handed out again.
        assert next_tag_code() == "ET-00003"
        assert make_garment().tag_code == "ET-00004"


def test_tag_prefix_is_configurable(app):
    app.config["TAG_PREFIX"] = "mb"
    with app.app_context():
        assert make_garment().tag_code == "MB-00001"


def test_service_refuses_tutu_without_layers_and_layers_on_bodice(app):
    with app.app_context():
        with pytest.raises(GarmentError) as error:
            make_garment(category="tutu", net_layers=None)
        assert "needs its net-layer count" in error.value.errors["net_layers"]
        with pytest.raises(GarmentError) as error:
            make_garment(category="bodice", net_layers=13)
        assert "only to tutus" in error.value.errors["net_layers"]
        assert db.session.scalar(db.select(db.func.count(Garment.id))) == 0


def test_timestamps_are_timezone_aware_utc(app):
    with app.app_context():
        garment_id = make_garment().id
        db.session.expire_all()
        garment = db.session.get(Garment, garment_id)
        assert garment.created_at.tzinfo is not None
        assert garment.created_at.utcoffset() == UTC.utcoffset(None)


def test_stale_edit_is_refused(app):
    with app.app_context():
        garment = make_garment()
        update_garment(garment, {"colour": "gold"}, None, expected_version=1)
        with pytest.raises(GarmentError, match="Someone else changed"):
            update_garment(garment, {"colour": "silver"}, None, expected_version=1)
        assert garment.colour == "gold"


def test_costume_cannot_be_its_own_hero(app):
    with app.app_context():
        costume = make_costume()
        costume.hero_id = costume.id
        with pytest.raises(IntegrityError, match="not_own_hero"):
            db.session.commit()
