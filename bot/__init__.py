"""The wiring: configuration, channels, the scheduler and the `kehu` command line."""
