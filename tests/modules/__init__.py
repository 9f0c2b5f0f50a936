"""Tests of the built-in modules, mirroring ``modules/``."""
