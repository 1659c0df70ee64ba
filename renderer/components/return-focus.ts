import { useLayoutEffect } from 'react';

/** The board's current row (the one the arrows move from): where focus goes when the opener itself is gone. */
function boardRow(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="grid"] [role="row"][tabindex="0"]');
}

/**
 * Gives focus back to the element that had it when `open` became true (the button or row that opened a dialog or
 * panel) once it closes or unmounts, so keyboard and screen-reader users continue where they were instead of at the
 * top of the page; when that element left the page (the devices it acted on were removed), to the board's current
 * row. Captured in a layout effect: before the dialog's own (passive) effects move focus inside it.
 */
export function useReturnFocus(open = true): void {
  useLayoutEffect(() => {
    if (!open) return undefined;
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    return () => {
      // After the dialog has left the page (and its focus trap with it).
      requestAnimationFrame(() => {
        const current = document.activeElement;
        if (current !== null && current !== document.body && current.isConnected) return;
        (opener?.isConnected ? opener : boardRow())?.focus();
      });
    };
  }, [open]);
}
