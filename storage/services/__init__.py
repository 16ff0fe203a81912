"""Services: verbs on plain values that handlers call with a unit of work; one module per capability."""
