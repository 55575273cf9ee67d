// The type of a translation key (from ja.ts via i18next.d.ts): tables of keys are typed with it, so a typo fails to compile.
import type { ParseKeys } from 'i18next';

export type TranslationKey = ParseKeys;
