"""The Solara dashboard: Explore (scenarios side by side) and Workshop (a network growing live)."""
