"""Resume parsing: bytes to text (extract), text to a structured ParsedResume (rule-based or Claude)."""
