"""`python -m dragoman` runs the CLI."""

from dragoman.app.cli import app

app()
