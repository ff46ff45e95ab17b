"""Scenarios and experiments shipped with netsim (TOML files, read as package data)."""
