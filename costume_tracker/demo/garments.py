"""Garment details for the demo: sizes, measurements, cost, condition and care, drawn at random."""

import random
from decimal import Decimal

from ..catalog.models import CONDITIONS, GARMENT_MEASUREMENTS, Garment

# Body measurements in cm of the smallest size; each size up adds STEP.
BODY = {
    "f": {"chest": 78, "waist": 59, "hips": 85, "girth": 150, "inseam": 76},
    "m": {"chest": 92, "waist": 74, "hips": 92, "girth": 166, "inseam": 82},
}
STEP = {"chest": 4, "waist": 3, "hips": 4, "girth": 4, "inseam": 2}
SIZES = {
    ("PAR", "f"): ("FR 34", "FR 36", "FR 38", "FR 40"),
    ("PAR", "m"): ("FR 46", "FR 48", "FR 50", "FR 52"),
    ("NYC", "f"): ("US 2", "US 4", "US 6", "US 8"),
    ("NYC", "m"): ("S", "M", "L", "XL"),
}
SHOE_SIZES = {
    ("PAR", "f"): ("EU 37", "EU 38", "EU 39", "EU 40"),
    ("PAR", "m"): ("EU 42", "EU 43", "EU 44", "EU 45"),
    ("NYC", "f"): ("US 6.5", "US 7.5", "US 8.5", "US 9.5"),
    ("NYC", "m"): ("US 9", "US 10", "US 11", "US 12"),
}
MEASURED = {
    "tutu": ("chest", "waist", "girth"),
    "bodice": ("chest", "waist", "girth"),
    "leotard": ("chest", "waist", "girth"),
    "dress": ("chest", "waist", "hips", "length"),
    "skirt": ("waist", "length"),
    "jacket": ("chest", "waist", "length"),
    "shirt": ("chest", "length"),
    "trousers": ("waist", "hips", "inseam"),
    "tights": ("waist", "hips", "inseam"),
    "other": ("chest", "girth"),
}
LENGTH = {"dress": (105, 140), "skirt": (45, 70), "jacket": (58, 80), "shirt": (70, 80)}
COST = {
    "tutu": (1800, 4200), "bodice": (600, 1500), "leotard": (40, 90), "tights": (25, 60),
    "skirt": (250, 700), "dress": (900, 2600), "jacket": (700, 2200), "trousers": (150, 450),
    "shirt": (80, 220), "headpiece": (80, 650), "shoes": (70, 140), "accessory": (30, 400),
    "other": (400, 1500),
}  # fmt: skip
CARE = {
    "tutu": "Store flat or hung upside down in its bag; never fold the net. Spot clean the "
            "plate; steam the net lightly from below.",
    "bodice": "Spot clean only; specialist dry clean at the end of the run. Change the sweat "
              "shields after each shooting day.",
    "leotard": "Machine wash 30 °C in a net bag; dry flat, away from heat.",
    "tights": "Machine wash 30 °C inside out in a net bag; air dry.",
    "skirt": "Hand wash cold or dry clean; hang by the waist loops.",
    "dress": "Dry clean only; hang on a padded hanger with its cover.",
    "jacket": "Dry clean only; brush after wear; check braid and hooks after each day.",
    "trousers": "Dry clean; press with a cloth.",
    "shirt": "Wash 40 °C; iron damp.",
    "headpiece": "Keep in its box; re-glue loose stones with jewellery glue only.",
    "shoes": "Air after each wear; darn or re-glue the tips before they wear through.",
    "accessory": "Wipe clean; store in its labelled bag.",
    "other": "Air after use; spot clean the fur; never machine wash.",
}  # fmt: skip
CONDITION_WEIGHTS = (30, 52, 12, 5, 1)
PLATES = ("silk satin plate", "brocade plate", "silk dupion plate")
COPIED = (
    "name", "category", "colour", "fabric", "size_label", "care_notes", "replacement_cost",
    "net_layers", "tutu_style", "hoop", "net_type", "skirt_length_cm",
)  # fmt: skip


def garment_fields(
    rng: random.Random, piece: tuple, cut: str, site_code: str, size: int | None = None
) -> dict:
    """Garment column values for one piece of a look, in size 0-3 (random when not given)."""
    category, name, colour, fabric = piece[:4]
    size = rng.randrange(4) if size is None else size
    sizes = SHOE_SIZES if category == "shoes" else SIZES
    fields = {
        "name": name, "category": category, "colour": colour, "fabric": fabric,
        "size_label": sizes[(site_code, cut)][size] if category in MEASURED or category == "shoes"
        else "one size",
        "condition": rng.choices(CONDITIONS, CONDITION_WEIGHTS)[0],
        "care_notes": CARE[category],
        "replacement_cost": _cost(rng, category),
    }  # fmt: skip
    fields.update(_measurements(rng, category, cut, size))
    if category == "tutu":
        fields.update(tutu_fields(rng, fabric, piece[4]))
        if site_code == "PAR":  # the Paris workshop writes its notes in French
            fields["notes"] = paris_tutu_note(colour, fields["net_layers"])
    return fields


# The Paris workshop's words for the tutus' main colour (the first word that matches).
FRENCH_COLOURS = (
    ("white", "blanc"), ("ivory", "ivoire"), ("pink", "rose"), ("lilac", "lilas"),
    ("blue", "bleu"), ("green", "vert"), ("seafoam", "vert d’eau"), ("turquoise", "turquoise"),
    ("gold", "or"), ("red", "rouge"), ("black", "noir"),
)  # fmt: skip


def paris_tutu_note(colour: str, layers: int) -> str:
    """A Paris fitter's note on a tutu, in French: 'Tulle blanc, 13 couches ; …'."""
    shade = next((fr for en, fr in FRENCH_COLOURS if en in colour), "")
    tulle = f"Tulle {shade}" if shade else "Tulle"
    return f"{tulle}, {layers} couches ; repasser les volants à la vapeur après chaque lavage."


def tutu_fields(rng: random.Random, net_type: str, style: str) -> dict:
    """Net layers, style, hoop and skirt length; stage tutus here have 13 layers of net."""
    layers = {"bell": rng.choice((12, 14)), "romantic": 10}.get(style, 13)
    flat = style in ("classical pancake", "platter")
    length = rng.randint(28, 36) if flat else rng.randint(40, 48)
    if style == "romantic":
        length = rng.randint(65, 75)
    return {
        "fabric": rng.choice(PLATES), "net_type": net_type, "net_layers": layers,
        "tutu_style": style, "hoop": flat, "skirt_length_cm": float(length),
    }  # fmt: skip


def copy_fields(rng: random.Random, hero: Garment) -> dict:
    """A multiple's garment: the hero's design, measurements within a centimetre of it."""
    fields = {name: getattr(hero, name) for name in COPIED}
    for name in GARMENT_MEASUREMENTS:
        value = getattr(hero, f"{name}_cm")
        fields[f"{name}_cm"] = None if value is None else value + rng.choice((-1.0, 0.0, 1.0))
    fields["condition"] = rng.choices(CONDITIONS[:3], CONDITION_WEIGHTS[:3])[0]
    return fields


def _measurements(rng: random.Random, category: str, cut: str, size: int) -> dict:
    """Measurements in cm this category carries, around the size's body measurements."""
    values = {}
    for name in MEASURED.get(category, ()):
        if name == "length":
            low, high = LENGTH[category]
            values["length_cm"] = float(rng.randint(low, high))
        else:
            base = BODY[cut][name] + STEP[name] * size
            values[f"{name}_cm"] = base + rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
    return values


def _cost(rng: random.Random, category: str) -> Decimal:
    """A replacement cost in whole fives, as a two-decimal Decimal."""
    low, high = COST[category]
    return Decimal(rng.randrange(low, high, 5)).quantize(Decimal("0.01"))
