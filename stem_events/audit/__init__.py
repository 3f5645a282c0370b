"""The audit log: who changed what, and why, for events, initiatives and organisations."""
