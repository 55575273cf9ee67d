// The cost form driven as a responder drives it: the category typed into its field and taken with Enter,
// the stage picked among the segments beside the save button.
import type { Locator, Page } from 'playwright-core';

/** The category field of a cost form (a combobox named 費目 / Category). */
export const categoryField = (form: Locator) => form.getByRole('combobox', { name: /^(費目|Category)$/ });

/** Types `typed` into the category field (its shown name is selected on focus, so typing replaces it) and presses `key`. */
export async function chooseCategory(page: Page, form: Locator, typed: string, key: 'Enter' | 'Tab' = 'Enter') {
  await categoryField(form).focus();
  await page.keyboard.type(typed);
  await page.keyboard.press(key);
}

/** Picks the stage segment with this label (見積, 請求, 支払済…), by tapping it as a user does. */
export async function chooseStage(form: Locator, label: string) {
  await form.getByTestId('stage-picker').getByText(label, { exact: true }).click();
  if (!(await form.getByRole('radio', { name: label, exact: true }).isChecked())) throw new Error(`the stage ${label} is not chosen`);
}

/** The label of the stage segment that is chosen. */
export async function chosenStage(form: Locator): Promise<string> {
  return (await form.getByTestId('stage-picker').locator('input:checked + span').textContent()) ?? '';
}
