"""Sign-in, performers, lists, users and error pages in French for a French browser.

The same pages and messages stay English for an English one. A no-break space (U+00A0)
goes before a French colon, and numbers in reasons carry a decimal comma.
"""

import pytest

from tests.conftest import PASSWORD, login, make_performer, site_id

FR = {"Accept-Language": "fr"}
EN = {"Accept-Language": "en"}
NBSP = "\u00a0"


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["Se connecter", "Rester connecté sur cet appareil", 'lang="fr"']),
        (EN, ["Sign in", "Keep me signed in on this device", 'lang="en"']),
    ],
)
def test_the_sign_in_page_speaks_the_browser_language(client, headers, expected):
    text = page(client.get("/login", headers=headers))
    assert all(words in text for words in expected), expected


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (FR, "E-mail ou mot de passe incorrect, ou compte désactivé."),
        (EN, "Email or password is wrong, or the account is disabled."),
    ],
)
def test_a_wrong_password_is_refused_in_the_browser_language(client, users, headers, message):
    data = {"email": "viewer@example.org", "password": PASSWORD + "x"}
    assert message in page(client.post("/login", data=data, headers=headers))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["Artistes", "Nouvel artiste", "a une doublure", "étoile", "Doublure de"]),
        (EN, ["Performers", "New performer", "has a double", "principal", "Doubles for"]),
    ],
)
def test_the_performer_list_in_both_languages(app, as_wardrobe, headers, expected):
    with app.app_context():
        make_performer()
    text = page(as_wardrobe.get("/performers", headers=headers))
    assert all(words in text for words in expected), expected


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (FR, f"Tour de taille (cm){NBSP}: Doit être compris entre 1 cm et 300 cm, et non 0,5 cm."),
        (EN, "Waist (cm): Must be between 1 cm and 300 cm, not 0.5 cm."),
    ],
)
def test_a_measurement_out_of_range_is_refused_in_the_reader_language(
    app, as_wardrobe, headers, reason
):
    with app.app_context():
        performer_id = make_performer().id
    response = as_wardrobe.post(
        f"/performers/{performer_id}/measurements",
        data={"measured_on": "2026-01-02", "waist": "0,5"},
        headers=headers,
    )
    assert response.status_code == 400
    assert reason in page(response)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["Mensurations enregistrées.", "Mensurations", "tour de taille", "64,5 cm"]),
        (EN, ["Measurements saved.", "Measurements", "waist", "64.5 cm"]),
    ],
)
def test_saved_measurements_are_flashed_and_shown_in_the_reader_language(
    app, as_wardrobe, headers, expected
):
    with app.app_context():
        performer_id = make_performer().id
    response = as_wardrobe.post(
        f"/performers/{performer_id}/measurements",
        data={"measured_on": "2026-01-02", "waist": "64,5"},
        headers=headers,
        follow_redirects=True,
    )
    text = page(response)
    assert all(words in text for words in expected), expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["Ce site a déjà un emplacement nommé Rack A1.", "Sites et emplacements", "portant"]),
        (EN, ["That site already has a location named Rack A1.", "Sites and locations", "rack"]),
    ],
)
def test_lists_and_their_refusals_in_the_reader_language(app, as_wardrobe, headers, expected):
    with app.app_context():
        paris = site_id()
    response = as_wardrobe.post(
        "/lists/locations/new",
        data={"site_id": paris, "name": "Rack A1", "kind": "rack"},
        headers=headers,
        follow_redirects=True,
    )
    text = page(response)
    assert all(words in text for words in expected), expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["Fermer toutes les sessions", "Utilisateurs", "oui"]),
        (EN, ["End all sessions", "Users", "yes"]),
    ],
)
def test_users_page_and_session_messages(client, users, headers, expected):
    login(client, "admin")
    text = page(client.get("/users", headers=headers))
    assert all(words in text for words in expected), expected
    ended = client.post(
        f"/users/{users['viewer']}/sessions/end",
        data={"confirmed": "yes"},
        headers=headers,
        follow_redirects=True,
    )
    flashed = (
        "0 session de viewer@example.org fermée."
        if headers is FR
        else "Ended 0 sessions of viewer@example.org."
    )
    assert flashed in page(ended)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["Introuvable", "Il n’y a rien à cette adresse.", "Retour aux pièces"]),
        (EN, ["Not found", "There is nothing at this address.", "Back to the garments"]),
    ],
)
def test_error_pages_in_the_reader_language(as_viewer, headers, expected):
    response = as_viewer.get("/no-such-page", headers=headers)
    assert response.status_code == 404
    text = page(response)
    assert all(words in text for words in expected), expected


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (
            FR,
            "Mot de passe trop facile à deviner. C’est un mot de passe très courant. "
            "Ajoutez un ou deux mots. Les mots peu courants sont préférables.",
        ),
        (
            EN,
            "Password is too easy to guess. This is a very common password. "
            "Add another word or two. Uncommon words are better.",
        ),
    ],
)
def test_a_weak_password_is_refused_with_advice_in_the_reader_language(app, headers, reason):
    from costume_tracker.auth.passwords import PasswordError, check_password_rules

    with app.test_request_context(headers=headers), pytest.raises(PasswordError) as refused:
        check_password_rules("password123", "viewer@example.org")
    assert str(refused.value) == reason


@pytest.mark.parametrize(
    ("headers", "message"),
    [(FR, "Connectez-vous pour voir cette page."), (EN, "Please sign in to see that page.")],
)
def test_a_signed_out_visit_is_asked_to_sign_in_in_the_browser_language(client, headers, message):
    response = client.get("/performers", headers=headers, follow_redirects=True)
    assert message in page(response)


@pytest.mark.parametrize(
    ("locale", "created", "refused"),
    [
        (
            "fr",
            "Compte sofia@example.org créé (costumes).",
            "Le mot de passe doit compter au moins 10 caractères.",
        ),
        ("en", "Created sofia@example.org (wardrobe).", "Password must be at least 10 characters."),
    ],
)
def test_create_user_speaks_the_command_language(app, runner, locale, created, refused):
    app.config["CLI_LOCALE"] = locale
    args = ["create-user", "sofia@example.org", "--role", "wardrobe", "--password-stdin"]
    short = runner.invoke(args=args, input="short\n")
    assert short.exit_code == 1 and refused in short.output
    done = runner.invoke(args=args, input="a long password\n")
    assert done.exit_code == 0 and created in done.output
