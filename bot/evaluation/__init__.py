"""Measuring the FAQ matcher and the visit parser on labelled cases (`kehu kb eval`, `kehu visit eval`)."""
