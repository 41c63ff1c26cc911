"""The knowledge base: compiled places and actors (:mod:`.store`), the gazetteer over their
names (:mod:`.gazetteer`), name resolution (:mod:`.resolve`), place choice by context
(:mod:`.geo`), and the build from ``../shared/data/kb`` (:mod:`.build`)."""
