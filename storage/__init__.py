"""Persistence for kehu: typed models, migrations, unit of work, repositories and services."""
