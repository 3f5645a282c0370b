"""Reference data: provinces, municipalities, postcodes, STEM-Agenda goals, themes, enums."""
