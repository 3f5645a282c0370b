"""The initiatives registry: lasting STEM initiatives, moderated like events."""
