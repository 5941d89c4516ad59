# inspect/: (filled in by its owner; see HACKING.md)
