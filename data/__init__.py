"""The collaboration store: schema, catalogue, loaders, the demo dataset and the read path."""
