"""Studies of the model itself: the brochure's patterns and the growth engine's checks."""
