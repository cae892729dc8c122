"""The commands of `dragoman`, one module per group; importing a module registers them."""
