"""Tests of the rich-text body library, one file per source module."""
