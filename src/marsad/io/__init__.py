"""Input readers and encoding detection (see :mod:`marsad.io.readers`)."""

from __future__ import annotations

from .fields import FieldMap, normalize_date
from .readers import read_path, read_stream, read_text_input

__all__ = ["FieldMap", "normalize_date", "read_path", "read_stream", "read_text_input"]
