"""collabbot: answers questions about international research collaboration."""
