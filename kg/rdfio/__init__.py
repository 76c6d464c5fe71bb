"""RDF in and out, knowing nothing of kg's model: formats, canonical Turtle, result writers, SPARQL checks, N-Triples terms, atomic files."""
