"""Crux detection (being built: issue 3). Placeholder finds no cruxes."""
def find_cruxes(amap, docs, *, settings=None):
    return []
