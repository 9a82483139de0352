// The outcome filter of the offers list, shared by its query (offers.server.ts) and its screen.
import { OFFER_OUTCOMES } from "../../../db/types";

/** An outcome, or "ended" for the three that say how the partner answered. */
export const OFFER_OUTCOME_FILTERS = ["ended", ...OFFER_OUTCOMES] as const;
export type OfferOutcomeFilter = (typeof OFFER_OUTCOME_FILTERS)[number];
