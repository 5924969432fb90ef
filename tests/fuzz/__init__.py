"""Generated bad input against a real `stead up`: only 4xx answers, nothing half-written."""
