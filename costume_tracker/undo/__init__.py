"""Taking back the last floor action: a new event that restores what the last one changed."""
