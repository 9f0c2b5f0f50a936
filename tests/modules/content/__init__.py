"""Tests of the content module."""
