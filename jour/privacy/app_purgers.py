"""Purgers for the feature apps' data (support line, residents, volunteers), in dependency order."""

PURGERS: list = []
