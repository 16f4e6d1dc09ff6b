"""The certification JSON API: /api/hr (cohorts, programmes, dashboards, access, exports, records), /api/certificates, /api/me."""
