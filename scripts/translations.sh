#!/usr/bin/env bash
# Re-extract every translatable text into the template catalog and bring the French
# catalog up to date with it (new texts appear untranslated, removed ones become obsolete).
# Translate the new entries in costume_tracker/translations/fr/LC_MESSAGES/messages.po;
# the app compiles it when it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
POT=costume_tracker/translations/messages.pot
"$BIN/pybabel" -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
  -k plural:2,3 -k lazy_pgettext:1c,2 -k npgettext:1c,2,3 --add-location=file --sort-output \
  --project "Costume Tracker" --msgid-bugs-address "" -o "$POT" .
if [ -f costume_tracker/translations/fr/LC_MESSAGES/messages.po ]; then
  "$BIN/pybabel" -q update -i "$POT" -d costume_tracker/translations -l fr \
    --no-fuzzy-matching --ignore-obsolete
else
  "$BIN/pybabel" -q init -i "$POT" -d costume_tracker/translations -l fr
fi
