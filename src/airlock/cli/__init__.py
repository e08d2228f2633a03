"""The `airlock` command line: thin command modules that parse, call a service, render."""
