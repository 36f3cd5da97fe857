"""The CSV column headers shared by exports and imports: a documented, stable contract.

A garment, costume or performer file exported by a report can be edited in a
spreadsheet and imported again; the importer reads exactly these headers. Changing a
header breaks every spreadsheet that users keep, so headers are only ever added.

Values are written as the importer reads them back:

- references use the codes shown in the app: ``C-12`` (costume), ``P-7`` (performer);
  sites by name (``Paris``), locations by name within the garment's home site;
- yes/no columns hold ``yes`` or ``no`` (blank for unknown);
- dates are ISO 8601 (``2026-11-24``), date-times ISO 8601 in UTC (``2026-11-24T09:30:00Z``);
- numbers use a dot for decimals (the importer also accepts a comma);
- lengths are centimetres unless the header says ``(in)``.

Columns marked *read-only* are exported for information and ignored on import
(status changes go through the status workflow, not a spreadsheet).

This is the standard dialect. The French spreadsheet dialect (:mod:`.dialects`) writes the
same columns under fixed French headers, with ``;``, decimal commas, ``oui``/``non`` and a
read-only "local time" column beside each UTC time; the importer reads both, header by
header, so a French header stands for the English one here.
"""

# Garments: the inventory report, and the garment import keyed on "Tag".
GARMENT_COLUMNS = (
    "Tag",  # ET-00042; on import, NEW creates a garment with the next tag code
    "Name",
    "Category",  # one of catalog.models CATEGORIES
    "Costume ID",  # C-12, or blank for a garment on its own
    "Costume",  # read-only: the costume's name
    "Production",
    "Colour",
    "Fabric",
    "Size",
    "Chest (cm)",
    "Waist (cm)",
    "Hips (cm)",
    "Girth (cm)",
    "Inseam (cm)",
    "Length (cm)",
    "Tutu style",
    "Net layers",
    "Hoop",  # yes / no / blank
    "Net type",
    "Skirt length (cm)",
    "Home site",
    "Location",
    "Status",  # read-only
    "Status since",  # read-only
    "Condition",
    "Care notes",
    "Replacement cost",
    "Notes",
    "Current wearer",  # read-only: performer name and code, "Geneviève Lacombe (P-3)"
)
GARMENT_READ_ONLY = ("Costume", "Status", "Status since", "Current wearer")

# Costumes: a costume export, and the costume import keyed on "Costume ID".
COSTUME_COLUMNS = (
    "Costume ID",  # C-12; blank on import creates a new costume
    "Name",
    "Production",
    "Character",  # a character of that production
    "Look",
    "Hero ID",  # C-n of the hero when this costume is a multiple, else blank
    "Shared",  # yes / no: built to fit several dancers (corps)
    "Retired",  # yes / no
    "Garments",  # read-only: number of garments
    "Notes",
)
COSTUME_READ_ONLY = ("Garments",)

# Performers: the performers report, and the performer import keyed on "Performer ID".
PERFORMER_COLUMNS = (
    "Performer ID",  # P-7; blank on import creates a new performer
    "Name",
    "Company",  # site name: Paris, New York
    "Kind",  # principal, soloist, corps, actor, double, stand-in
    "Characters",  # "Sleeping Beauty: Aurora; The Nutcracker: Clara"
    "Doubles for",  # P-n of the principal, else blank
    "Notes",
)
# Measurement columns follow, for wardrobe and admin only, in the reader's unit: the
# header names the unit, e.g. "Chest (cm)" or "Chest (in)"; the importer reads either.
MEASUREMENT_DATE_COLUMN = "Measured on"
MEASUREMENT_COLUMN_NAMES = {
    "height": "Height",
    "chest": "Chest",
    "underbust": "Underbust",
    "waist": "Waist",
    "high_hip": "High hip",
    "hips": "Hips",
    "girth": "Girth",
    "inseam": "Inseam",
    "outseam": "Outseam",
    "neck": "Neck",
    "head": "Head",
}
SHOE_SIZE_COLUMN = "Shoe size"


def measurement_columns(unit: str) -> tuple[str, ...]:
    """The performer file's measurement headers in ``unit`` ("cm" or "in")."""
    return (
        MEASUREMENT_DATE_COLUMN,
        *(f"{name} ({unit})" for name in MEASUREMENT_COLUMN_NAMES.values()),
        SHOE_SIZE_COLUMN,
    )
