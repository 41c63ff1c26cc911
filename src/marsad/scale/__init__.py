"""Scale-out: the same pipeline on Ray Data, Parquet partitions, and loading them into the store.

Nothing here is imported by the local engine; Ray is an optional extra
(``pip install 'marsad[ray]'``).
"""
