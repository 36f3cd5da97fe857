"""``flask --app costume_tracker labels``: the label PDF from the command line."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..catalog.queries import parse_costume_ref
from .presets import PRESETS
from .qr import EC_LEVELS, base_url_warning
from .services import LabelError, LabelOptions, configured_base_url, print_labels, sheet_count
from .sources import LabelSource, select_garments

PRESET_HELP = "\b\nPresets:\n" + "\n".join(
    f"  {key:<9} {preset.description}" for key, preset in PRESETS.items()
)


@click.command("labels", epilog=PRESET_HELP)
@click.argument("tags", nargs=-1)
@click.option(
    "--preset",
    required=True,
    type=click.Choice(list(PRESETS), case_sensitive=False),
    help="Label stock (listed below).",
)
@click.option("--start", default=1, show_default=True, help="First free label on the sheet.")
@click.option("--copies", default=1, show_default=True, help="Labels per garment (1 to 50).")
@click.option(
    "--ec",
    default="M",
    show_default=True,
    type=click.Choice(list(EC_LEVELS), case_sensitive=False),
    help="Error correction; Q for fabric tags that get washed.",
)
@click.option("--costume", help="Every garment of a costume (C-42 or 42).")
@click.option("--all", "everything", is_flag=True, help="Every garment that is not retired.")
@click.option("--outlines", is_flag=True, help="Draw label edges, for a test print.")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PDF to write."
)
@with_appcontext
def labels(tags, preset, start, copies, ec, costume, everything, outlines, out: Path) -> None:
    """Write the label PDF for TAG codes, a costume's garments or every garment."""
    source = _source(tags, costume, everything)
    options = LabelOptions(preset, start, copies, ec.upper(), outlines)
    base_url = configured_base_url()
    try:
        selection = select_garments(source)
        pdf = print_labels(selection.garments, options, base_url)
    except LabelError as error:
        raise click.ClickException(_message(error)) from error
    out.write_bytes(pdf)
    count = len(selection.garments) * copies
    sheets = sheet_count(PRESETS[preset.upper()], start, count)
    click.echo(f"Wrote {count} label(s) for {selection.what} on {sheets} page(s) to {out}.")
    warning = base_url_warning(configured_base_url(fallback=""))
    if warning:
        click.echo(f"Warning: {warning}", err=True)


def _source(tags, costume, everything) -> LabelSource:
    given = sum((bool(tags), costume is not None, everything))
    if given != 1:
        raise click.UsageError("Give tag codes, --costume ID or --all (exactly one of them).")
    if costume is not None:
        costume_id = parse_costume_ref(costume)
        if costume_id is None:
            raise click.BadParameter(f"'{costume}' is not a costume id.", param_hint="--costume")
        return LabelSource(costume_id=costume_id)
    return LabelSource(everything=True) if everything else LabelSource(tags=list(tags))


def _message(error: LabelError) -> str:
    names = {"start": "--start", "copies": "--copies", "preset": "--preset", "ec": "--ec"}
    return " ".join(
        f"{names[field]}: {text}" if field in names else text
        for field, text in error.errors.items()
    )
