/** The travel standards in force on a day, as the API answers them; shared with the web app. */
export interface StandardsView {
  on: string;
  lodging: { city: string; tier: string; lodgingPerNight: string; peak: { months: number[]; uplift: number } | null; mealPerDay: string | null; transportPerDay: string | null; effectiveFrom: string; source: string }[];
  allowances: { region: string; mealPerDay: string; transportPerDay: string; effectiveFrom: string; source: string }[];
  seatClasses: { tier: string; mode: string; classes: string[]; effectiveFrom: string; source: string }[];
  regions: Record<string, string>;
}
