// Types i18next's keys from the Japanese strings, so `t('cost.amuont')` fails to compile instead of showing the raw key.
import 'i18next';
import type { ja } from './ja.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}
