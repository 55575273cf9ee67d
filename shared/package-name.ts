// What a claim package is called wherever people see it: the PDF's title block and running header, the
// manifest, the packages page and the ZIP's download name all say the incident and the version, never an id.

import type { Locale } from './categories.ts';

/** `A社顧客データ漏えい 第3版` / `A社顧客データ漏えい, version 3`. */
export function packageName(incidentTitle: string, version: number, locale: Locale): string {
  return locale === 'ja' ? `${incidentTitle} 第${version}版` : `${incidentTitle}, version ${version}`;
}

/** The ZIP's download name (made safe for a file system by the server): `保険金請求書類_A社顧客データ漏えい_第3版.zip`. */
export function packageFileName(incidentTitle: string, version: number, locale: Locale): string {
  return locale === 'ja' ? `保険金請求書類_${incidentTitle}_第${version}版.zip` : `claim-package_${incidentTitle}_v${version}.zip`;
}
