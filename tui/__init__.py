"""Terminal UI (Textual) for browsing a thread's crux map."""
