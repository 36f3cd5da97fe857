"""Reports: pages with filters and the same rows as CSV downloads and from the CLI."""
