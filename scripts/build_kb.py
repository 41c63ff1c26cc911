"""Rebuild the compiled knowledge base in src/marsad/resources/kb/ from ../shared/data/kb.

Same as ``marsad kb build`` or ``python -m marsad.kb.build``; see ``marsad.kb.build``.
"""

from __future__ import annotations

import sys

from marsad.kb.build import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
