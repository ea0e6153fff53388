"""Charts drawn as SVG text from plain data: pure functions, no I/O, no chart library."""
