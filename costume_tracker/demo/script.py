"""The demo series' script breakdown as plain constants: episodes, scenes, shooting days.

Paris scenes are written in French and New York ones in English, as each team writes them.
A cast entry is (character, look worn, double working in the scene or None); the look
names the site's hero costume of that character, so the change is found from it. No look:
the character is in the scene out of costume (street clothes), with no change.
"""

from . import data

# (number, title, production or None). Episodes 6 and 7 are off stage: no ballet scenes.
EPISODES = (
    (1, "The Swap", data.SB),
    (2, "Rose Adagio", data.SB),
    (3, "The Sleeping Beauty", data.SB),
    (4, "Snow", data.NUT),
    (5, "Company Class", data.NUT),
    (6, "Crossing", None),
    (7, "Understudy", None),
    (8, "Gala", data.SB),
)

# A change that is a hero costume worn with an extra stock piece: (character, site, look)
# -> (number, extra stock garment's name, description).
VARIANTS = {
    ("Aurora", "PAR", "Act III wedding, warm-up"): (
        "3A", "Long-sleeved leotard",
        "Tutu du mariage, justaucorps d’échauffement par-dessus le corsage (loge)",
    ),
}  # fmt: skip
COMPANY = {"PAR": "Le Ballet National", "NYC": "Metropolitan Ballet Theater"}

GARNIER, WINGS = "Palais Garnier — scène", "Palais Garnier — coulisses"
STUDIO = "Studio de répétition"
LOGE, FOYER, PLACE = "Loge d’Aurore", "Foyer de la danse", "Place de l’Opéra"
STAGE, SIDE, REHEARSAL = "Lincoln Center — stage", "Lincoln Center — wings", "Rehearsal studio 3"
DRESSING, PLAZA = "Principal dressing room", "Lincoln Center plaza"

AURORA_P, DESIRE_P, LILAC_P = "Inès Marchetti", "Rémi Castagne", "Solène Rivière"
SUGAR_P, AURORA_N, DESIRE_N = "Anaïs Perrin", "Madison Hale", "Jonah Feldman"
SUGAR_N, CAVALIER_N = "Caroline Ashby", "Lucas Brennan"
# The double whose multiple of Aurora's Act II vision is on the stand-in: a deliberate gap.
GAP_DOUBLE = "Maëlle Brossard"

# Per episode: (number, site, set, story day, INT/EXT, description, cast).
SCENES = {
    1: (
        ("1", "PAR", PLACE, "D1", "EXT", "Geneviève arrive à l’Opéra sous la pluie ; on lui "
         "annonce l’échange avec New York.", (("Aurora", None, None),)),
        ("3", "PAR", STUDIO, "D1", "INT", "Cours du matin ; la fée des Lilas répète sa variation.",
         (("Lilac Fairy", "Prologue", LILAC_P),)),
        ("4", "PAR", GARNIER, "D1", "INT", "Prologue : le baptême d’Aurore, entrée de la cour.",
         (("King Florestan", "Court", None), ("The Queen", "Court", None),
          ("Catalabutte", "Court", None), ("Lilac Fairy", "Prologue", LILAC_P))),
        ("5", "PAR", GARNIER, "D1", "INT", "Prologue : Carabosse maudit l’enfant.",
         (("Carabosse", "Prologue", None), ("Lilac Fairy", "Prologue", None),
          ("King Florestan", "Court", None))),
        ("7", "PAR", WINGS, "N1", "INT", "Dans les coulisses, Carabosse et la fée des Lilas "
         "se disputent la loge.", (("Carabosse", "Prologue", None),
                                   ("Lilac Fairy", "Prologue", None))),
        ("9", "PAR", FOYER, "N1", "INT", "Le directeur présente Geneviève à la troupe.",
         (("Aurora", "Act I birthday", None),)),
    ),
    2: (
        ("2", "PAR", STUDIO, "D2", "INT", "Répétition de l’adage à la rose avec quatre princes.",
         (("Aurora", "Act I birthday", AURORA_P), ("King Florestan", "Court", None))),
        ("4", "PAR", GARNIER, "D2", "INT", "Acte I : l’anniversaire d’Aurore, adage à la rose.",
         (("Aurora", "Act I birthday", AURORA_P), ("The Queen", "Court", None),
          ("King Florestan", "Court", None))),
        ("5", "PAR", GARNIER, "D2", "INT", "Acte I : la piqûre du fuseau, Aurore s’endort.",
         (("Aurora", "Act I birthday", None), ("Carabosse", "Prologue", None))),
        ("8", "PAR", GARNIER, "N2", "INT", "Acte II : la chasse du prince Désiré.",
         (("Prince Désiré", "Act II hunt", DESIRE_P), ("Lilac Fairy", "Prologue", None))),
        ("9", "PAR", GARNIER, "N2", "INT", "Acte II : la vision ; Aurore apparaît au prince.",
         (("Aurora", "Act II vision", GAP_DOUBLE), ("Prince Désiré", "Act II hunt", DESIRE_P),
          ("Lilac Fairy", "Prologue", LILAC_P))),
        ("9A", "PAR", WINGS, "N2", "INT", "Changement rapide en coulisses entre vision et réveil.",
         (("Aurora", "Act II vision", None),)),
        ("11", "PAR", LOGE, "N2", "INT", "Geneviève reçoit une lettre anonyme.",
         (("Aurora", "Act II vision", None),)),
    ),
    3: (
        ("10", "PAR", FOYER, "D3", "INT", "Les solistes s’échauffent avant la générale.",
         (("Bluebird", "Act III", None), ("Princess Florine", "Act III", None))),
        ("11", "PAR", GARNIER, "D3", "INT", "Générale : l’Oiseau bleu et la princesse Florine.",
         (("Bluebird", "Act III", None), ("Princess Florine", "Act III", None))),
        ("12", "PAR", GARNIER, "N3", "INT", "Générale : le pas de deux du mariage, première prise.",
         (("Aurora", "Act III wedding", AURORA_P), ("Prince Désiré", "Act III wedding", DESIRE_P),
          ("King Florestan", "Court", None), ("The Queen", "Court", None))),
        ("13", "PAR", WINGS, "N3", "INT", "Aurélien et Geneviève se disputent entre deux prises.",
         (("Aurora", "Act III wedding", None), ("Prince Désiré", "Act III wedding", None))),
        ("14", "PAR", GARNIER, "N4", "INT", "La première : pas de deux du mariage ; Aurore "
         "chute à la dernière pirouette.",
         (("Aurora", "Act III wedding", AURORA_P), ("Prince Désiré", "Act III wedding", DESIRE_P),
          ("Bluebird", "Act III", None), ("Princess Florine", "Act III", None))),
        ("14A", "PAR", LOGE, "N4", "INT", "Geneviève seule dans sa loge, le gilet "
         "d’échauffement sur le tutu.", (("Aurora", "Act III wedding, warm-up", None),)),
        ("15", "PAR", GARNIER, "N4", "INT", "Le rideau tombe ; la cour salue.",
         (("Aurora", "Act III wedding", None), ("Prince Désiré", "Act III wedding", None),
          ("King Florestan", "Court", None), ("The Queen", "Court", None),
          ("Catalabutte", "Court", None))),
        ("17", "PAR", PLACE, "N4", "EXT", "Sortie des artistes ; les photographes attendent.",
         (("Aurora", None, None), ("Prince Désiré", None, None))),
    ),
    4: (
        ("3", "PAR", STUDIO, "D5", "INT", "Clémence répète le grand pas de la fée Dragée.",
         (("Sugar Plum Fairy", "Act II grand pas", SUGAR_P),
          ("Cavalier", "Act II grand pas", None))),
        ("5", "PAR", GARNIER, "N5", "INT", "Casse-Noisette, acte I : la fête chez Drosselmeyer.",
         (("Clara", "Act I party", None), ("Drosselmeyer", "Act I party", None))),
        ("6", "PAR", GARNIER, "N5", "INT", "Acte I : la scène de la neige.",
         (("Snow Queen", "Act I snow scene", None), ("Snow King", "Act I snow scene", None),
          ("Clara", "Act I nightdress", None))),
        ("8", "NYC", STAGE, "N5", "INT", "The New York company's Nutcracker: the party scene.",
         (("Clara", "Act I party", None), ("Drosselmeyer", "Act I party", None))),
        ("9", "NYC", STAGE, "N5", "INT", "Grand pas de deux; Elena's partner lifts her late.",
         (("Sugar Plum Fairy", "Act II grand pas", SUGAR_N),
          ("Cavalier", "Act II grand pas", CAVALIER_N))),
        ("10", "NYC", SIDE, "N5", "INT", "In the wings Elena hears about the swap.",
         (("Sugar Plum Fairy", "Act II grand pas", None), ("Dew Drop", "Act II waltz of the "
                                                           "flowers", None))),
        ("12", "NYC", PLAZA, "N5", "EXT", "Snow on the plaza; Marcus waits for Elena.",
         (("Cavalier", "Act II grand pas", None),)),
    ),
    5: (
        ("2", "NYC", REHEARSAL, "D6", "INT", "Company class; the Paris dancers arrive.",
         (("Snow Queen", "Act I snow scene", None), ("Snow King", "Act I snow scene", None))),
        ("4", "NYC", STAGE, "D6", "INT", "Snow scene rehearsal on stage.",
         (("Snow Queen", "Act I snow scene", None), ("Snow King", "Act I snow scene", None),
          ("Clara", "Act I nightdress", None))),
        ("6", "NYC", STAGE, "N6", "INT", "Waltz of the flowers: Dew Drop's variation.",
         (("Dew Drop", "Act II waltz of the flowers", None),
          ("Sugar Plum Fairy", "Act II grand pas", "Grace Liu"))),
        ("7", "NYC", DRESSING, "N6", "INT", "Elena and Tessa share a dressing room.",
         (("Sugar Plum Fairy", "Act II grand pas", None), ("Aurora", "Act III wedding", None))),
        ("8", "PAR", STUDIO, "D6", "INT", "À Paris, Clémence répète seule.",
         (("Sugar Plum Fairy", "Act II grand pas", SUGAR_P),)),
        ("9", "PAR", GARNIER, "N6", "INT", "Casse-Noisette à Paris : le grand pas.",
         (("Sugar Plum Fairy", "Act II grand pas", SUGAR_P),
          ("Cavalier", "Act II grand pas", None))),
    ),
    8: (
        ("1", "NYC", PLAZA, "D9", "EXT", "Gala night; Tessa arrives through the crowd.",
         (("Aurora", None, None),)),
        ("3", "NYC", STAGE, "N9", "INT", "Gala: the Lilac Fairy's variation.",
         (("Lilac Fairy", "Prologue", None), ("Carabosse", "Prologue", None))),
        ("4", "NYC", STAGE, "N9", "INT", "Gala: Bluebird pas de deux.",
         (("Bluebird", "Act III", None), ("Princess Florine", "Act III", None))),
        ("5", "NYC", STAGE, "N9", "INT", "Gala: the wedding pas de deux, Tessa and Daniel.",
         (("Aurora", "Act III wedding", AURORA_N), ("Prince Désiré", "Act III wedding", DESIRE_N),
          ("King Florestan", "Court", None), ("The Queen", "Court", None))),
        ("5A", "NYC", SIDE, "N9", "INT", "Tessa watches Geneviève from the wings.",
         (("Aurora", "Act III wedding", None),)),
        ("7", "NYC", DRESSING, "N9", "INT", "After the gala: flowers and a telegram.",
         (("Aurora", "Act III wedding", None), ("Prince Désiré", "Act III wedding", None))),
    ),
}  # fmt: skip

# Shooting days per site: (days from the site's today, where, notes, scenes "episode/number").
SHOOTING_DAYS = {
    "PAR": (
        (-14, "Palais Garnier", "Convocation 7 h 30", ("1/4", "1/5", "2/4")),
        (-9, "Palais Garnier", "", ("1/7", "2/5", "3/11")),
        (-7, "Palais Garnier", "Générale filmée ; convocation 16 h", ("3/10", "3/12")),
        (-4, "Studio de répétition, 5e étage", "", ("1/3", "2/2", "4/3")),
        (-2, "Palais Garnier", "Nuit ; convocation 18 h", ("3/13", "3/14")),
        (0, "Palais Garnier", "Convocation 8 h", ("2/8", "1/9")),
        (1, "Palais Garnier", "Suite de la séq. 14 ; convocation 17 h", ("3/14", "3/14A", "3/15")),
        (3, "Place de l’Opéra", "Extérieurs ; repli en loge s’il pleut", ("1/1", "3/17", "2/11")),
        (6, "Palais Garnier", "", ("2/9", "2/9A", "4/5", "4/6")),
        (8, "Palais Garnier", "", ("5/8", "5/9", "4/6")),
    ),
    "NYC": (
        (-8, "Lincoln Center", "Call 9:00", ("4/8", "5/2")),
        (-3, "Lincoln Center", "", ("4/9", "4/10")),
        (0, "Lincoln Center", "Call 10:00", ("5/4", "5/6")),
        (2, "Lincoln Center", "Night shoot; call 17:00", ("4/9", "4/12", "5/7")),
        (7, "Lincoln Center", "Gala unit", ("8/1", "8/3", "8/4", "8/5")),
        (9, "Lincoln Center", "", ("8/5A", "8/7")),
    ),
}

# Continuity photos: (character, site, look, scene, photographed performer, kind,
# caption, days before the site's today it was taken).
PHOTOS = (
    ("Aurora", "PAR", "Act III wedding", "3/12", "Geneviève Lacombe", "front",
     "Séq. 12 : tiare droite, nœud du tutu côté gauche", 7),
    ("Aurora", "PAR", "Act III wedding", "3/12", "Inès Marchetti", "back",
     "Séq. 12, doublure : agrafes du corsage cachées sous le nœud", 7),
    ("Aurora", "PAR", "Act III wedding", "3/14", "Geneviève Lacombe", "detail",
     "Séq. 14 : tiare inclinée après la chute, une épingle visible", 2),
    ("Sugar Plum Fairy", "NYC", "Act II grand pas", "4/9", "Elena Vasquez", "on set",
     "Scene 9: tiara pinned back, left strap twisted after the lift", 3),
)  # fmt: skip
# Continuity notes: (character, site, look, scene, text, days before today written).
NOTES = (
    ("Aurora", "PAR", "Act III wedding", "3/12",
     "Tiare posée légèrement en arrière ; épingles cachées sous le chignon.", 7),
    ("Prince Désiré", "PAR", "Act III wedding", "3/14",
     "Manches du pourpoint remontées à partir de la séq. 14 (après la chute d’Aurore).", 2),
    ("Aurora", "PAR", "Act III wedding", "3/14",
     "Bretelle gauche du corsage recousue après la séq. 12 : vérifier sur la photo.", 2),
    ("Sugar Plum Fairy", "NYC", "Act II grand pas", "4/9",
     "Tiara 2 cm further back from scene 9 on; match the photo.", 3),
)  # fmt: skip
# The double's multiple piece in the laundry for tomorrow's Paris shoot.
LAUNDRY = ("PAR", "Prince Désiré", "Act III wedding", DESIRE_P, "Wedding tights",
           "Collant du mariage au lavage après la séq. 14")  # fmt: skip
