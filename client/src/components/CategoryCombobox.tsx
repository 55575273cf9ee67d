// The cost category, chosen by typing (WAI-ARIA combobox with a listbox): a few letters of its name in
// Japanese, kana or romaji, or the digit beside it, then Enter or Tab. Arrow keys only move within the open
// list; nothing changes until a category is chosen, and Escape or leaving the field keeps the one shown.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CostCategory } from '../../../shared/categories.ts';
import { CATEGORY_SHORTCUTS, matchCategories } from '../lib/category-match.ts';
import { useCategoryLabel } from '../lib/format.ts';

interface Props {
  id: string;
  value: CostCategory;
  onChange: (category: CostCategory) => void;
  /** Set when the field has an error message under it. */
  invalid?: boolean;
  describedBy?: string;
}

export function CategoryCombobox({ id, value, onChange, invalid, describedBy }: Props) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const listId = useId();
  /** What is typed while choosing; null while the field shows the chosen category. */
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState<CostCategory | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const options = matchCategories(query ?? '');
  const optionId = (category: CostCategory) => `${listId}-${category}`;

  // The highlighted option stays in view as the arrows move through a list taller than its box.
  useEffect(() => {
    if (open && active) list.current?.querySelector(`[data-category="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  /** Opens the list on every category, the chosen one highlighted (an arrow key or a tap, not a choice). */
  const openAll = () => {
    setQuery(null);
    setActive(value);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(null);
  };
  const choose = (category: CostCategory) => {
    onChange(category);
    close();
    // Selected, so the next letters typed start a new search rather than append to the name.
    requestAnimationFrame(() => input.current?.select());
  };

  const move = (step: 1 | -1) => {
    if (options.length === 0) return;
    const at = active ? options.indexOf(active) : -1;
    setActive(options[(at + step + options.length) % options.length] ?? null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter and arrows while an IME is composing belong to the IME (choosing the kanji), not to the list.
    if (event.nativeEvent.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!open) openAll();
        else move(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'Enter':
        // Closed, Enter saves the form as anywhere else in it; open, it chooses (or, with nothing to choose, waits).
        if (!open) return;
        event.preventDefault();
        if (active) choose(active);
        return;
      case 'Tab':
        // Tab takes the highlighted category and moves on, as a select does; with none, the shown one stays.
        if (open && active) choose(active);
        else close();
        return;
      case 'Escape':
        if (open || query !== null) {
          event.preventDefault();
          close();
          requestAnimationFrame(() => input.current?.select());
        }
        return;
    }
  };

  const shown = query ?? label(value);
  return (
    <div className="relative">
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        className="input pr-8"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active ? optionId(active) : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        value={shown}
        onChange={(e) => {
          // Letters typed after the shown name (the caret left at its end) start a search of their own.
          const text = e.target.value;
          const typed = query === null && text.startsWith(label(value)) ? text.slice(label(value).length) : text;
          setQuery(typed);
          setOpen(true);
          setActive(matchCategories(typed)[0] ?? null);
        }}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.target.select()}
        onClick={() => (open ? undefined : openAll())}
        onBlur={close}
      />
      <span aria-hidden="true" className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-xs text-slate-500">
        ▾
      </span>
      {/* The list stays in the DOM (hidden) so aria-controls always names an element. */}
      <ul
        ref={list}
        id={listId}
        role="listbox"
        aria-label={t('entry.categoryList')}
        hidden={!open || options.length === 0}
        className="absolute z-30 mt-1 max-h-80 w-full min-w-64 overflow-auto rounded border border-slate-300 bg-white py-1 text-sm shadow-lg"
      >
        {options.map((category) => (
          <li
            key={category}
            id={optionId(category)}
            role="option"
            aria-selected={category === active}
            data-category={category}
            // Keeps the focus in the field while a tap or click chooses.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(category)}
            className={`flex min-h-11 cursor-pointer items-center gap-2 px-2 py-1.5 ${category === active ? 'bg-sky-100 text-sky-950' : 'text-slate-800'} ${category === value ? 'font-semibold' : ''}`}
          >
            <kbd className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded border border-slate-300 bg-slate-50 text-xs text-slate-700">
              {CATEGORY_SHORTCUTS[category]}
            </kbd>
            <span>{label(category)}</span>
          </li>
        ))}
      </ul>
      {open && options.length === 0 && (
        <p role="status" className="absolute z-30 mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-700 shadow-lg">
          {t('entry.noCategory')}
        </p>
      )}
    </div>
  );
}
