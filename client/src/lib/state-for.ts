// State that goes back to null when the values it was about change: React's "adjusting state when a prop
// changes" (set during render), so a stale answer is never drawn and no effect costs a second render.
import { useState } from 'react';

/** `[value, set]` like useState, but `value` is null again as soon as `about` differs from the render that set it. */
export function useStateFor<T>(about: string): [T | null, (value: T | null) => void] {
  const [value, setValue] = useState<T | null>(null);
  const [seen, setSeen] = useState(about);
  if (seen !== about) {
    setSeen(about);
    setValue(null);
  }
  return [seen === about ? value : null, setValue];
}
