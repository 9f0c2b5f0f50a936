"""The ``rustok`` command line (typer + rich)."""
