"""Quote resolution (being built: issue 3). Placeholder returns quotes unresolved."""
def resolve_quotes(amap, *, settings=None):
    return list(amap.quotes)
