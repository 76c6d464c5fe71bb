"""What a build reads, loaded and checked: the project, sources, facts, the ontology and its fact vocabulary, name linking, canned queries."""
