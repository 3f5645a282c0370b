"""The monitoring report for coordinators."""
