"""The one writer of the graph's shape (writer), the memory build from it (build), figure and period labels (labels), OWL 2 RL reasoning (reasoning)."""
