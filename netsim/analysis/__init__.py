"""Analysis of results tables: summaries, paired differences, sensitivity indices."""
