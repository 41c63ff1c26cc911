"""Evaluation helpers (scores against labelled data)."""
