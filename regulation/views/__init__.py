"""The regulation app's views, one module per area; thin, objects through scoped querysets."""
