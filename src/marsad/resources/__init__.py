"""Data shipped with marsad (compiled, versioned; see NOTICE)."""
