// Deal values the screens share with the server (never import values from .server modules
// into components: they are stripped from the browser bundle).
/** "Expiring soon" means an approved registration whose protection ends within this many days. */
export const EXPIRING_DAYS = 14;
