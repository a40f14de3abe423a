"""Files: the safety scan that runs before any parser, a .docx package's parts, atomic writing (stdlib only)."""
