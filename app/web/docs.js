// Swagger UI on the API's own OpenAPI document (no inline script: the docs page's CSP allows none).
window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
});
