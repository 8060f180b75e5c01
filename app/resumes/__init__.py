"""Resume files: upload, storage, status, reprocessing."""
