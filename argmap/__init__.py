"""argmap: turn long online debates into argument maps.

Subpackages: ``argmap.ingest`` (readers), ``argmap.graph`` (stores and queries),
``argmap.tui`` (terminal UI). Heavy libraries (spaCy, neo4j, pyvis, Textual) are imported only by
the code that needs them, so ``import argmap`` stays fast.
"""

__version__ = "0.1.0"
