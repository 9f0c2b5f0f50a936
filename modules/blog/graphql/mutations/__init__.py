"""Blog's mutations, one file per noun."""
