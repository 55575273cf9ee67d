// The server's field messages (shared/schemas.ts, in English for scripts) as the UI says them in
// Japanese. Unknown messages pass through unchanged rather than being lost.
import { STAGE_LABELS, type CostStage } from '../../../shared/categories.ts';

const JAPANESE: [RegExp, string | ((match: RegExpExecArray) => string)][] = [
  [/^is required$/, '入力してください'],
  [/^is required \(or quantity and unitAmount\)$/, '金額(または数量と単価)を入力してください'],
  [/^is required with (quantity|unitAmount)$/, '数量と単価は両方入力してください'],
  [/^is required when source is 'third_party'$/, '第三者からの求償では求償元を入力してください'],
  [/^must be a number of yen$/, '金額は数値で入力してください'],
  [/^must be a whole number of yen$/, '1円未満の端数は入力できません'],
  [/^must be a whole number$/, '整数で入力してください'],
  [/^must not be negative$/, '負の値は入力できません'],
  [/^must be at most (\d+)$/, (m) => `${Number(m[1]).toLocaleString('ja-JP')} 以下で入力してください`],
  [/^must be at least (\d+)$/, (m) => `${Number(m[1]).toLocaleString('ja-JP')} 以上で入力してください`],
  [/^must be at least (\d+) characters$/, (m) => `${m[1]} 文字以上で入力してください`],
  [/^must be at most (\d+) characters$/, (m) => `${m[1]} 文字以内で入力してください`],
  [/^must be more than zero$/, '0より大きい値を入力してください'],
  [/^must be a date YYYY-MM-DD$/, '日付を入力してください'],
  [/^must be a real calendar date YYYY-MM-DD$/, '存在する日付を入力してください'],
  [/^must be an email address$/, 'メールアドレスの形式で入力してください'],
  [/^must not be before the date it occurred$/, '発生日より前にはできません'],
  [/^must be between the date it occurred and the date it was discovered$/, '発生日から発見日までの日付にしてください'],
  [/^must not be before the claim was received$/, '請求を受けた日より前にはできません'],
  [/^must equal quantity × unitAmount when both are given$/, '金額が 数量 × 単価 と一致しません'],
  [/^quantity × unitAmount must be at most (\d+)$/, '数量 × 単価 が大きすぎます'],
  [/^choose at least one line$/, '明細を1件以上選んでください'],
  [/^at most (\d+) lines at once$/, (m) => `一度に選べるのは ${m[1]} 件までです`],
  [/^is required: say what the client should change$/, '修正してほしい点を入力してください'],
  [/^is required: a query asks something, a disallowance gives its reason$/, '照会の内容または否認の理由を入力してください'],
  [/^no broker account uses this email; ask your broker to sign up as a broker first$/, 'このメールアドレスの代理店アカウントはありません。代理店に「保険代理店」として登録してもらってください'],
  [/^must be between (\d{4})-\d\d-\d\d and (\d{4})-\d\d-\d\d$/, (m) => `${m[1]}年から${m[2]}年までの日付を入力してください`],
  [/^is not your current password$/, '現在のパスワードが違います'],
  [/^must differ from the current password$/, '現在のパスワードと異なるものにしてください'],
  [/^must be estimate, invoiced or paid; a damages line takes demanded, agreed or paid$/, '段階は 見積・請求・支払済 から選んでください(損害賠償金は 請求を受けた・示談成立・判決確定・支払済)'],
  // cost.update: a stage date the stage does not carry (shared/schemas.ts checkStageDates).
  [/^must be left out: a line in stage (\S+) has no \S+/, (m) => `段階が「${STAGE_LABELS[m[1] as CostStage]?.ja ?? m[1]}」の明細にはこの日付はありません`],
  [/^must not exceed the liability limit$/, '賠償責任支払限度額を超えることはできません'],
  [/^must not exceed the expense limit$/, '費用総支払限度額を超えることはできません'],
  [/^must be a whole percentage$/, '割合は整数(%)で入力してください'],
  [/^must be a whole number of days$/, '日数は整数で入力してください'],
  [/^is required when the payment is split \(give all three parts or none\)$/, '内訳は3つとも入力するか、すべて空欄にしてください'],
  [/^must equal expensePaid \+ restorationPaid \+ liabilityPaid$/, '支払額は内訳の合計と一致させてください'],
  [/^must be T followed by 13 digits/, '登録番号は T と13桁の数字です(例: T1234567890123)'],
  [/^has a wrong check digit: check the registration number on the invoice$/, '登録番号のチェックデジットが合いません。請求書の登録番号を確かめてください'],
  // The claim form's profile (shared/company-profile.ts).
  [/^must be 13 digits \(法人番号\)$/, '法人番号は13桁の数字です'],
  [/^has a wrong check digit: check the 法人番号/, '法人番号のチェックデジットが合いません。国税庁の法人番号公表サイトで確かめてください'],
  [/^must be digits only, at most 8/, '口座番号は数字のみ、8桁までです'],
  [/^must be in katakana as the bank holds it/, '口座名義は通帳の表記どおりカタカナで入力してください'],
  [/^must not be more than the amount$/, '金額を超えることはできません'],
  [/^must be 0 for a line without consumption tax$/, '消費税のない税区分では税額は0です'],
  [/^Too big/, '長すぎます'],
  [/^Too small/, '短すぎます'],
  [/^Invalid option/, '選択肢にない値です'],
  [/^Invalid input/, '入力の形式が正しくありません'],
];

export function localiseFieldMessage(message: string, locale: 'ja' | 'en'): string {
  if (locale === 'en') return message;
  for (const [pattern, japanese] of JAPANESE) {
    const match = pattern.exec(message);
    if (match) return typeof japanese === 'string' ? japanese : japanese(match);
  }
  return message;
}
