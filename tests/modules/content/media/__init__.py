"""Tests of content's media library."""
