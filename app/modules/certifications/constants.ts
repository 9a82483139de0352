// Certification values the browser needs as well as the server.

/** The states the awards list filters by; "expiring" is valid and within 60 days of its expiry. */
export const AWARD_FILTER_STATES = ["pending", "valid", "expiring", "expired", "rejected"] as const;
