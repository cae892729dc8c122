"""Front ends: the `dragoman` command line (typer), the terminal seat, and the runner that
joins them to a negotiation. Thin layers over the library; nothing here computes."""
