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

/** Taro's modal (showModal, as the H5 build draws it), while it is up. */
function openModal(): HTMLElement | null {
  const modal = document.querySelector<HTMLElement>('.taro__modal');
  return modal && modal.style.display !== 'none' ? modal : null;
}

/** The title and text of the open confirmation, once it is up. */
export async function modalShown(): Promise<{ title: string; content: string; confirmText: string }> {
  let modal: HTMLElement | null = null;
  await waitFor(() => expect((modal = openModal())).not.toBeNull());
  return {
    title: modal!.querySelector('.taro-modal__title')?.textContent ?? '',
    content: modal!.querySelector('.taro-modal__text')?.textContent ?? '',
    confirmText: modal!.querySelector('.taro-model__confirm')?.textContent ?? '',
  };
}

/** Answers the open confirmation as a user would. */
export async function answerModal(choice: 'confirm' | 'cancel'): Promise<void> {
  await modalShown();
  await act(async () => {
    fireEvent.click(openModal()!.querySelector(choice === 'confirm' ? '.taro-model__confirm' : '.taro-model__cancel')!);
  });
}

/** The text of the toast on screen (Taro's showToast), or null. */
export function toastText(): string | null {
  const toast = document.querySelector<HTMLElement>('.taro__toast');
  if (!toast || toast.style.display === 'none') return null;
  return toast.textContent;
}

/** Taps an element found some other way (a switch by its label). */
export async function tapElement(element: Element): Promise<void> {
  await act(async () => {
    fireEvent.click(element);
  });
}
