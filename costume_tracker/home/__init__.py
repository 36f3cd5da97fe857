"""The home page: what needs the wardrobe today at one site."""
