"""The translation checks themselves, on small samples: they catch what they should and
nothing else (tests/test_translations.py runs them on the app)."""

import pytest
from babel.messages.catalog import Catalog

from tests import i18n_checks


def texts_of(template: str, tmp_path) -> list[str]:
    (tmp_path / "t.html").write_text(template, encoding="utf-8")
    return [finding.split(": ", 1)[1] for finding in i18n_checks.template_texts(tmp_path)]


@pytest.mark.parametrize(
    "template, expected",
    [
        ("<h1>Garments</h1>", ["text 'Garments'"]),
        ("<h1>{{ _('Garments') }}</h1>", []),
        ("<p>{% trans n=3 %}{{ n }} found{% endtrans %}</p>", []),
        ("<p>{{ plural(n, 'garment', 'garments') }} · {{ g.tag_code }}</p>", []),
        ("<a title='Edit' href='{{ url }}'>✎</a>", ["<a title> 'Edit'"]),
        (
            '<input placeholder="{{ _(\'Name\') }}" aria-label="Search">',
            ["<input aria-label> 'Search'"],
        ),
        ('<input type="submit" value="Save"><input name="q" value="x">', ["<input value> 'Save'"]),
        ('<img alt="Photo of {{ g.name }}">', ["<img alt> 'Photo of …'"]),
        ("<button value='go'>{{ _('Go') }}</button>", ["<button value> 'go'"]),
        ("{% block title %}Costume Tracker{% endblock %} ET-00042 · C-42 → 12 cm", []),
        ("<script>let label = 'Saved';</script>{# a note #}", []),
        ("{% if x %}\n\n  Page {{ p }} of {{ n }}\n{% endif %}", ["text 'Page … of …'"]),
        ("<h1>{{ 'Edit ' ~ p.name if p else _('New performer') }}</h1>", ["literal 'Edit '"]),
        ("{{ _('Hand to %(name)s', name=n) }}{% if site == 'Paris' %}{% endif %}", []),
        (
            "<a class='b{{ \" danger\" if lost }}'>{{ field(f.x, label='Name') }}</a>",
            ["literal 'Name'"],
        ),
    ],
)
def test_template_checker(template, expected, tmp_path):
    assert texts_of(template, tmp_path) == expected


def test_template_checker_names_the_line(tmp_path):
    (tmp_path / "t.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n\n<p>\n  Hello", encoding="utf-8"
    )
    assert i18n_checks.template_texts(tmp_path)[0].endswith("t.html:5: text 'Hello'")


def literals_of(source: str, tmp_path) -> list[str]:
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    return [finding.split(": ", 1)[1] for finding in i18n_checks.python_literals(tmp_path)]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("flash('Saved.', 'success')", ["flash 'Saved.'"]),
        ("flash(f'Saved {n}.')", ["flash 'Saved {…}.'"]),
        ("flash(_('Saved %(n)s.', n=n))", []),
        ("flash(message)", []),
        ("raise ValidationError('Too long')", ["ValidationError 'Too long'"]),
        ("class ShopError(ValueError): pass\nraise ShopError('Closed: %s' % why)",
         ["ShopError 'Closed: %s'"]),
        ("raise ValueError('bad header')", []),
        ("click.echo('Imported.')", ["click.echo 'Imported.'"]),
        ("click.echo(path)\nclick.echo('  ---  ')", []),
        ("click.echo('SELECT 1')  # developers", []),
        ("abort(404, description='No such garment')", ["abort description 'No such garment'"]),
        ("name = StringField('Name', validators=[Length(max=5, message='Too long')])",
         ["StringField label 'Name'", "Length message 'Too long'"]),
        ("name = StringField(_l('Name'), description=_l('As on the label'))", []),
        ("unit = SelectField(label='Unit')", ["SelectField label 'Unit'"]),
        ("flash(_(f'Saved {n}.'))",
         ["_() of formatted text 'Saved {…}.' (use %(name)s placeholders)"]),
        ("x = _l('Saved %s.' % n)",
         ["_l() of formatted text 'Saved %s.' (use %(name)s placeholders)"]),
        ("x = _('Between %(a)s mm', a=f'{low:g}')", []),
        ("class ShopError(ValueError): pass\nraise ShopError({'name': 'Needs a name.'})",
         ["ShopError 'Needs a name.'"]),
        ("errors['kind'] = f'Kind must be one of {kinds}.'",
         ["error message 'Kind must be one of {…}.'"]),
        ("class ShopError(ValueError): pass\nraise ShopError('site_id', 'No such site')",
         ["ShopError 'No such site'"]),
        ("errors['kind'] = _('Choose a kind.')\nrow['kind'] = 'tutu dress'", []),
    ],
)  # fmt: skip
def test_python_checker(source, expected, tmp_path):
    assert literals_of(source, tmp_path) == expected


def catalog_of(*pairs) -> Catalog:
    catalog = Catalog(locale="fr")
    for msgid, msgstr in pairs:
        catalog.add(msgid, msgstr)
    return catalog


def test_placeholder_checker():
    catalog = catalog_of(
        ("Saved %(n)s.", "Enregistré %(n)s."),
        ("Saved %(n)s to %(tag)s.", "%(n)s enregistrés."),
        ("100%% cotton", "100 %% coton"),
        (("%(num)d row", "%(num)d rows"), ("%(num)d ligne", "%(num)d lignes")),
        (("one change", "%(num)d changes"), ("une modification", "%(num)d modifications")),
    )
    mismatches = i18n_checks.placeholder_mismatches(catalog)
    assert [wrong.split(": ", 1)[1].rsplit("' ", 1)[0] + "'" for wrong in mismatches] == [
        "'Saved %(n)s to %(tag)s.'",
        "'one change'",
    ]


def test_typography_checker():
    nbsp = "\u00a0"
    catalog = catalog_of(
        ("Notes:", "Notes :"),
        ("Notes: ", f"Notes{nbsp}: "),
        ("Sure?", "Sûr ?"),
        ("Sure!", f"Sûr{nbsp}!"),
        ("At 14:05, see https://x", "À 14:05, voir https://x"),
        ("'Tulle'", "« Tulle »"),
        ("“Tulle”", f"«{nbsp}Tulle{nbsp}»"),
        ("The performer's", "L'artiste"),
        ("<a href='x'>Edit</a>", "<a href='x'>Modifier</a>"),
        ("%(name)s: done", "%(name)s: fait"),
        ("Write 'Ballet: name'.", "Écrivez «\u00a0Ballet: nom\u00a0»."),
    )
    faults = i18n_checks.typography_faults(catalog)
    faulty = [fault.split(": ", 1)[1].split(" needs")[0] for fault in faults]
    assert faulty == ["'Notes :'", "'Sûr ?'", "'« Tulle »'", '"L\'artiste"', "'%(name)s: fait'"]
