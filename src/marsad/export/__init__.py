"""Exports of analysed documents (PLOVER records ...)."""
