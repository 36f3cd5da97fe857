"""History lines of pulls, fittings, continuity and the breakdown read in French."""

from types import SimpleNamespace as E

from costume_tracker.history.lines import event_line


def test_new_event_summaries_read_in_french(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        cases = [
            ("pulled", "Pulled for 2026-12-04 (Paris)"),
            ("pulled", "No longer pulled for 2026-12-04 (Paris)"),
            (
                "fitting",
                "Fitting booked: 2026-12-03 10:00 CET, 30 min, Salle 2 at Paris (C-1, Aurora · 2A)",
            ),
            ("fitting", "Fitting done: 2026-12-03 10:00 CET, 30 min at Paris (C-1): taken in"),
            ("continuity", "Continuity photo (front) of change 2A 3/14"),
            ("continuity", "Continuity note on change 2A 3/14: sleeves up"),
            ("continuity", "Continuity note on change 2A: sleeves up"),
            ("edit", "Scene 3/14: Aurora, change 2A"),
            ("edit", "Change 2A of Aurora: C-12"),
            ("import", "Hero costume of Aurora's change 2, by import of b.csv (row 3)"),
        ]
        out = [event_line(E(kind=k, summary=s, changes={}, undoes_id=None)) for k, s in cases]

        assert all(o != s for o, (_, s) in zip(out, cases, strict=True)), out
        assert out[0] == "Préparé pour le tournage du 4 déc. 2026 (Paris)"
        assert out[4] == "Photo raccord (face), changement 2A 3/14"
