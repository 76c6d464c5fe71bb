"""SPARQL on a graph (sparql) and graph analytics with networkx (analytics)."""
