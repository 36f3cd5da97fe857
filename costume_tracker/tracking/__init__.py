"""Where every garment is right now, what is overdue, and the wardrobe's activity feed."""
