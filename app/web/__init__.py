"""The recruiter's page at / and the API's docs UI at /api/v1/docs, served from the package."""
