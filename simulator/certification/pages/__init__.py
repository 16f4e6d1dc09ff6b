"""The certification and HR pages: cohorts, programmes, dashboards, access, exports, training records, certificates, my path."""
