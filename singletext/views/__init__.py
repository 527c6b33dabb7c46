"""Pages of the single-text procedure: reading and rating (`reading`), the facilitator's tools
(`facilitator`) and the liaisons' released texts (`released`). Thin: access, one service, render."""
