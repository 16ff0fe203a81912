"""The web desk: server-rendered Chinese pages for curators (the knowledge base), supervisors (team views) and
admins (staff), on the same services, roles and scopes as the chat. No build step and no CDN: every asset ships in
this package."""
