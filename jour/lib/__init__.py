"""Small helpers shared by every app (each with its own tests in tests/lib)."""
