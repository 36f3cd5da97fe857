"""The invented demo wardrobe as plain constants: sites, rooms, productions and looks."""

SEED = 1890  # Sleeping Beauty's premiere year; fixes every random choice of the demo.
SB, NUT, REH = "Sleeping Beauty", "The Nutcracker", "Rehearsal wear"
# The costume whose presence means the demo is already loaded.
MARKER_COSTUME = "Aurora, Act III wedding (PAR)"
CATALOGUED_DAYS_AGO = 180  # when the wardrobe was catalogued: the date of its import events

SITES = (
    ("Paris", "PAR", "Le Ballet National"),
    ("New York", "NYC", "Metropolitan Ballet Theater"),
)
# Each site's time zone: its local times, and the days its due dates fall on.
SITE_ZONES = {"PAR": "Europe/Paris", "NYC": "America/New_York"}
# Demo accounts beside the admin, signing in with the admin's password:
# (email, name, role, home site code, interface language).
DEMO_USERS = (
    ("paris@example.org", "Margaux Lefèvre", "wardrobe", "PAR", "fr"),
    ("newyork@example.org", "Jordan Ellis", "wardrobe", "NYC", "en"),
)

# (name, kind, role); every site also gets the racks and bins below.
ROOMS = {
    "PAR": (
        ("Réserve des costumes, Théâtre", "room", "stock"),
        ("Salle d'essayage", "room", "fitting"),
        ("Atelier de couture", "room", "workshop"),
        ("Blanchisserie", "room", "laundry"),
        ("Étagère des coiffes", "shelf", "headpieces"),
        ("Étagère des chaussons", "shelf", "shoes"),
    ),
    "NYC": (
        ("Wardrobe stock room", "room", "stock"),
        ("Fitting room", "room", "fitting"),
        ("Sewing shop", "room", "workshop"),
        ("Laundry", "room", "laundry"),
        ("Headpiece shelf", "shelf", "headpieces"),
        ("Shoe shelf", "shelf", "shoes"),
    ),
}
RACKS = {
    SB: tuple(f"Rack A{n}" for n in range(1, 5)),
    NUT: tuple(f"Rack B{n}" for n in range(1, 5)),
}
BINS = tuple(f"Bin {n}" for n in range(1, 7))
SMALL_PIECE_BINS = BINS[:4]
REHEARSAL_BINS = BINS[4:]

PRODUCTIONS = (
    (SB, "Petipa's fairy tale in a prologue and three acts; the show's Paris gala."),
    (NUT, "The Christmas production, danced by both companies in episode 4."),
    (REH, "Practice clothes for class and rehearsal scenes; stock pieces, not costumes."),
)

# Pieces: (category, name, colour, fabric), or for a tutu (category, name, colour, net type, style).
POINTE = ("shoes", "Pointe shoes", "pink", "satin")
SLIPPERS = ("shoes", "Ballet slippers", "white", "leather")


def _fairy(name: str, colour: str) -> tuple:
    """A prologue fairy's look: platter tutu, bodice and headdress in her colour."""
    return (SB, name, "Prologue", 1, "f", (
        ("tutu", f"{name} tutu", colour, "stiff nylon net", "platter"),
        ("bodice", f"{name} bodice", colour, "silk satin, sequins"),
        ("headpiece", f"{name} headdress", f"{colour} and silver", "rhinestones on wire"),
    ))  # fmt: skip


# Looks: (production, character, look, copies per site, cut f/m, pieces).
LOOKS = (
    (SB, "Aurora", "Act I birthday", 1, "f", (
        ("tutu", "Rose adagio tutu", "pale pink", "stiff nylon net", "classical pancake"),
        ("bodice", "Rose adagio bodice", "pale pink", "silk dupion, appliqué roses"),
        ("headpiece", "Rose garland headpiece", "pink and gold", "silk flowers on wire"),
        POINTE)),
    (SB, "Aurora", "Act II vision", 1, "f", (
        ("tutu", "Vision tutu", "seafoam", "soft tulle", "bell"),
        ("bodice", "Vision bodice", "seafoam", "chiffon over silk"),
        ("headpiece", "Vision headdress", "silver", "rhinestones on wire"))),
    (SB, "Aurora", "Act III wedding", 1, "f", (
        ("tutu", "Wedding tutu", "ivory and gold", "stiff nylon net", "classical pancake"),
        ("bodice", "Wedding bodice", "ivory", "silk satin, hand-sewn crystals"),
        ("headpiece", "Wedding tiara", "gold", "gilded metal, crystals"),
        POINTE)),
    (SB, "Prince Désiré", "Act II hunt", 1, "m", (
        ("jacket", "Hunting jacket", "forest green", "velvet, gold braid"),
        ("shirt", "Hunt shirt", "cream", "cotton lawn"),
        ("tights", "Hunt tights", "forest green", "cotton-Lycra"),
        ("shoes", "Hunt boots", "brown", "soft leather"),
        ("headpiece", "Plumed hat", "green", "felt, ostrich feather"))),
    (SB, "Prince Désiré", "Act III wedding", 1, "m", (
        ("jacket", "Wedding tunic", "ivory and gold", "silk brocade"),
        ("shirt", "Wedding shirt", "ivory", "silk crêpe"),
        ("tights", "Wedding tights", "white", "cotton-Lycra"),
        SLIPPERS)),
    (SB, "Lilac Fairy", "Prologue", 1, "f", (
        ("tutu", "Lilac tutu", "lilac", "stiff nylon net", "platter"),
        ("bodice", "Lilac bodice", "lilac", "silk satin, sequins"),
        ("headpiece", "Lilac crown", "silver and lilac", "rhinestones"),
        ("accessory", "Wand", "silver", "resin, glass stones"))),
    (SB, "Carabosse", "Prologue", 1, "f", (
        ("dress", "Carabosse gown", "black and purple", "velvet, lamé"),
        ("accessory", "Cape with rat trim", "black", "taffeta, faux fur"),
        ("headpiece", "Wig and crown", "grey", "synthetic hair, tarnished metal"),
        ("shoes", "Character heels", "black", "leather"))),
    (SB, "Bluebird", "Act III", 1, "m", (
        ("jacket", "Bluebird tunic", "sapphire", "lamé, feathers"),
        ("tights", "Bluebird tights", "blue", "cotton-Lycra"),
        ("headpiece", "Feather cap", "blue", "feathers on a skullcap"),
        ("shoes", "Ballet slippers", "blue", "canvas"))),
    (SB, "Princess Florine", "Act III", 1, "f", (
        ("tutu", "Florine tutu", "turquoise and gold", "stiff nylon net", "classical pancake"),
        ("bodice", "Florine bodice", "turquoise", "silk satin, gold braid"),
        ("headpiece", "Florine headdress", "gold", "feathers, crystals"))),
    (SB, "King Florestan", "Court", 1, "m", (
        ("jacket", "Royal doublet", "crimson and gold", "brocade"),
        ("trousers", "Breeches", "crimson", "velvet"),
        ("accessory", "Ermine cape", "crimson", "velvet, faux ermine"),
        ("headpiece", "King's crown", "gold", "gilded metal"))),
    (SB, "The Queen", "Court", 1, "f", (
        ("dress", "Queen's gown", "crimson and gold", "silk taffeta, brocade"),
        ("accessory", "Court train", "crimson", "velvet"),
        ("headpiece", "Queen's crown", "gold", "gilded metal, pearls"))),
    (SB, "Catalabutte", "Court", 1, "m", (
        ("jacket", "Master of ceremonies coat", "bottle green", "brocade"),
        ("trousers", "Breeches", "black", "wool"),
        ("shirt", "Jabot shirt", "white", "cotton, lace jabot"),
        ("headpiece", "Powdered wig", "white", "synthetic hair"))),
    _fairy("Fairy of the Crystal Fountain", "pale blue"),
    _fairy("Fairy of the Enchanted Garden", "mint"),
    _fairy("Fairy of the Woodland Glades", "moss green"),
    _fairy("Fairy of the Songbirds", "canary yellow"),
    _fairy("Fairy of the Golden Vine", "amber"),
    (SB, "Lilac Fairy attendants", "Prologue", 6, "f", (
        ("tutu", "Attendant tutu", "lilac", "stiff nylon net", "platter"),
        ("bodice", "Attendant bodice", "lilac", "silk satin"))),
    (SB, "Garland corps", "Act I garland waltz", 10, "f", (
        ("skirt", "Garland skirt", "peach", "silk chiffon"),
        ("bodice", "Garland bodice", "peach", "silk dupion"),
        ("headpiece", "Flower wreath", "peach and white", "silk flowers"))),
    (SB, "Garland cavaliers", "Act I garland waltz", 4, "m", (
        ("jacket", "Garland jacket", "dove grey", "brocade"),
        ("shirt", "Garland shirt", "white", "cotton lawn"),
        ("tights", "Garland tights", "grey", "cotton-Lycra"))),
    (SB, "Nereids", "Act II vision", 6, "f", (
        ("tutu", "Nereid tutu", "sea green", "soft tulle", "romantic"),
        ("bodice", "Nereid bodice", "sea green", "chiffon over silk"))),
    (SB, "Puss in Boots", "Act III", 1, "m", (
        ("jacket", "Puss tunic", "ginger", "velvet"),
        ("tights", "Puss tights", "ginger", "cotton-Lycra"),
        ("headpiece", "Cat mask", "ginger", "latex, faux fur"),
        ("shoes", "Cavalier boots", "brown", "suede"))),
    (SB, "White Cat", "Act III", 1, "f", (
        ("tutu", "White Cat tutu", "white", "soft tulle", "powder-puff"),
        ("bodice", "White Cat bodice", "white", "silk, marabou trim"),
        ("headpiece", "Cat ears", "white", "faux fur"))),
    (NUT, "Clara", "Act I nightdress", 1, "f", (
        ("dress", "Nightdress", "white", "cotton voile"),
        ("headpiece", "Hair ribbon", "pale blue", "silk ribbon"),
        ("shoes", "Soft slippers", "pink", "leather"))),
    (NUT, "Clara", "Act I party", 1, "f", (
        ("dress", "Party dress", "rose", "silk taffeta"),
        ("accessory", "Sash", "ivory", "satin ribbon"),
        ("shoes", "Soft slippers", "pink", "leather"))),
    (NUT, "Drosselmeyer", "Act I party", 1, "m", (
        ("jacket", "Frock coat", "midnight blue", "wool, silk lining"),
        ("trousers", "Trousers", "black", "wool"),
        ("shirt", "Wing-collar shirt", "white", "cotton"),
        ("accessory", "Cape", "black", "wool, red silk lining"),
        ("headpiece", "Top hat and eyepatch", "black", "felt, leather"))),
    (NUT, "Sugar Plum Fairy", "Act II grand pas", 1, "f", (
        ("tutu", "Sugar Plum tutu", "rose pink and silver", "stiff nylon net",
         "classical pancake"),
        ("bodice", "Sugar Plum bodice", "rose pink", "silk satin, crystals"),
        ("headpiece", "Sugar Plum tiara", "silver", "rhinestones"),
        POINTE)),
    (NUT, "Cavalier", "Act II grand pas", 1, "m", (
        ("jacket", "Cavalier tunic", "white and silver", "silk brocade"),
        ("shirt", "Cavalier shirt", "white", "silk crêpe"),
        ("tights", "Cavalier tights", "white", "cotton-Lycra"),
        SLIPPERS)),
    (NUT, "Snow Queen", "Act I snow scene", 1, "f", (
        ("tutu", "Snow Queen tutu", "white and silver", "stiff nylon net", "platter"),
        ("bodice", "Snow Queen bodice", "white", "silk satin, sequins"),
        ("headpiece", "Snow crown", "silver", "rhinestones on wire"))),
    (NUT, "Snow King", "Act I snow scene", 1, "m", (
        ("jacket", "Snow King tunic", "silver-white", "lamé"),
        ("tights", "Snow King tights", "white", "cotton-Lycra"),
        ("headpiece", "Snow King crown", "silver", "rhinestones"))),
    (NUT, "Nutcracker Prince", "Act I battle", 1, "m", (
        ("jacket", "Soldier jacket", "red and gold", "wool, gold frogging"),
        ("trousers", "Soldier trousers", "navy", "wool"),
        ("headpiece", "Shako", "black", "felt, brass"),
        ("shoes", "Boots", "black", "leather"))),
    (NUT, "Mouse King", "Act I battle", 1, "m", (
        ("other", "Mouse body suit", "grey", "faux fur on foam"),
        ("headpiece", "Mouse King head", "grey", "foam, faux fur"),
        ("accessory", "Crown and sword", "gold", "resin, wood"))),
    (NUT, "Snowflakes", "Act I snow scene", 14, "f", (
        ("tutu", "Snowflake tutu", "white", "stiff nylon net", "classical pancake"),
        ("headpiece", "Snowflake headpiece", "silver", "rhinestones"))),
    (NUT, "Flowers", "Act II waltz of the flowers", 12, "f", (
        ("tutu", "Flower tutu", "rose and lavender", "soft tulle", "bell"),
        ("bodice", "Flower bodice", "rose", "silk dupion"),
        ("headpiece", "Flower headpiece", "rose", "silk flowers"))),
    (NUT, "Dew Drop", "Act II waltz of the flowers", 1, "f", (
        ("tutu", "Dew Drop tutu", "pale rose and gold", "stiff nylon net", "platter"),
        ("bodice", "Dew Drop bodice", "pale rose", "silk satin, crystals"),
        ("headpiece", "Dew Drop headdress", "gold", "crystals on wire"))),
    (NUT, "Chocolate", "Act II divertissement", 2, "f", (
        ("dress", "Spanish dress", "red and black", "silk satin, lace"),
        ("headpiece", "Mantilla comb", "black", "resin, lace"))),
    (NUT, "Candy Canes", "Act II divertissement", 3, "m", (
        ("shirt", "Candy cane shirt", "red and white", "cotton-Lycra"),
        ("trousers", "Candy cane trousers", "red and white", "cotton drill"),
        ("headpiece", "Candy cane hat", "red", "felt"))),
    (NUT, "Trepak", "Act II divertissement", 3, "m", (
        ("shirt", "Trepak shirt", "scarlet", "cotton"),
        ("trousers", "Trepak trousers", "black", "wool"),
        ("shoes", "Character boots", "red", "leather"))),
    (NUT, "Mirlitons", "Act II divertissement", 3, "f", (
        ("tutu", "Mirliton tutu", "mint and cream", "stiff nylon net", "classical pancake"),
        ("bodice", "Mirliton bodice", "mint", "silk satin"),
        ("headpiece", "Mirliton headpiece", "cream", "ribbon, pearls"))),
    (NUT, "Party guests", "Act I party, ladies", 6, "f", (
        ("dress", "Party gown", "jewel tones", "silk taffeta"),
        ("headpiece", "Party headpiece", "gold", "feathers, beads"))),
    (NUT, "Party guests", "Act I party, gentlemen", 4, "m", (
        ("jacket", "Tailcoat", "black", "wool"),
        ("trousers", "Evening trousers", "black", "wool"),
        ("shirt", "Dress shirt", "white", "cotton piqué"))),
)  # fmt: skip

# Rehearsal stock per site: (count, cut, piece); stock pieces, no costume.
REHEARSAL_STOCK = (
    (5, "f", ("leotard", "Camisole leotard", "black", "cotton-Lycra")),
    (3, "f", ("leotard", "Long-sleeved leotard", "navy", "microfibre")),
    (4, "f", ("tights", "Convertible tights", "ballet pink", "nylon-Lycra")),
    (3, "m", ("tights", "Men's practice tights", "black", "cotton-Lycra")),
    (3, "f", ("tutu", "Practice tutu", "white", "stiff nylon net", "classical pancake")),
    (2, "f", ("skirt", "Wrap practice skirt", "lavender", "georgette")),
)  # fmt: skip
PRACTICE_TUTU_LAYERS = 10  # practice tutus are lighter than stage tutus
