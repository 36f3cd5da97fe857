"""Search across garments, costumes, performers, characters and productions."""
