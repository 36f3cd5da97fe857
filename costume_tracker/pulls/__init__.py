"""The pull list of a shooting day: every change, performer and double, costume and garment
to prepare, where each garment is and whether it is ready, ticked off as pulled."""
