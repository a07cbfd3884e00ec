"""Stance detection (being built: issue 3). Placeholder finds no relations."""
def detect_stance(amap, docs, *, settings=None):
    return []
