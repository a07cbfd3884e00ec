"""Graph stores (embedded networkx, Neo4j) behind one ``GraphStore`` protocol, and queries."""

from argmap.graph.store import GraphStore, open_store, resolve_store_uri

__all__ = ["GraphStore", "open_store", "resolve_store_uri"]
