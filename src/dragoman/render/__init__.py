"""Rendering for the terminal (rich tables, timelines) and plots (matplotlib), from results."""
