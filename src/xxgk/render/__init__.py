"""Views of Reports and their findings: terminal, HTML, XLSX."""
