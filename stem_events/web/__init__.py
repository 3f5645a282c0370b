"""Helpers shared by the views of every domain: forms, request parameters, access hooks."""
