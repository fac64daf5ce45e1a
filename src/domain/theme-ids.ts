// The strategy's five themes, by id. Kept apart from model.ts so record schemas in their own
// modules (grants) can use them without importing model.ts back (a cycle ESM would trip on).
export const THEME_IDS = ['coordination', 'civic-pride', 'bringing-together', 'rights-responsibilities', 'opportunity'] as const;
export type ThemeId = (typeof THEME_IDS)[number];
