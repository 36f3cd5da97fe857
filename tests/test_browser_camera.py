"""In Chromium with a fake camera playing printed labels: the in-page camera scans them.

The video is made here from a label PDF the app printed: three labels' QR codes, one after
the other, then an empty view. Chromium on Linux has no BarcodeDetector, so the vendored
zxing-wasm reader does the decoding, as on an iPhone.
"""

import re

import pypdfium2 as pdfium
import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func

from costume_tracker import create_app
from costume_tracker.auth.services import save_user
from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.labels.layout import LabelItem
from costume_tracker.labels.presets import PRESETS
from costume_tracker.labels.services import LabelOptions, build_label_pdf, place_labels
from tests.conftest import CHROMIUM_ARGS, PASSWORD, PHONE, make_config, make_garment, serve
from tests.test_browser_csp import LISTEN

pytestmark = pytest.mark.browser

TAGS = ["ET-00001", "ET-00002", "ET-00003"]
BASE_URL = "https://wardrobe.example.org"  # the tag is what counts, whatever the site's address
WIDTH, HEIGHT, FPS = 640, 480, 10
SHOWN, EMPTY = 15, 40  # frames: 1.5 s per label, then 4 s with no label in view
DPI = 200


def label_images(preset_key: str = "L7163") -> list[Image.Image]:
    """The QR code (with its quiet zone) of each label, cut out of the rendered label sheet."""
    items = [LabelItem(tag, f"Corps tights {n}") for n, tag in enumerate(TAGS, 1)]
    options = LabelOptions(preset=preset_key)
    pdf = build_label_pdf(items, options, BASE_URL)
    document = pdfium.PdfDocument(pdf)
    try:
        sheet = document[0].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        document.close()
    preset, scale = PRESETS[preset_key], DPI / 25.4
    placed = place_labels(items, preset, options, BASE_URL, (0.0, 0.0))
    crops = []
    for label in placed:
        qr = label.layout.qr
        box = (qr.x * scale, qr.y * scale, qr.right * scale, qr.bottom * scale)
        crops.append(sheet.crop(tuple(round(v) for v in box)))
    return crops


def frame_bytes(image: Image.Image | None) -> bytes:
    """One 4:2:0 frame: the image centred on white paper, as Y, then Cb, then Cr planes."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), "white")
    if image is not None:
        side = HEIGHT * 3 // 4
        code = image.convert("RGB").resize((side, side), Image.Resampling.LANCZOS)
        canvas.paste(code, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    y, cb, cr = canvas.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    return b"".join(
        (y.tobytes(), cb.resize(half, Image.Resampling.BOX).tobytes(),
         cr.resize(half, Image.Resampling.BOX).tobytes())
    )  # fmt: skip


def write_y4m(path, images) -> None:
    """A Y4M video Chromium's fake camera plays in a loop: each image in turn, then nothing."""
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for frame, count in [(frame_bytes(i), SHOWN) for i in images] + [
            (frame_bytes(None), EMPTY)
        ]:
            out.write((b"FRAME\n" + frame) * count)


@pytest.fixture(scope="module")
def camera_browser(browser, tmp_path_factory):
    """A Chromium of its own whose camera films the three labels."""
    video = tmp_path_factory.mktemp("camera") / "labels.y4m"
    write_y4m(video, label_images())
    fake = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    camera = browser.browser_type.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS + fake
    )
    yield camera
    camera.close()


@pytest.fixture
def floor(tmp_path):
    def fill():
        save_user("dresser@example.org", "wardrobe", PASSWORD, name="Noor")
        for n in range(1, 5):
            make_garment(name=f"Corps tights {n}", category="tights")

    with serve(tmp_path, fill) as base:
        yield base


def signed_in_page(camera_browser, base, path):
    context = camera_browser.new_context(**PHONE)
    context.grant_permissions(["camera"], origin=base)
    context.add_init_script(LISTEN)  # Content-Security-Policy violations, into window.__csp
    page = context.new_page()
    page.goto(base + path)
    page.get_by_label("Email").fill("dresser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def statuses_and_events(tmp_path) -> dict[str, tuple[str, int]]:
    """Each garment's status and how many status changes its history holds."""
    app = create_app(make_config(tmp_path))
    with app.app_context():
        counts = dict(
            db.session.execute(
                db.select(Event.garment_id, func.count())
                .where(Event.kind == "status")
                .group_by(Event.garment_id)
            ).all()
        )
        rows = db.session.scalars(db.select(Garment).order_by(Garment.tag_code)).all()
        found = {g.tag_code: (g.status, counts.get(g.id, 0)) for g in rows}
        db.engine.dispose()
    return found


def test_batch_page_camera_sends_each_label_once(camera_browser, floor, tmp_path):
    context, page = signed_in_page(camera_browser, floor, "/scan")
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" and "/scan" in r.url else 0)
    page.get_by_label("Action").select_option("laundry")
    page.get_by_role("button", name="Use the camera").click()
    expect(page.locator("#batch-counts")).to_have_text(re.compile("^3 done"), timeout=15_000)
    page.get_by_role("button", name="Stop the camera").click()
    expect(page.get_by_role("button", name="Use the camera")).to_be_visible()
    log = page.locator("#batch-list li")
    expect(log).to_have_count(3)
    expect(page.locator("#batch-counts")).to_have_text("3 done, 0 refused")
    assert sorted(log.locator(".tag").all_inner_texts()) == TAGS
    assert len(posts) == 3  # each label was in view for 1.5 s and was sent once
    assert page.evaluate("window.__csp") == []  # the WebAssembly reader runs under the CSP
    context.close()
    assert statuses_and_events(tmp_path) == {
        "ET-00001": ("in laundry", 1),
        "ET-00002": ("in laundry", 1),
        "ET-00003": ("in laundry", 1),
        "ET-00004": ("in stock", 0),
    }


def test_header_camera_opens_the_garment_page_of_the_label(camera_browser, floor):
    context, page = signed_in_page(camera_browser, floor, "/garments")
    page.get_by_role("button", name="Camera").click()
    dialog = page.get_by_role("dialog", name="Scan a label")
    expect(dialog).to_be_visible()
    page.wait_for_url(re.compile(r"/[gG]/ET-0000[123]$"), timeout=15_000)
    expect(page.get_by_role("heading", name=re.compile(r"Corps tights [123]"))).to_be_visible()
    context.close()


# A phone browser whose own BarcodeDetector reads QR codes (as Android Chrome's does): here it
# "reads" a QR code that is not a label.
NATIVE_DETECTOR = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code", "ean_13"]); }
  detect() { return Promise.resolve([{ rawValue: "Sugar Plum" }]); }
};
"""


def test_native_detector_is_used_and_other_codes_are_searched(camera_browser, floor):
    context, page = signed_in_page(camera_browser, floor, "/garments")
    context.add_init_script(NATIVE_DETECTOR)
    page.reload()
    vendored = []
    page.on("request", lambda r: vendored.append(r.url) if "/vendor/zxing" in r.url else 0)
    page.get_by_role("button", name="Camera").click()
    page.wait_for_url(re.compile(r"/search\?q=Sugar(%20|\+)Plum$"), timeout=15_000)
    assert vendored == []  # the vendored reader is fetched only where the browser has none
    context.close()


def test_without_javascript_no_camera_button_shows(browser, floor):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(floor + "/scan")
    page.get_by_label("Email").fill("dresser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Batch scan")).to_be_visible()
    expect(page.get_by_role("button", name="Camera")).to_have_count(0)
    expect(page.get_by_role("button", name="Use the camera")).to_have_count(0)
    expect(page.get_by_text("Scanners that type the code and press Enter")).to_be_visible()
    context.close()


BLIND_DETECTOR = NATIVE_DETECTOR.replace('[{ rawValue: "Sugar Plum" }]', "[]")
HIDE_PAGE = """() => {
  Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_hidden_page_turns_the_camera_off_until_asked_again(camera_browser, floor):
    context, page = signed_in_page(camera_browser, floor, "/garments")
    context.add_init_script(BLIND_DETECTOR)
    page.reload()
    page.get_by_role("button", name="Camera").click()
    dialog = page.get_by_role("dialog", name="Scan a label")
    expect(dialog.get_by_text("Hold a label’s QR code in front of the camera.")).to_be_visible()
    page.evaluate(HIDE_PAGE)
    expect(dialog.get_by_text("The camera stopped while the page was hidden.")).to_be_visible()
    assert page.evaluate("document.querySelector('#camera-dialog video').srcObject") is None
    page.evaluate("delete document.visibilityState")
    dialog.get_by_role("button", name="Start the camera again").click()
    expect(dialog.get_by_text("Hold a label’s QR code in front of the camera.")).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    context.close()
