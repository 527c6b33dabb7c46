"""Pages about people: `account` (invitation acceptance, consent, profile, tokens) and `people`
(a dialogue's invitations and roster, for its facilitators)."""
