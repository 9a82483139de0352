// What a reviewer checks in a claim's proof, per activity type.
import type { ActivityType } from "../../../db/types";

export const CLAIM_CHECKLISTS: Record<ActivityType, readonly string[]> = {
  event: ["invoice", "photos", "attendeeList"],
  digital_ads: ["invoice", "screenshots", "campaignReport"],
  webinar: ["invoice", "recording", "attendeeList"],
  print: ["invoice", "printSample", "distribution"],
  trade_show: ["invoice", "boothPhotos", "leadList"],
  training: ["invoice", "attendeeList", "agenda"],
};
