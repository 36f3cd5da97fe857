"""``flask --app costume_tracker labels``: the label PDF from the command line."""

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from ..catalog.queries import parse_costume_ref
from ..outfile import check_output, is_stdout, write_output
from ..wording import plural
from .baseurl import base_url_warning, is_refused, parse_base_url
from .presets import PRESETS
from .qr import EC_LEVELS
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
    help="Least error correction: M is raised to Q wherever Q keeps the code as small; "
    "Q always for fabric tags that get washed.",
)
@click.option("--costume", help="Every garment of a costume (C-42 or 42).")
@click.option("--all", "everything", is_flag=True, help="Every garment that is not retired.")
@click.option("--outlines", is_flag=True, help="Draw label edges, for a test print.")
@click.option(
    "--base-url",
    metavar="URL",
    help="The address phones use, for this run (instead of PUBLIC_BASE_URL).",
)
@click.option("--out", required=True, help="PDF to write, or - for standard output.")
@with_appcontext
def labels(tags, preset, start, copies, ec, costume, everything, outlines, base_url, out) -> None:
    """Write the label PDF for TAG codes, a costume's garments or every garment.

    Refuses to print when PUBLIC_BASE_URL is unset or points at this computer, unless
    --base-url gives the address: labels are sewn in for years.
    """
    source = _source(tags, costume, everything)
    check_output(out)
    base_url = _base_url(base_url)
    options = LabelOptions(preset, start, copies, ec.upper(), outlines)
    try:
        selection = select_garments(source)
        pdf = print_labels(selection.garments, options, base_url)
    except LabelError as error:
        raise click.ClickException(_message(error)) from error
    write_output(out, pdf)
    count = len(selection.garments) * copies
    sheets = sheet_count(PRESETS[preset.upper()], start, count)
    labels, pages = plural(count, "label", "labels"), plural(sheets, "page", "pages")
    if is_stdout(out):
        summary = _(
            "Wrote %(labels)s for %(what)s on %(pages)s to standard output.",
            labels=labels, what=selection.what, pages=pages,
        )  # fmt: skip
    else:
        summary = _(
            "Wrote %(labels)s for %(what)s on %(pages)s to %(where)s.",
            labels=labels, what=selection.what, pages=pages, where=out,
        )  # fmt: skip
    click.echo(summary, err=is_stdout(out))


def _base_url(given: str | None) -> str:
    """The base URL to print with: --base-url, else PUBLIC_BASE_URL unless phones can't reach it.

    A --base-url is the user's explicit choice, so a local one only gets a warning (a test
    print); a local-network PUBLIC_BASE_URL is allowed with a warning too.
    """
    if given is not None:
        try:
            chosen = parse_base_url(given)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--base-url") from error
    else:
        chosen = configured_base_url()
        if is_refused(chosen):
            raise click.ClickException(
                _(
                    "Not printing: %(reason)s Labels are sewn in for years; to print without "
                    "changing the configuration, give the address phones use with --base-url URL.",
                    reason=base_url_warning(chosen),
                )
            )
    warning = base_url_warning(chosen)
    if warning:
        click.echo(_("Warning: %(warning)s", warning=warning), err=True)
    return chosen


def _source(tags, costume, everything) -> LabelSource:
    given = sum((bool(tags), costume is not None, everything))
    if given != 1:
        raise click.UsageError(_("Give tag codes, --costume ID or --all (exactly one of them)."))
    if costume is not None:
        costume_id = parse_costume_ref(costume)
        if costume_id is None:
            raise click.BadParameter(
                _("'%(costume)s' is not a costume id.", costume=costume), param_hint="--costume"
            )
        return LabelSource(costume_id=costume_id)
    return LabelSource(everything=True) if everything else LabelSource(tags=list(tags))


def _message(error: LabelError) -> str:
    names = {"start": "--start", "copies": "--copies", "preset": "--preset", "ec": "--ec",
             "PUBLIC_BASE_URL": ""}  # fmt: skip
    return " ".join(
        _("%(option)s: %(reason)s", option=names[field], reason=text) if names.get(field) else text
        for field, text in error.errors.items()
    )
