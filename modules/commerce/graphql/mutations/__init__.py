"""Commerce's mutations, one per file."""
