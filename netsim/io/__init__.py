"""File formats: scenario and experiment files, results folders, shipped data."""
