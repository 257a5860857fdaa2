import { act, fireEvent, screen, waitFor } from '@testing-library/react';

/**
 * Taro's Input and Textarea are web components (taro-input-core) that later render a native field inside,
 * and both carry the placeholder. The component is what React listens on (its input event carries the
 * value), as it is in the H5 build.
 */
export function fieldByPlaceholder(placeholder: string): HTMLElement {
  const all = screen.getAllByPlaceholderText(placeholder);
  return all.find((el) => /^TARO-(INPUT|TEXTAREA)-CORE$/.test(el.tagName)) ?? all[0];
}

/** Types into a field once the component has drawn its native field (setting a value before that throws inside it). */
export async function typeInto(placeholder: string, value: string): Promise<void> {
  const field = fieldByPlaceholder(placeholder);
  await waitFor(() => expect(field.querySelector('input, textarea')).not.toBeNull());
  await act(async () => {
    fireEvent.input(field, { target: { value } });
  });
}

/** Taps the element showing exactly `text` (the `index`-th when there are several). */
export async function tap(text: string, index = 0): Promise<void> {
  const target = screen.getAllByText(text)[index];
  await act(async () => {
    fireEvent.click(target);
  });
}
