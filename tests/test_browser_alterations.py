"""In Chromium on a 360 px phone: the workroom queue moves a task to doing, then done."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from costume_tracker.assignments.alteration_tasks import create_task
from costume_tracker.assignments.doubles import create_multiple
from costume_tracker.assignments.services import assign_costume
from costume_tracker.auth.services import save_user
from costume_tracker.extensions import db
from costume_tracker.people.services import record_measurement
from tests.a11y import axe_violations, page_width
from tests.conftest import PASSWORD, dressed_costume, make_performer, serve

pytestmark = pytest.mark.browser

PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def workroom(tmp_path):
    """A hero costume with one multiple, a task due today, one overdue, a fit check to act on."""

    def fill():
        maker = save_user("wardrobe@example.org", "wardrobe", PASSWORD, name="Margaux")[0]
        hero = dressed_costume("Aurora, Act III wedding, the long version for a phone")
        create_multiple(hero, None)
        db.session.commit()
        bodice = hero.garments[1]
        create_task(hero, "Bodice taken in 1 cm at the waist", maker, garment=bodice,
                    maker=maker, due_on=date.today() + timedelta(days=1))  # fmt: skip
        late = create_task(hero, "Hem of the tutu re-stitched", maker)
        late.due_on = date.today() - timedelta(days=3)
        db.session.commit()
        ines = make_performer()
        record_measurement(ines, {"chest": 80, "waist": 60}, "cm", date.today(), None)
        assign_costume(hero, ines, None)
        db.session.commit()

    with serve(tmp_path, fill) as base:
        yield base


def signed_in(browser, base):
    context = browser.new_context(**PHONE_360, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill("wardrobe@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


def check_page(page) -> None:
    assert page_width(page) <= 360, f"{page.url} scrolls sideways"
    problems = axe_violations(page)
    assert not problems, "\n".join(problems)


def test_move_a_task_to_doing_then_done_on_a_phone(browser, workroom):
    context, page = signed_in(browser, workroom)
    page.goto(workroom + "/alterations?site=all")
    rows = page.locator("tr.task")
    expect(rows.first).to_contain_text("Hem of the tutu re-stitched")  # overdue first
    expect(rows.first).to_contain_text("overdue by 3 days")
    check_page(page)
    task = page.locator("tr.task", has_text="Bodice taken in 1 cm")
    start = task.get_by_role("button", name="Start")
    assert start.bounding_box()["height"] >= 44
    start.click()
    expect(page.get_by_text("Task in progress: Bodice taken in 1 cm")).to_be_visible()
    task = page.locator("tr.task", has_text="Bodice taken in 1 cm at the waist").first
    expect(task).to_contain_text("in progress")
    done = task.get_by_role("button", name="Done")
    assert done.bounding_box()["height"] >= 44
    done.click()
    expect(page.get_by_text("Task done. 1 multiple flagged to mirror it.")).to_be_visible()
    recent = page.locator("#done + table")
    expect(recent).to_contain_text("Bodice taken in 1 cm at the waist")
    mirror = page.locator("tr.task", has_text="to mirror")
    expect(mirror).to_contain_text("multiple 1")
    expect(mirror.get_by_role("button", name="Mark mirrored")).to_be_visible()
    check_page(page)
    context.close()


def test_fit_check_differences_become_tasks_on_a_phone(browser, workroom):
    context, page = signed_in(browser, workroom)
    page.goto(workroom + "/assignments/1")
    form = page.locator("form.fit-tasks")
    expect(form.get_by_role("checkbox")).to_have_count(3)
    check_page(page)
    form.get_by_role("checkbox").nth(0).uncheck()
    form.get_by_label("Maker").select_option(label="Margaux")
    form.get_by_role("button", name="Add to the workroom queue").click()
    expect(page.get_by_text("2 alteration tasks to do, in the workroom queue.")).to_be_visible()
    page.goto(workroom + "/alterations?site=all")
    made = page.locator("tr.task", has_text="chest −4.0 cm (garment 84, performer 80)")
    expect(made).to_contain_text("Margaux")
    page.goto(workroom + "/alterations/new?costume=1")
    check_page(page)
    context.close()
