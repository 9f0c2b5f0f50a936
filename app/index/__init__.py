"""The index: read models that projections keep and list and search queries read."""
