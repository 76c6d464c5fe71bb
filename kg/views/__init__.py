"""What people look at: the interactive graph page (graph), the report (report) and its charts (charts)."""
