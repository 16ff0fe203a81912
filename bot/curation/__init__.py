"""Tools for the curators of the knowledge base: checking it, spreadsheets, and the questions it could not answer."""
