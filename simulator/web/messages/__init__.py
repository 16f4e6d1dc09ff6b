"""The UI messages, zh-CN and English, one module per area; ``simulator.web.i18n`` merges them."""
