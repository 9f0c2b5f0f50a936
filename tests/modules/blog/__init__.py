"""Tests of the blog module."""
