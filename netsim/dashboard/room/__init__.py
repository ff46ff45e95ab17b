"""The participatory workshop room: roles, the game engine and its web server."""
